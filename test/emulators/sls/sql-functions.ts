// SLS (Presto-flavoured) functions the embedded SQLite lacks, registered on each query's database.
// Timestamps are 'YYYY-MM-DD HH:MM:SS.mmm' strings in UTC, as SLS's from_unixtime renders them.
import type initSqlJs from 'sql.js';

type Database = initSqlJs.Database;
type SqlValue = initSqlJs.SqlValue;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** Epoch ms of a unix-seconds number or a timestamp string; throws for anything else. */
function toMs(value: SqlValue, fn: string): number {
  if (typeof value === 'number') return value * 1000;
  const text = String(value).trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m) throw new Error(`${fn}: cannot parse timestamp ${JSON.stringify(text)}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)));
  const zone = m[8];
  if (zone === undefined || zone === 'Z') return ms;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return ms - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** MySQL-style date_format specifiers, as SLS documents them. Unknown ones are kept as written. */
function dateFormat(ms: number, format: string): string {
  const d = new Date(ms);
  const parts: Record<string, string> = {
    Y: String(d.getUTCFullYear()),
    y: pad(d.getUTCFullYear() % 100),
    m: pad(d.getUTCMonth() + 1),
    c: String(d.getUTCMonth() + 1),
    d: pad(d.getUTCDate()),
    e: String(d.getUTCDate()),
    H: pad(d.getUTCHours()),
    i: pad(d.getUTCMinutes()),
    s: pad(d.getUTCSeconds()),
    S: pad(d.getUTCSeconds()),
    f: pad(d.getUTCMilliseconds() * 1000, 6),
    T: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    '%': '%',
  };
  return format.replace(/%(.)/g, (whole, spec: string) => parts[spec] ?? whole);
}

const UNIT_MS: Record<string, number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

function truncate(unit: string, ms: number): number {
  const step = UNIT_MS[unit];
  if (step !== undefined) return Math.floor(ms / step) * step;
  const d = new Date(ms);
  if (unit === 'week') {
    const day = Math.floor(ms / 86_400_000) * 86_400_000;
    return day - ((d.getUTCDay() + 6) % 7) * 86_400_000;
  }
  if (unit === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  if (unit === 'quarter') return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
  if (unit === 'year') return Date.UTC(d.getUTCFullYear(), 0, 1);
  throw new Error(`date_trunc: unknown unit ${JSON.stringify(unit)}`);
}

/** `$.a.b[0]`, `$["x.y"]` → path steps. */
function jsonPath(path: string): Array<string | number> {
  if (!path.startsWith('$')) throw new Error(`json_extract_scalar: path must start with $, got ${JSON.stringify(path)}`);
  const steps: Array<string | number> = [];
  const re = /\.([A-Za-z0-9_\-]+)|\[(\d+)\]|\["([^"]*)"\]/gy;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) throw new Error(`json_extract_scalar: unsupported path ${JSON.stringify(path)}`);
    steps.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3] ?? ''));
  }
  return steps;
}

function jsonAt(json: SqlValue, path: SqlValue): unknown {
  if (json === null || path === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(String(json));
  } catch {
    return undefined;
  }
  for (const step of jsonPath(String(path))) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}

type Impl = (...args: SqlValue[]) => SqlValue;

/**
 * sql.js registers a function with `func.length` as its SQLite arity, so the wrapper gets the declared one
 * (-1: any number of arguments). With `strict`, a NULL argument gives NULL without calling `impl`.
 */
function define(db: Database, name: string, arity: number, impl: Impl, strict = true): void {
  const wrapper = (...args: SqlValue[]): SqlValue => (strict && args.some((a) => a === null) ? null : impl(...args));
  Object.defineProperty(wrapper, 'length', { value: arity });
  db.create_function(name, wrapper);
}

export function registerSlsFunctions(db: Database): void {
  define(db, 'from_unixtime', 1, (sec) => formatTimestamp(toMs(sec, 'from_unixtime')));
  define(db, 'to_unixtime', 1, (ts) => toMs(ts, 'to_unixtime') / 1000);
  define(db, 'date_format', 2, (ts, format) => dateFormat(toMs(ts, 'date_format'), String(format)));
  define(db, 'date_trunc', 2, (unit, ts) => {
    const ms = truncate(String(unit).toLowerCase(), toMs(ts, 'date_trunc'));
    // Unix seconds in, unix seconds out (SLS's date_trunc(unit, __time__)); a timestamp in, a timestamp out.
    return typeof ts === 'number' || /^\s*-?\d+(\.\d+)?\s*$/.test(String(ts)) ? ms / 1000 : formatTimestamp(ms);
  });
  define(db, 'strpos', 2, (text, sub) => String(text).indexOf(String(sub)) + 1);
  define(db, 'split_part', 3, (text, delimiter, index) => {
    const parts = String(text).split(String(delimiter));
    const n = Number(index);
    return Number.isInteger(n) && n >= 1 && n <= parts.length ? (parts[n - 1] ?? null) : null;
  });
  define(db, 'regexp_like', 2, (text, pattern) => (new RegExp(String(pattern)).test(String(text)) ? 1 : 0));
  define(db, 'regexp_extract', -1, (text, pattern, group) => {
    const m = new RegExp(String(pattern)).exec(String(text));
    return m ? (m[Number(group ?? 0)] ?? null) : null;
  });
  define(db, 'json_extract_scalar', 2, (json, path) => {
    const value = jsonAt(json, path);
    if (value === undefined || value === null || typeof value === 'object') return null;
    return String(value);
  });
  define(db, 'json_extract', 2, (json, path) => {
    const value = jsonAt(json, path);
    return value === undefined ? null : JSON.stringify(value);
  });
}
