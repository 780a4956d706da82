import { z } from 'zod';
import { defineTool, readOnly, ToolInputError } from '../mcp/tool.js';
import { checkPromqlSyntax } from '../promql/check-syntax.js';
import { compactResult, seriesName, stepFor } from './promql-result.js';
import { clusterId, slsProject, slsStore, sourcedValue, timeInput } from './schemas.js';
import { toDurationSeconds, toEpochSeconds } from './time-range.js';

const compactValue = z
  .array(z.union([z.number(), z.string()]))
  .length(2)
  .describe('[epoch seconds, value]; the value is a number, or a string for NaN and ±Inf');

export const cmsExecutePromqlQuery = defineTool({
  name: 'cms_execute_promql_query',
  title: 'Query a cluster\'s Prometheus metrics (PromQL)',
  description: [
    'Run PromQL against the cluster\'s Prometheus: the ARMS Managed Prometheus instance discovered from cluster_id (GetPrometheusInstance),',
    'else the SLS MetricStore the ACK convention names; or an SLS MetricStore you name with project + metricstore.',
    'Instant query at `time` (default now) unless `start` is given: then a range query from start to end (default now) every `step`.',
    'The PromQL is syntax-checked first. Output is compact: labels plus [epoch_seconds, value] points, capped in series and points.',
    'Examples: `increase(kube_pod_container_status_restarts_total[1h]) > 0`, `sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="payments"}[5m]))`.',
  ].join(' '),
  input: z.object({
    cluster_id: clusterId,
    query: z.string().trim().min(1, 'must not be empty').max(10_000).describe('PromQL expression.'),
    time: timeInput.optional().describe('Instant query time: epoch seconds, "now", "15m" (ago) or ISO-8601. Default now.'),
    start: timeInput.optional().describe('Range query start (makes it a range query): epoch seconds, "1h" (ago), "now-6h" or ISO-8601.'),
    end: timeInput.optional().describe('Range query end; default now.'),
    step: z.union([z.number(), z.string().max(16)]).optional().describe('Range query resolution: seconds or "30s", "5m"… Default: chosen to fit the point cap.'),
    project: slsProject.optional().describe('SLS project of a MetricStore to query instead of the discovered Prometheus (with metricstore).'),
    metricstore: slsStore('metricstore').optional().describe('SLS MetricStore to query (with project).'),
  }),
  output: z.object({
    cluster_id: z.string(),
    backend: sourcedValue,
    query: z.string(),
    result_type: z.enum(['vector', 'matrix', 'scalar', 'string']),
    time: z.number().optional(),
    start: z.number().optional(),
    end: z.number().optional(),
    step: z.number().optional(),
    series: z.array(
      z.object({
        labels: z.record(z.string(), z.string()),
        value: compactValue.optional(),
        values: z.array(compactValue).optional(),
        points_total: z.number().int().optional().describe('Points before the cap; only the newest were kept.'),
      }),
    ),
    scalar: compactValue.optional(),
    series_total: z.number().int(),
    series_truncated: z.boolean(),
    points_truncated: z.boolean(),
    warnings: z.array(z.string()),
  }),
  annotations: readOnly,
  async handler(ctx, args) {
    const syntax = checkPromqlSyntax(args.query);
    if (syntax) {
      const line = args.query.split('\n')[syntax.line - 1] ?? '';
      throw new ToolInputError(
        `PromQL syntax error at line ${syntax.line}, column ${syntax.column}: ${syntax.message}\n  ${line}\n  ${' '.repeat(syntax.column - 1)}^`,
      );
    }
    if (args.start === undefined && (args.end !== undefined || args.step !== undefined)) {
      throw new ToolInputError('end and step belong to a range query: give start as well (or drop them for an instant query).');
    }
    if (args.start !== undefined && args.time !== undefined) throw new ToolInputError('Give either time (instant query) or start/end (range query), not both.');
    const now = Date.now() / 1000;
    const observability = ctx.observability();
    const limits = observability.limits;
    let range: { start: number; end: number; step: number } | undefined;
    if (args.start !== undefined) {
      const start = toEpochSeconds(args.start, now, 'start');
      const end = toEpochSeconds(args.end ?? 'now', now, 'end');
      if (end <= start) throw new ToolInputError(`end (${new Date(end * 1000).toISOString()}) must be after start (${new Date(start * 1000).toISOString()}).`);
      const step = args.step === undefined ? stepFor(end - start, limits.maxPoints) : toDurationSeconds(args.step, 'step');
      if ((end - start) / step > 11_000) throw new ToolInputError(`step ${step}s gives more than 11000 points over this range; use a step of at least ${Math.ceil((end - start) / 11_000)}s.`);
      range = { start, end, step };
    }
    const time = range ? undefined : toEpochSeconds(args.time ?? 'now', now, 'time');

    const { target, backend } = await observability.metricsTarget(args.cluster_id, args);
    const credentials = await observability.basicAuth();
    const answer = range
      ? await observability.prometheus.range(target, credentials, { query: args.query, ...range }, ctx.signal)
      : await observability.prometheus.instant(target, credentials, { query: args.query, ...(time === undefined ? {} : { time }) }, ctx.signal);
    return {
      cluster_id: args.cluster_id,
      backend,
      query: args.query,
      ...(range ?? { time }),
      ...compactResult(answer.data, limits),
      warnings: answer.warnings,
    };
  },
  render: (r) => {
    const head = `${r.result_type} from ${r.backend.value}: ${r.series.length} of ${r.series_total} series${r.series_truncated ? ' (truncated)' : ''}${r.points_truncated ? ', newest points only' : ''}`;
    if (r.scalar) return `${head}\nscalar ${r.scalar[1]} @${r.scalar[0]}`;
    const lines = r.series.map((s) => {
      if (s.value) return `${seriesName(s.labels)} ${s.value[1]} @${s.value[0]}`;
      const values = s.values ?? [];
      const numbers = values.map((v) => v[1]).filter((v): v is number => typeof v === 'number');
      const last = values.at(-1);
      return `${seriesName(s.labels)} points=${values.length} last=${last ? last[1] : 'none'} min=${numbers.length ? Math.min(...numbers) : 'n/a'} max=${numbers.length ? Math.max(...numbers) : 'n/a'}`;
    });
    return [head, ...r.warnings.map((w) => `warning: ${w}`), ...lines].join('\n');
  },
});
