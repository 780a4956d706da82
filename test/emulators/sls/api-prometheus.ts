// The MetricStore's Prometheus-compatible HTTP API: /prometheus/{project}/{metricstore}/api/v1/<endpoint>,
// HTTP Basic auth (checked by the server front), answered by the PrometheusBackend for the store's cluster
// and relayed verbatim. Errors use Prometheus' JSON error shape.
import type { Credential } from '../ack/model.js';
import type { PrometheusBackend } from '../prometheus/backend.js';
import { projectFor } from './access.js';
import { PromError, SlsError } from './errors.js';
import type { Reply } from './reply.js';
import type { Route } from './routes.js';
import type { SlsStore } from './store.js';

const ENDPOINT = /^(query|query_range|series|labels|label\/[^/]+\/values)$/;

export function promErrorOf(error: SlsError): PromError {
  if (error.status === 401) return new PromError(401, 'unauthorized', error.message);
  if (error.status === 404) return new PromError(404, 'not_found', error.message);
  if (error.status === 429) return new PromError(429, 'throttled', error.message);
  if (error.status >= 500) return new PromError(error.status, 'internal', error.message);
  return new PromError(error.status, 'bad_data', error.message);
}

export interface PromContext {
  readonly store: SlsStore;
  readonly credential: Credential;
  readonly route: Route;
  /** Project named by the Host, when it names one. */
  readonly hostProject: string | undefined;
  readonly params: URLSearchParams;
  readonly prometheus: PrometheusBackend | undefined;
}

export async function prometheusApi(ctx: PromContext): Promise<Reply> {
  const { route } = ctx;
  if (ctx.hostProject !== undefined && ctx.hostProject !== route.project) {
    throw new PromError(400, 'bad_data', `the Host names project ${ctx.hostProject} but the path names ${route.project ?? ''}`);
  }
  let clusterId: string;
  try {
    const project = projectFor(ctx.store, ctx.credential, 'log:GetLogStoreLogs', route.project, route.metricstore);
    const store = project.metricstores.get(route.metricstore ?? '');
    if (store === undefined) throw new PromError(404, 'not_found', `metricstore ${route.metricstore ?? ''} does not exist in project ${project.name}`);
    clusterId = store.clusterId;
  } catch (error) {
    throw error instanceof SlsError ? promErrorOf(error) : error;
  }
  const endpoint = route.promEndpoint ?? '';
  if (!ENDPOINT.test(endpoint)) throw new PromError(404, 'not_found', `unknown API endpoint /api/v1/${endpoint}`);
  if (ctx.prometheus === undefined) throw new PromError(503, 'unavailable', 'no Prometheus backend is configured for this SLS emulator');
  if (ctx.prometheus.unavailable !== undefined) throw new PromError(503, 'unavailable', `the Prometheus backend is unavailable: ${ctx.prometheus.unavailable}`);
  const answer = await ctx.prometheus.api(clusterId, endpoint, ctx.params);
  return { status: answer.status, contentType: answer.contentType, body: answer.body };
}
