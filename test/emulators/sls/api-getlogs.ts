// GetLogs (GET, query parameters, JSON array answer) and GetLogsV2 (POST, JSON body, {meta, data} answer,
// sent uncompressed: without x-log-compresstype the SDK reads it as plain JSON).
import { logstoreOf, projectFor } from './access.js';
import { parameterInvalid } from './errors.js';
import { MAX_LINE, runLogQuery, type LogQuery, type LogQueryResult } from './log-query.js';
import { headerSafe, intParam, jsonBody, jsonReply, type ApiContext, type Reply } from './reply.js';

type Raw = string | number | boolean | undefined;

function boolParam(name: string, raw: Raw): boolean {
  if (raw === undefined || raw === '') return false;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw parameterInvalid(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}

function timeParam(name: string, raw: Raw): number {
  if (raw === undefined || raw === '') throw parameterInvalid(`${name} is required (unix seconds)`);
  return intParam(name, typeof raw === 'boolean' ? String(raw) : raw, 0, 0, Number.MAX_SAFE_INTEGER);
}

function logQuery(get: (name: string) => Raw): LogQuery {
  const from = timeParam('from', get('from'));
  const to = timeParam('to', get('to'));
  if (from > to) throw parameterInvalid(`from must be earlier than to: from=${from}, to=${to}`);
  const num = (name: string): string | number | undefined => {
    const raw = get(name);
    return typeof raw === 'boolean' ? String(raw) : raw;
  };
  const query = get('query');
  const topic = get('topic');
  return {
    from,
    to,
    line: intParam('line', num('line'), MAX_LINE, 0, MAX_LINE),
    offset: intParam('offset', num('offset'), 0, 0, Number.MAX_SAFE_INTEGER),
    reverse: boolParam('reverse', get('reverse')),
    query: query === undefined ? '' : String(query),
    topic: topic === undefined ? undefined : String(topic),
  };
}

interface Answer {
  readonly result: LogQueryResult;
  readonly rows: Array<Record<string, string>>;
  readonly progress: 'Complete' | 'Incomplete';
}

async function answer(ctx: ApiContext, q: LogQuery): Promise<Answer> {
  const logstore = ctx.route.logstore ?? '';
  const project = projectFor(ctx.store, ctx.credential, 'log:GetLogStoreLogs', ctx.route.project, logstore);
  const result = await runLogQuery(logstoreOf(project, logstore), q);
  // An injected `incomplete` fault: SLS ran out of time and returns what it has; clients must retry.
  if (ctx.fault?.kind === 'incomplete') return { result, rows: result.rows.slice(0, Math.floor(result.rows.length / 2)), progress: 'Incomplete' };
  return { result, rows: result.rows, progress: 'Complete' };
}

function logHeaders(a: Answer): Record<string, string> {
  const r = a.result;
  return {
    'x-log-progress': a.progress,
    'x-log-count': String(a.rows.length),
    'x-log-processed-rows': String(r.processedRows),
    'x-log-elapsed-millisecond': String(r.elapsedMillisecond),
    'x-log-has-sql': String(r.hasSql),
    'x-log-agg-query': headerSafe(r.aggQuery),
    'x-log-where-query': headerSafe(r.whereQuery),
    'x-log-query-info': headerSafe(JSON.stringify({ keys: r.keys, terms: [], limited: 0, mode: r.hasSql ? 0 : 1, isAccurate: 1 })),
  };
}

export async function getLogs(ctx: ApiContext): Promise<Reply> {
  const a = await answer(ctx, logQuery((name) => ctx.query.get(name)));
  return { ...jsonReply(a.rows, logHeaders(a)), progress: a.progress };
}

export async function getLogsV2(ctx: ApiContext): Promise<Reply> {
  const body = jsonBody(ctx.body);
  const a = await answer(ctx, logQuery((name) => {
    const value = body[name];
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
  }));
  const r = a.result;
  const scanBytes = Buffer.byteLength(JSON.stringify(a.rows));
  const meta = {
    progress: a.progress,
    count: a.rows.length,
    processedRows: r.processedRows,
    elapsedMillisecond: r.elapsedMillisecond,
    hasSQL: r.hasSql,
    isAccurate: true,
    keys: r.keys,
    terms: [],
    aggQuery: r.aggQuery,
    whereQuery: r.whereQuery,
    cpuSec: 0,
    cpuCores: 0,
    limited: 0,
    mode: r.hasSql ? 0 : 1,
    scanBytes,
    processedBytes: scanBytes,
    columnTypes: r.keys.map(() => 'varchar'),
    telementryType: 'logs',
  };
  return { ...jsonReply({ meta, data: a.rows }, logHeaders(a)), progress: a.progress };
}
