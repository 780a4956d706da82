// ListLogStores (telemetryType=Metrics lists the metric stores, as the official observability MCP server
// asks) and ListMetricStores.
import { projectFor } from './access.js';
import { intParam, jsonReply, type ApiContext, type Reply } from './reply.js';

function page(names: string[], ctx: ApiContext, filterParam: string): { count: number; total: number; names: string[] } {
  const offset = intParam('offset', ctx.query.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER);
  const size = intParam('size', ctx.query.get('size'), 200, 1, 500);
  const filter = ctx.query.get(filterParam) ?? '';
  const all = names.filter((n) => n.includes(filter)).sort();
  const slice = all.slice(offset, offset + size);
  return { count: slice.length, total: all.length, names: slice };
}

export function listLogStores(ctx: ApiContext): Reply {
  const project = projectFor(ctx.store, ctx.credential, 'log:ListLogStores', ctx.route.project);
  const metrics = ctx.query.get('telemetryType') === 'Metrics';
  const result = page([...(metrics ? project.metricstores : project.logstores).keys()], ctx, 'logstoreName');
  return jsonReply({ count: result.count, total: result.total, logstores: result.names });
}

export function listMetricStores(ctx: ApiContext): Reply {
  const project = projectFor(ctx.store, ctx.credential, 'log:ListMetricStores', ctx.route.project);
  const result = page([...project.metricstores.keys()], ctx, 'name');
  return jsonReply({ count: result.count, total: result.total, metricstores: result.names });
}
