/**
 * The two parts of an SLS query, `search | SQL`, split at the first `|` outside quotes. The SQL part
 * is never rewritten beyond appending a LIMIT window when it has none of its own.
 */
export function splitQuery(query: string): { search: string; sql: string | undefined } {
  let quote: string | undefined;
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '|') {
      return { search: query.slice(0, i).trim() || '*', sql: query.slice(i + 1).trim() };
    }
  }
  return { search: query.trim(), sql: undefined };
}

const TRAILING_LIMIT = /\blimit\s+\d+(\s*,\s*\d+)?(\s+offset\s+\d+)?\s*;?\s*$/i;

/** Appends `limit offset, count` unless the SQL ends with its own LIMIT (which then wins). */
export function withRowWindow(query: string, offset: number, count: number): { query: string; applied: boolean } {
  const { sql } = splitQuery(query);
  if (sql === undefined || TRAILING_LIMIT.test(sql)) return { query, applied: false };
  return { query: `${query.trim().replace(/;\s*$/, '')} limit ${offset},${count}`, applied: true };
}
