// The Prometheus HTTP API side: an instance's HttpApiInterUrl / HttpApiIntraUrl plus /api/v1/<endpoint>,
// with V2 instances' Basic auth, answered by the shared Prometheus backend restricted to the cluster.
import type { Faults } from '../ack/faults.js';
import type { Credential } from '../ack/model.js';
import { errorAnswer } from '../prometheus/answers.js';
import type { PrometheusBackend } from '../prometheus/backend.js';
import { authenticateBasic } from '../basic-auth.js';
import { requestParams, type Caller, type Outcome, type Reply, type Request } from './exchange.js';
import { applyFault } from './faults.js';
import type { ApiPath, ArmsInstances } from './instances.js';
import { deniesArms } from './ram.js';

export const PROMETHEUS_API = 'PrometheusApi';

export interface PrometheusApiDeps {
  readonly instances: ArmsInstances;
  lookup(accessKeyId: string): Credential | undefined;
  readonly prometheus: PrometheusBackend;
  readonly faults: Faults;
  readonly closing: AbortSignal;
}

const ERROR_TYPES: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'bad_data', 429: 'too_many_requests', 503: 'unavailable' };

function promError(status: number, message: string, headers?: Record<string, string>): Reply {
  const errorType = ERROR_TYPES[status] ?? 'internal';
  return { ...errorAnswer(status, errorType, message), errorCode: errorType, ...(headers ? { headers } : {}) };
}

export async function servePrometheusApi(deps: PrometheusApiDeps, req: Request, path: ApiPath, caller: Caller): Promise<Outcome> {
  const params = requestParams(req);
  caller.clusterId = path.clusterId;
  caller.endpoint = path.endpoint;
  caller.query = params.get('query') ?? undefined;
  if (req.method !== 'GET' && req.method !== 'POST') return promError(405, `method ${req.method} not allowed`, { allow: 'GET, POST' });
  const instance = deps.instances.byBasePath(path.basePath);
  if (!instance) return promError(404, `no Prometheus instance at ${path.basePath}`);

  const auth = authenticateBasic(req.headers.get('authorization')?.[0], deps.lookup, Date.now());
  caller.accessKeyId = auth.ok ? auth.credential.accessKeyId : auth.accessKeyId;
  caller.securityToken = auth.securityToken;
  caller.credential = auth.credential;
  if (!auth.ok) return promError(401, auth.message, { 'www-authenticate': 'Basic realm="prometheus"' });
  if (auth.credential.account.accountId !== instance.accountId) {
    return promError(403, `access denied: the Prometheus instance of cluster ${instance.clusterId} belongs to another account`);
  }
  if (deniesArms(auth.credential, 'arms:*')) {
    return promError(403, `access denied: ${auth.credential.principal} may not read metrics (needs AliyunPrometheusMetricReadAccess)`);
  }

  const { outcome, fault } = await applyFault(deps.faults, PROMETHEUS_API, deps.closing, (status, _code, message, headers) => promError(status, message, headers));
  if (outcome) return outcome;
  const answer = await deps.prometheus.api(instance.clusterId, path.endpoint, params);
  const reply: Reply = {
    status: answer.status,
    contentType: answer.contentType,
    body: answer.body,
    ...(answer.status >= 400 ? { errorCode: /"errorType":"([^"]*)"/.exec(answer.body)?.[1] ?? `http_${answer.status}` } : {}),
  };
  return fault ? { ...reply, fault } : reply;
}
