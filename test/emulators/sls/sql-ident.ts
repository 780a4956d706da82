// Writing field names into generated queries: bare when they are plain identifiers, double-quoted otherwise
// (dotted names such as objectRef.resource, or SQL keywords).
const KEYWORDS = new Set(['select', 'from', 'where', 'group', 'order', 'by', 'limit', 'having', 'and', 'or', 'not', 'as', 'on', 'in', 'is', 'null', 'case', 'when', 'then', 'else', 'end', 'join', 'union', 'distinct', 'table', 'index', 'values']);

export const sqlIdent = (field: string): string =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(field) && !KEYWORDS.has(field.toLowerCase()) ? field : `"${field.replace(/"/g, '""')}"`;

/** A search value, quoted unless it is a plain token. */
export const searchValue = (value: string): string =>
  /^[A-Za-z0-9_.\-]+$/.test(value) ? value : `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
