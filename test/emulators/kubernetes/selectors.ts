// Label and field selectors in the API server's query syntax: `app=web,tier!=db,env in (a,b),!legacy` and
// `metadata.name=x,status.phase!=Running`. Field selectors resolve any dotted path of the object.
import { badRequest } from './status.js';

type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: string[];
}

export type Selector = Requirement[];

const SYMBOLS = ['==', '!=', '=', '(', ')', ',', '!', '>', '<'];

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (symbol !== undefined) {
      tokens.push(symbol);
      i += symbol.length;
      continue;
    }
    let j = i;
    while (j < text.length && !/\s/.test(text[j] ?? '') && !SYMBOLS.some((s) => text.startsWith(s, j))) j += 1;
    tokens.push(text.slice(i, j));
    i = j;
  }
  return tokens;
}

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

function checkKey(key: string): string {
  if (!LABEL_KEY.test(key)) throw badRequest(`unable to parse requirement: invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  return key;
}

function checkValue(value: string): string {
  if (!LABEL_VALUE.test(value)) throw badRequest(`unable to parse requirement: invalid label value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  return value;
}

export function parseLabelSelector(text: string | undefined): Selector {
  if (text === undefined || text.trim() === '') return [];
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const next = (): string | undefined => tokens[pos++];
  const fail = (found: string | undefined, expected: string): never => {
    throw badRequest(`unable to parse requirement: found '${found ?? ''}', expected: ${expected}`);
  };
  const requirements: Requirement[] = [];
  for (;;) {
    let token = next();
    if (token === '!') {
      const key = next();
      if (key === undefined || SYMBOLS.includes(key)) fail(key, 'identifier after \'!\'');
      requirements.push({ key: checkKey(key ?? ''), operator: '!', values: [] });
    } else {
      if (token === undefined || SYMBOLS.includes(token)) fail(token, 'identifier');
      const key = checkKey(token ?? '');
      const op = peek();
      if (op === undefined || op === ',') {
        requirements.push({ key, operator: 'exists', values: [] });
      } else if (op === '=' || op === '==' || op === '!=') {
        next();
        const value = peek() === undefined || peek() === ',' ? '' : next() ?? '';
        if (SYMBOLS.includes(value)) fail(value, 'identifier');
        requirements.push({ key, operator: op === '!=' ? '!=' : '=', values: [checkValue(value)] });
      } else if (op === 'in' || op === 'notin') {
        next();
        if (next() !== '(') fail(tokens[pos - 1], "'('");
        const values: string[] = [];
        for (;;) {
          token = next();
          if (token === ')') break;
          if (token === ',') continue;
          if (token === undefined || SYMBOLS.includes(token)) fail(token, "')' or identifier");
          values.push(checkValue(token ?? ''));
        }
        requirements.push({ key, operator: op, values });
      } else if (op === '>' || op === '<') {
        next();
        const value = next() ?? '';
        if (!/^-?\d+$/.test(value)) throw badRequest(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
        requirements.push({ key, operator: op === '>' ? 'gt' : 'lt', values: [value] });
      } else {
        fail(op, "'=', '!=', '==', 'in', notin'");
      }
    }
    const separator = next();
    if (separator === undefined) return requirements;
    if (separator !== ',') fail(separator, "','");
  }
}

function unescapeField(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/** Splits on `sep` characters that are not backslash-escaped. */
function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? '';
    if (c === '\\' && i + 1 < text.length) {
      current += c + (text[i + 1] ?? '');
      i += 1;
    } else if (c === sep) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

export function parseFieldSelector(text: string | undefined): Selector {
  if (text === undefined || text.trim() === '') return [];
  return splitUnescaped(text, ',').map((part) => {
    const match = /^([^=!]+)(==|!=|=)(.*)$/s.exec(part.trim());
    if (match === null) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    return { key: (match[1] ?? '').trim(), operator: match[2] === '!=' ? '!=' : '=', values: [unescapeField(match[3] ?? '')] };
  });
}

export function matchesLabels(selector: Selector, labels: Readonly<Record<string, string>> | undefined): boolean {
  const get = (key: string): string | undefined => labels?.[key];
  return selector.every((r) => {
    const value = get(r.key);
    switch (r.operator) {
      case '=': return value === r.values[0];
      case '!=': return value !== r.values[0];
      case 'in': return value !== undefined && r.values.includes(value);
      case 'notin': return value === undefined || !r.values.includes(value);
      case 'exists': return value !== undefined;
      case '!': return value === undefined;
      case 'gt': return value !== undefined && /^-?\d+$/.test(value) && Number(value) > Number(r.values[0]);
      case 'lt': return value !== undefined && /^-?\d+$/.test(value) && Number(value) < Number(r.values[0]);
    }
    return false;
  });
}

/** The string value of a dotted field path (`spec.nodeName`, `involvedObject.uid`), '' when absent. */
export function fieldValue(object: unknown, path: string): string {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[segment];
  }
  if (current === undefined || current === null) return '';
  return typeof current === 'object' ? JSON.stringify(current) : String(current);
}

export function matchesFields(selector: Selector, object: unknown): boolean {
  return selector.every((r) => (fieldValue(object, r.key) === r.values[0]) === (r.operator === '='));
}

/** `metadata.name` when the field selector pins it exactly (the API server authorizes such lists per name). */
export function exactName(selector: Selector): string | undefined {
  return selector.find((r) => r.key === 'metadata.name' && r.operator === '=')?.values[0];
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** A structured `spec.selector` as the query form, e.g. `app=web,tier in (a,b)` (requirements sorted by key). */
export function formatLabelSelector(selector: LabelSelectorObject | undefined): string {
  if (selector === undefined) return '';
  const parts: Array<[string, string]> = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => [k, `${k}=${v}`]);
  for (const e of selector.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text = e.operator === 'In' ? `${e.key} in (${values})`
      : e.operator === 'NotIn' ? `${e.key} notin (${values})`
        : e.operator === 'Exists' ? e.key : `!${e.key}`;
    parts.push([e.key, text]);
  }
  return parts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, text]) => text).join(',');
}

/** Whether `labels` satisfy a structured selector; an empty selector matches everything. */
export function matchesLabelSelector(selector: LabelSelectorObject | undefined, labels: Record<string, string> | undefined): boolean {
  const text = formatLabelSelector(selector);
  return matchesLabels(parseLabelSelector(text), labels);
}

/** `a=1,b=2` sorted by key, `<none>` when empty: how tables print label maps. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '<none>' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}
