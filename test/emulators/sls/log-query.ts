// GetLogs semantics: the time window [from, to), the topic, the search, then either paging (search only)
// or the SQL (which ignores line/offset and carries its own LIMIT, 100 rows when absent).
import { performance } from 'node:perf_hooks';
import { parameterInvalid } from './errors.js';
import type { LogRow } from './model.js';
import { matches } from './search-match.js';
import { parseSearch, SearchSyntaxError, type SearchNode } from './search-parse.js';
import { runSql, SqlError } from './sql-engine.js';
import { splitQuery } from './sql-rewrite.js';
import { fieldNames } from './store.js';

export const MAX_LINE = 100;

export interface LogQuery {
  /** Unix seconds, inclusive. */
  readonly from: number;
  /** Unix seconds, exclusive. */
  readonly to: number;
  readonly line: number;
  readonly offset: number;
  readonly reverse: boolean;
  readonly query: string;
  readonly topic?: string | undefined;
}

export interface LogQueryResult {
  readonly rows: Array<Record<string, string>>;
  /** Column names of an SQL result; the field names seen in the rows otherwise. */
  readonly keys: string[];
  /** Rows in the window that the search examined. */
  readonly processedRows: number;
  readonly hasSql: boolean;
  readonly whereQuery: string;
  readonly aggQuery: string;
  readonly elapsedMillisecond: number;
}

/** A stored row as SLS returns it: every field a string, the reserved fields always present. */
export function renderRow(row: LogRow): Record<string, string> {
  const out: Record<string, string> = { __time__: String(row.__time__), __source__: String(row.__source__ ?? ''), __topic__: String(row.__topic__ ?? '') };
  for (const [key, value] of Object.entries(row)) out[key] = String(value);
  return out;
}

function parse(search: string): SearchNode {
  try {
    return parseSearch(search);
  } catch (error) {
    if (error instanceof SearchSyntaxError) throw parameterInvalid(`query syntax error: ${error.message}: ${search}`);
    throw error;
  }
}

export async function runLogQuery(stored: readonly LogRow[], q: LogQuery): Promise<LogQueryResult> {
  const started = performance.now();
  const { search, sql } = splitQuery(q.query);
  if (sql === '') throw parameterInvalid('sql error: the SQL statement after | is empty');
  const filter = parse(search);
  const inWindow = stored.filter((r) => r.__time__ >= q.from && r.__time__ < q.to && (q.topic === undefined || q.topic === '' || (r.__topic__ ?? '') === q.topic));
  // Stable sort: rows with the same second keep their insertion order (reversed when newest first).
  const hits = inWindow.filter((r) => matches(filter, r)).sort((a, b) => a.__time__ - b.__time__);
  const base = { processedRows: inWindow.length, hasSql: sql !== undefined, whereQuery: search, aggQuery: sql ?? '' };

  if (sql === undefined) {
    const ordered = q.reverse ? hits.reverse() : hits;
    const page = ordered.slice(q.offset, q.offset + q.line).map(renderRow);
    const keys = [...new Set(page.flatMap((r) => Object.keys(r)))];
    return { ...base, rows: page, keys, elapsedMillisecond: Math.round(performance.now() - started) };
  }
  try {
    const result = await runSql(sql, fieldNames(stored), hits);
    return { ...base, rows: result.rows, keys: result.columns, elapsedMillisecond: Math.round(performance.now() - started) };
  } catch (error) {
    if (error instanceof SqlError) throw parameterInvalid(`sql error: ${error.message}`);
    throw error;
  }
}
