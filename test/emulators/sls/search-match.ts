// Evaluates a parsed search against one row. The rules, kept deliberately simple:
// - `key: value` is case-insensitive and token-based, like an SLS field index: it matches when the value
//   equals the whole field value, or when the value's tokens appear consecutively among the field's tokens.
//   Tokens are split on SLS's default delimiters  , '";=()[]{}?@&<>/:  and whitespace ('-' and '.' are not
//   delimiters, so `checkout-api-7d9c8b6f5-x2k4q` and `10.0.1.171` are single tokens; trailing dots are dropped).
// - `key: value*` matches when the whole field value or one of its tokens starts with `value`.
// - `key: *` matches when the row has the field.
// - `key > 3` (>=, <, <=, =) compares the field as a number; non-numeric or missing fields never match.
// - A bare word or "phrase" is full-text: a case-insensitive substring of any field value (not __time__).
import type { LogRow } from './model.js';
import type { SearchNode } from './search-parse.js';

const DELIMITERS = /[\s,'";=()[\]{}?@&<>/:]+/;

/** Tokens of a value; a sentence's final dot does not stick to its last word (`memory.` → `memory`). */
export const tokenize = (value: string): string[] =>
  value.toLowerCase().split(DELIMITERS).map((t) => t.replace(/\.+$/, '')).filter((t) => t !== '');

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return false;
  for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    if (needle.every((token, j) => haystack[i + j] === token)) return true;
  }
  return false;
}

function fieldValue(row: LogRow, key: string): string | undefined {
  const value = row[key];
  return value === undefined ? undefined : String(value);
}

function matchesField(field: string, value: string, mode: 'match' | 'prefix'): boolean {
  const whole = field.toLowerCase();
  const wanted = value.toLowerCase();
  if (mode === 'prefix') return whole.startsWith(wanted) || tokenize(field).some((t) => t.startsWith(wanted));
  return whole === wanted || containsRun(tokenize(field), tokenize(value));
}

function compare(field: string | undefined, op: string, value: number): boolean {
  if (field === undefined || field.trim() === '') return false;
  const n = Number(field);
  if (Number.isNaN(n)) return false;
  switch (op) {
    case '>': return n > value;
    case '>=': return n >= value;
    case '<': return n < value;
    case '<=': return n <= value;
    default: return n === value;
  }
}

export function matches(node: SearchNode, row: LogRow): boolean {
  switch (node.type) {
    case 'all': return true;
    case 'and': return matches(node.left, row) && matches(node.right, row);
    case 'or': return matches(node.left, row) || matches(node.right, row);
    case 'not': return !matches(node.operand, row);
    case 'compare': return compare(fieldValue(row, node.key), node.op, node.value);
    case 'field': {
      const field = fieldValue(row, node.key);
      if (field === undefined) return false;
      return node.mode === 'exists' || matchesField(field, node.value, node.mode);
    }
    case 'text': {
      const wanted = node.value.toLowerCase();
      return Object.entries(row).some(([key, value]) => key !== '__time__' && String(value).toLowerCase().includes(wanted));
    }
  }
}
