import { z } from 'zod';
import { defineTool, readOnly, ToolInputError } from '../mcp/tool.js';
import { clusterId, logTargetArgs, sourcedValue, timeInput } from './schemas.js';
import { splitQuery, withRowWindow } from './sls-query.js';
import { toEpochSeconds } from './time-range.js';

const MAX_LINES = 100;

export const slsExecuteSqlQuery = defineTool({
  name: 'sls_execute_sql_query',
  title: 'Query a cluster\'s logs (SLS)',
  description: [
    'Run an SLS query on a cluster\'s logs: `search` (e.g. `level: Warning and reason: BackOff`) or `search | SQL`',
    '(e.g. `* | select reason, count(*) as c group by reason order by c desc`; FROM is optional).',
    'The project is discovered from cluster_id (CheckControlPlaneLogEnable / GetClusterAuditProject); the default logstore is `k8s-event` (Kubernetes events);',
    'other logstores: `audit-<cluster_id>` (API server audit), `<component>-<cluster_id>` (control plane), ingress access logs — describe_cluster_observability lists them.',
    'from/to: epoch seconds, "now", a duration ago ("15m", "now-2h") or ISO-8601. Returns at most `limit` rows and says when more exist.',
  ].join(' '),
  input: z.object({
    cluster_id: clusterId,
    query: z.string().trim().min(1, 'must not be empty; use * to match everything').max(10_000).describe('SLS query: `search` or `search | SQL`.'),
    ...logTargetArgs,
    from: timeInput.default('1h').describe('Start of the window (inclusive): epoch seconds, "now", "15m" (ago), "now-2h" or ISO-8601. Default 1h ago.'),
    to: timeInput.default('now').describe('End of the window (exclusive). Default now.'),
    limit: z.number().int().min(1, 'must be 1 or more').max(MAX_LINES, `must be at most ${MAX_LINES}`).default(20).describe('Rows to return (1–100).'),
    offset: z.number().int().min(0, 'must be 0 or more').max(1_000_000).default(0).describe('Rows to skip, for paging.'),
    newest_first: z.boolean().default(true).describe('For search-only queries: newest rows first (SQL results keep the SQL order).'),
  }),
  output: z.object({
    cluster_id: z.string(),
    region: z.string(),
    project: sourcedValue,
    logstore: sourcedValue,
    from: z.number().describe('Epoch seconds.'),
    to: z.number().describe('Epoch seconds.'),
    query: z.string().describe('The query as sent to SLS.'),
    rows: z.array(z.record(z.string(), z.string())),
    truncated: z.boolean().describe('More rows matched than returned.'),
    next_offset: z.number().int().optional().describe('Pass as offset to get the next rows.'),
    complete: z.boolean().describe('False when SLS still reported the result Incomplete after every retry: rows are partial.'),
    attempts: z.number().int(),
    processed_rows: z.number().optional(),
    request_id: z.string().optional(),
    notes: z.array(z.string()),
  }),
  annotations: readOnly,
  async handler(ctx, args) {
    const now = Math.floor(Date.now() / 1000);
    const from = Math.floor(toEpochSeconds(args.from, now, 'from'));
    const to = Math.ceil(toEpochSeconds(args.to, now, 'to'));
    if (to <= from) throw new ToolInputError(`to (${new Date(to * 1000).toISOString()}) must be after from (${new Date(from * 1000).toISOString()}).`);
    const observability = ctx.observability();
    const target = await observability.logTarget(args.cluster_id, args);
    const sls = observability.sls(target.regionId);
    const notes = [...target.context.notes];
    const base = { project: target.project.value, logstore: target.logstore.value, from, to };
    const { sql } = splitQuery(args.query);

    let rows: Array<Record<string, string>>;
    let truncated: boolean;
    let sent = args.query;
    let paged = true;
    let result;
    if (sql === undefined) {
      result = await sls.getLogs({ ...base, query: args.query, line: Math.min(args.limit + 1, MAX_LINES), offset: args.offset, reverse: args.newest_first }, ctx.signal);
      rows = result.rows.slice(0, args.limit);
      truncated = result.rows.length > args.limit;
      if (!truncated && result.rows.length === MAX_LINES) {
        const probe = await sls.getLogs({ ...base, query: args.query, line: 1, offset: args.offset + MAX_LINES, reverse: args.newest_first }, ctx.signal);
        truncated = probe.rows.length > 0;
      }
    } else {
      const windowed = withRowWindow(args.query, args.offset, args.limit + 1);
      sent = windowed.query;
      paged = windowed.applied;
      if (!paged && args.offset > 0) notes.push('offset was not applied because the SQL has its own LIMIT.');
      result = await sls.getLogs({ ...base, query: sent }, ctx.signal);
      rows = result.rows.slice(0, args.limit);
      truncated = result.rows.length > args.limit;
    }
    if (!result.complete) notes.push(`SLS still reported the result Incomplete after ${result.attempts} attempts: the rows are partial; narrow the time range or retry.`);
    return {
      cluster_id: args.cluster_id,
      region: target.regionId,
      project: target.project,
      logstore: target.logstore,
      from,
      to,
      query: sent,
      rows,
      truncated,
      ...(truncated && paged ? { next_offset: args.offset + rows.length } : {}),
      complete: result.complete,
      attempts: result.attempts,
      ...(result.processedRows === undefined ? {} : { processed_rows: result.processedRows }),
      ...(result.requestId ? { request_id: result.requestId } : {}),
      notes,
    };
  },
  render: (r) =>
    [
      `${r.rows.length} row(s) from ${r.project.value}/${r.logstore.value} (${r.region}), ${new Date(r.from * 1000).toISOString()} – ${new Date(r.to * 1000).toISOString()}` +
        (r.truncated ? `; more rows exist${r.next_offset === undefined ? '' : ` (next offset ${r.next_offset})`}` : '') +
        (r.complete ? '' : '; PARTIAL (SLS result incomplete)'),
      ...r.notes.map((n) => `note: ${n}`),
      ...r.rows.map((row) => JSON.stringify(row)),
    ].join('\n'),
});
