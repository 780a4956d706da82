// The light textual rewrite SLS's analytic syntax needs before a standard engine can run it — not a parser.
// - SLS lets a statement omit `FROM` (the logstore is implied); such a statement gets ` from log ` in front
//   of its first top-level clause keyword (or at its end). Top-level means outside quotes, comments and parentheses.
// - In SLS (Presto) "x" is always an identifier, but SQLite reads an unresolvable "x" as the string 'x'.
//   Double-quoted identifiers become `x`, which SQLite never reinterprets, so a misspelt column stays an error.

export interface PreparedSql {
  readonly sql: string;
  /** Whether the statement has its own top-level LIMIT (SLS caps it at 100 rows otherwise). */
  readonly hasLimit: boolean;
}

interface Word {
  readonly word: string;
  readonly start: number;
}

/** Top-level bare words (lower-cased) and their offsets. */
function topLevelWords(sql: string): Word[] {
  const words: Word[] = [];
  let depth = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] ?? '';
    if (c === "'" || c === '"' || c === '`') i = closingQuote(sql, i, c);
    else if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i += 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === '(') {
      depth += 1;
      i += 1;
    } else if (c === ')') {
      depth -= 1;
      i += 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < sql.length && /[A-Za-z0-9_]/.test(sql[i] ?? '')) i += 1;
      if (depth === 0) words.push({ word: sql.slice(start, i).toLowerCase(), start });
    } else i += 1;
  }
  return words;
}

const CLAUSES = new Set(['where', 'group', 'having', 'order', 'limit']);

/** `"a.b"` → `` `a.b` `` outside single-quoted strings and comments. */
function backquoteIdentifiers(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] ?? '';
    if (c === "'" || c === '`') {
      const end = closingQuote(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '"') {
      const end = closingQuote(sql, i, '"');
      const name = sql.slice(i + 1, end - 1).replace(/""/g, '"');
      out += `\`${name.replace(/`/g, '``')}\``;
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** Offset just past the quote that closes the one at `start` (doubled quotes are escapes). */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return sql.length;
}

export function prepareSql(statement: string, table = 'log'): PreparedSql {
  const sql = statement.trim().replace(/;+\s*$/, '');
  const words = topLevelWords(sql);
  const hasLimit = words.some((w) => w.word === 'limit');
  const clause = words.find((w, i) => CLAUSES.has(w.word) && (w.word !== 'group' && w.word !== 'order' ? true : words[i + 1]?.word === 'by'));
  const withFrom = words.some((w) => w.word === 'from')
    ? sql
    : clause === undefined ? `${sql} from ${table}` : `${sql.slice(0, clause.start)} from ${table} ${sql.slice(clause.start)}`;
  return { sql: backquoteIdentifiers(withFrom), hasLimit };
}

/** Splits `search | sql` at the first `|` outside double quotes; `sql` is undefined when there is no pipe. */
export function splitQuery(query: string): { search: string; sql: string | undefined } {
  let inQuotes = false;
  for (let i = 0; i < query.length; i += 1) {
    const c = query[i];
    if (c === '\\' && inQuotes) i += 1;
    else if (c === '"') inQuotes = !inQuotes;
    else if (c === '|' && !inQuotes) return { search: query.slice(0, i).trim(), sql: query.slice(i + 1).trim() };
  }
  return { search: query.trim(), sql: undefined };
}
