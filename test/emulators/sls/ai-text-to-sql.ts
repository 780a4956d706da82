// A deterministic stand-in for SLS's text_to_sql: it reads the logstore's real field names and values and
// builds ONE runnable query from keywords in the question.
// - A word that equals a field value (allowing plurals and -ed/-ion forms: "deleted" → delete, "warnings"
//   → Warning, "pods" → pods) adds `field: value`; when a value occurs in several fields, the field where it
//   is most frequent wins.
// - An identifier-like word (`checkout-api`, `10.0.1.171`) that is no whole value but occurs inside values
//   becomes a full-text term.
// - "by/per <field>", or count/how many/top/most with a field mentioned, groups by that field; count words
//   without a field give `count(*)`; anything else lists the newest 20 matching logs.
import type { LogRow } from './model.js';
import { searchValue, sqlIdent } from './sql-ident.js';
import { fieldNames, RESERVED_FIELDS } from './store.js';

const TIME_SENTENCE = /current time|current date|time now|now is|today is|当前时间|现在时间|现在是/i;
const STRONG_INTENT = /\b(count|counts|how many|number of|top|distribution|most|frequent|frequency|statistics|breakdown)\b|统计|多少|分布|最多/;
const INTENT_WORDS = new Set(['count', 'counts', 'how', 'many', 'number', 'top', 'per', 'by', 'each', 'group', 'most', 'frequent', 'distribution']);
/** Field values that are also everyday English; they never match by accident. */
const STOPWORDS = new Set(['get', 'list', 'all', 'the', 'and', 'for', 'not', 'true', 'false', 'null', 'none', 'log', 'logs', 'info', 'which', 'what', 'show', 'with']);

interface Candidate {
  readonly field: string;
  readonly value: string;
  count: number;
}

/** The prompt prefix clients add (`当前时间: <time>, 问题:<question>`). */
const TIME_PREFIX = /^\s*当前时间[:：][^,，]*[,，]\s*问题[:：]\s*/;

function words(text: string): string[] {
  const kept = text.replace(TIME_PREFIX, '').split(/(?<=[.。!?！？\n])\s+/).filter((s) => !TIME_SENTENCE.test(s)).join(' ');
  return kept.split(/[\s,;!?()"'`，。？！、：]+/).map((w) => w.replace(/[.:]+$/, '').toLowerCase()).filter((w) => w !== '');
}

const usableValue = (value: string): boolean =>
  value.length >= 3 && value.length <= 64 && !/\s/.test(value) && !STOPWORDS.has(value.toLowerCase());

/** Best field per lower-cased value: the field where the value occurs most often (first field on a tie). */
function valueIndex(rows: readonly LogRow[], fields: readonly string[]): Map<string, Candidate> {
  const counts = new Map<string, Candidate>();
  for (const row of rows) {
    for (const [field, raw] of Object.entries(row)) {
      if (RESERVED_FIELDS.includes(field)) continue;
      const value = String(raw);
      if (!usableValue(value)) continue;
      const key = `${field}\u0000${value.toLowerCase()}`;
      const found = counts.get(key);
      if (found) found.count += 1;
      else counts.set(key, { field, value, count: 1 });
    }
  }
  const best = new Map<string, Candidate>();
  for (const candidate of counts.values()) {
    const key = candidate.value.toLowerCase();
    const current = best.get(key);
    const earlier = (c: Candidate): number => fields.indexOf(c.field);
    if (!current || candidate.count > current.count || (candidate.count === current.count && earlier(candidate) < earlier(current))) best.set(key, candidate);
  }
  return best;
}

/** How well `word` names `value` (both lower-case): 2 exact, 1 inflected form, 0 not at all. */
function wordNames(word: string, value: string): number {
  if (word === value) return 2;
  if (word === `${value}s` || word === `${value}es` || value === `${word}s` || value === `${word}es`) return 1;
  const stem = value.replace(/e$/, '');
  if (value.length >= 5 && /^[a-z]+$/.test(value) && /^[a-z]+$/.test(word) && word.startsWith(stem) && word.length - value.length <= 4) return 1;
  return 0;
}

const aliases = (field: string): string[] => {
  const lower = field.toLowerCase();
  const parts = lower.split('.');
  return [...new Set([lower, parts.at(-1) ?? lower, parts[0] ?? lower, lower.replace(/_/g, ' ')])].filter((a) => a.length >= 3);
};

function fieldNamedBy(word: string, fields: readonly string[]): string | undefined {
  if (INTENT_WORDS.has(word)) return undefined;
  return fields.find((f) => !RESERVED_FIELDS.includes(f) && aliases(f).some((a) => word === a || word === `${a}s` || word === `${a}es`));
}

export function textToSql(question: string, rows: readonly LogRow[]): string {
  const fields = fieldNames(rows);
  const index = valueIndex(rows, fields);
  const ws = words(question);
  const filters: Candidate[] = [];
  const texts: string[] = [];
  for (const word of ws) {
    let best: { candidate: Candidate; score: number } | undefined;
    for (const [value, candidate] of index) {
      const score = wordNames(word, value);
      if (score > 0 && (!best || score > best.score || (score === best.score && candidate.count > best.candidate.count))) best = { candidate, score };
    }
    if (best) {
      if (!filters.includes(best.candidate)) filters.push(best.candidate);
    } else if (word.length >= 5 && /[-.:/_\d]/.test(word) && !/^\d+$/.test(word) && !fieldNamedBy(word, fields)
      && rows.some((r) => Object.values(r).some((v) => String(v).toLowerCase().includes(word)))) {
      if (!texts.includes(word)) texts.push(word);
    }
  }

  const byField = new Map<string, string[]>();
  for (const f of filters) byField.set(f.field, [...(byField.get(f.field) ?? []), f.value]);
  const terms = [...byField].map(([field, values]) => {
    const parts = values.map((v) => `${field}: ${searchValue(v)}`);
    return parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(' or ')})`;
  });
  terms.push(...texts.map((t) => `"${t}"`));
  const search = terms.length === 0 ? '*' : terms.join(' and ');

  const lower = ws.join(' ');
  let group: string | undefined;
  for (const m of lower.matchAll(/\b(?:by|per|each)\s+([a-z0-9_.\-]+)/g)) {
    group = fieldNamedBy(m[1] ?? '', fields);
    if (group) break;
  }
  const strong = STRONG_INTENT.test(lower);
  if (!group && strong) {
    const filtered = new Set(filters.map((f) => f.field));
    group = ws.map((w) => fieldNamedBy(w, fields)).find((f) => f !== undefined && !filtered.has(f));
  }
  const limit = Number(/\btop\s+(\d{1,3})\b/.exec(lower)?.[1] ?? 10);
  if (group) {
    const id = sqlIdent(group);
    return `${search} | select ${id}, count(*) as count group by ${id} order by count desc limit ${limit}`;
  }
  if (strong) return `${search} | select count(*) as count`;
  return `${search} | select * order by __time__ desc limit 20`;
}
