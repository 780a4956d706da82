// A deterministic stand-in for SLS's diagnosis_sql: reads the failing query and the engine's error out of
// the question and explains it, with a corrected query when the fix is mechanical (a misspelt column,
// keyword or function).
import { closest } from './edit-distance.js';
import { sqlIdent } from './sql-ident.js';

const SQL_KEYWORDS = ['select', 'from', 'where', 'group', 'by', 'order', 'limit', 'having', 'as', 'and', 'or', 'not', 'distinct', 'desc', 'asc', 'like', 'in', 'between', 'case', 'when', 'then', 'else', 'end', 'join', 'on', 'union', 'count', 'sum', 'avg', 'min', 'max'];
const FUNCTIONS = [
  'count', 'sum', 'avg', 'min', 'max', 'lower', 'upper', 'length', 'substr', 'replace', 'round', 'abs', 'coalesce', 'cast', 'trim', 'instr', 'concat',
  'from_unixtime', 'to_unixtime', 'date_format', 'date_trunc', 'strpos', 'split_part', 'regexp_like', 'regexp_extract', 'json_extract_scalar', 'json_extract',
];

/** The failing query: `back-quoted`, else after a "query:"/"sql:" label, else the first line holding `| select`. */
function failingQuery(text: string): string | undefined {
  const quoted = /`([^`]*\|[^`]*)`/.exec(text)?.[1];
  if (quoted !== undefined) return quoted.trim();
  for (const line of text.split('\n')) {
    const labelled = /(?:query|sql|statement|查询语句|查询)\s*[:：]\s*(.*\|.*)$/i.exec(line)?.[1];
    if (labelled !== undefined) return labelled.replace(/\s+(?:error|错误|报错)\s*[:：].*$/i, '').trim();
  }
  return text.split('\n').find((l) => /\|\s*select\b/i.test(l))?.trim();
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function replaceWord(query: string, word: string, replacement: string): string {
  return query.replace(new RegExp(`"${escapeRegExp(word)}"|(?<![\\w."])${escapeRegExp(word)}(?![\\w"])`, 'g'), replacement);
}

const correction = (query: string | undefined, word: string, replacement: string): string =>
  query === undefined ? '' : `\nCorrected query: ${replaceWord(query, word, replacement)}`;

export function diagnoseSql(question: string, logstore: string, fields: readonly string[]): string {
  const query = failingQuery(question);
  const fieldList = fields.join(', ');

  const column = /no such column:\s*"?([^\s"',;)]+)"?/i.exec(question)?.[1];
  if (column !== undefined) {
    const best = closest(column, fields, (f) => [f, f.split('.').at(-1) ?? f]);
    if (best) {
      return `Problem: the column ${column} does not exist in logstore ${logstore}. The closest field is ${best.match}.`
        + `${best.match.includes('.') ? ` Field names that contain dots must be double-quoted in SQL: ${sqlIdent(best.match)}.` : ''}`
        + correction(query, column, sqlIdent(best.match));
    }
  }

  const fn = /no such function:\s*([A-Za-z_][\w]*)/i.exec(question)?.[1];
  if (fn !== undefined) {
    const best = closest(fn, FUNCTIONS);
    const hint = best && best.distance <= 3 ? ` Did you mean ${best.match}?` : '';
    return `Problem: ${fn} is not a function SLS SQL knows.${hint}${hint ? correction(query, fn, best?.match ?? fn) : ''}`;
  }

  const near = /near "([^"]*)": syntax error/i.exec(question)?.[1];
  if (near !== undefined) {
    const best = closest(near, SQL_KEYWORDS);
    if (best && best.distance > 0 && best.distance <= 2 && near.length >= 3) {
      return `Problem: syntax error near "${near}": it looks like a misspelt ${best.match.toUpperCase()}.${correction(query, near, best.match)}`;
    }
    return `Problem: syntax error near "${near}". Check the commas, parentheses and quotes around it: string literals take single quotes, `
      + `field names with dots take double quotes, and the SQL part follows a single | after the search.`;
  }

  if (/incomplete input|unterminated|unrecognized token/i.test(question)) {
    return 'Problem: the statement ends early: a parenthesis or a quote is not closed.';
  }
  if (/misuse of aggregate|group by/i.test(question)) {
    return 'Problem: an aggregate is mixed with plain columns. Every selected column that is not inside count/sum/avg/min/max must be listed in GROUP BY.';
  }
  return `The error does not point at a specific token. Check that the query has the form "<search> | <sql>", that string literals use single quotes `
    + `and that every column exists in logstore ${logstore}. Its fields are: ${fieldList}.`;
}
