// The HTTP front: buffer the body, send instance API paths to the Prometheus side and everything else to
// the OpenAPI side, answer, and record the call.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Faults } from '../ack/faults.js';
import { newRequestId } from '../ack/ids.js';
import type { Credential } from '../ack/model.js';
import { collectHeaders, NonceRegistry } from '../ack/signature.js';
import type { PrometheusBackend } from '../prometheus/backend.js';
import { readBody } from '../read-body.js';
import { isReset, type Caller, type Outcome, type Request } from './exchange.js';
import { INTRANET_HOST, parseApiPath, type ArmsInstances } from './instances.js';
import { ACTION, serveOpenApi } from './openapi.js';
import { servePrometheusApi } from './prometheus-api.js';
import type { ArmsApi, ArmsCallLog, EndpointKind } from './record.js';

const MAX_BODY_BYTES = 1 << 20;

export interface ArmsServerDeps {
  readonly instances: ArmsInstances;
  lookup(accessKeyId: string): Credential | undefined;
  readonly prometheus: PrometheusBackend;
  readonly faults: Faults;
  readonly log: ArmsCallLog;
  /** Aborted on close, to cut injected latency short. */
  readonly closing: AbortSignal;
  readonly port: () => number;
}

function endpointKind(host: string | undefined): EndpointKind {
  const hostname = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  return hostname === INTRANET_HOST ? 'intranet' : 'public';
}

async function handle(deps: ArmsServerDeps, nonces: NonceRegistry, message: IncomingMessage, res: ServerResponse): Promise<void> {
  const at = new Date().toISOString();
  const method = message.method ?? 'GET';
  const url = message.url ?? '/';
  const queryStart = url.indexOf('?');
  const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
  const headers = collectHeaders(message.rawHeaders);
  const requestId = newRequestId();
  const apiPath = parseApiPath(rawPath);
  const api: ArmsApi = apiPath ? 'PrometheusApi' : headers.get('x-acs-action')?.[0] === ACTION ? 'GetPrometheusInstance' : 'Unknown';
  const caller: Caller = {};

  let outcome: Outcome;
  try {
    const body = await readBody(message, MAX_BODY_BYTES, () => new Error(`the request body exceeds ${MAX_BODY_BYTES} bytes`));
    const req: Request = { method, rawPath, rawQuery: queryStart < 0 ? '' : url.slice(queryStart + 1), rawHeaders: message.rawHeaders, headers, body, requestId };
    outcome = apiPath
      ? await servePrometheusApi(deps, req, apiPath, caller)
      : await serveOpenApi({ ...deps, nonces }, req, caller);
  } catch (error) {
    outcome = { status: 400, contentType: 'application/json;charset=utf-8', body: JSON.stringify({ RequestId: requestId, Code: 'InvalidRequest', Message: (error as Error).message }), errorCode: 'InvalidRequest' };
  }

  if (isReset(outcome)) res.destroy();
  else if (!res.destroyed) {
    res.writeHead(outcome.status, { 'content-type': outcome.contentType, 'x-acs-request-id': requestId, ...outcome.headers });
    res.end(outcome.body);
  }
  deps.log.append({
    at,
    api,
    method,
    path: rawPath,
    endpointKind: endpointKind(headers.get('host')?.[0]),
    ...(caller.accessKeyId === undefined ? {} : { accessKeyId: caller.accessKeyId }),
    ...(caller.securityToken === undefined ? {} : { securityToken: caller.securityToken }),
    ...(caller.credential === undefined ? {} : { account: caller.credential.account.name, principal: caller.credential.principal }),
    ...(caller.clusterId === undefined ? {} : { clusterId: caller.clusterId }),
    ...(caller.endpoint === undefined ? {} : { endpoint: caller.endpoint }),
    ...(caller.query === undefined ? {} : { query: caller.query }),
    status: isReset(outcome) ? 0 : outcome.status,
    ...(!isReset(outcome) && outcome.errorCode !== undefined ? { errorCode: outcome.errorCode } : {}),
    ...(outcome.fault === undefined ? {} : { fault: outcome.fault }),
    requestId,
  });
}

export function createArmsServer(deps: ArmsServerDeps): Server {
  const nonces = new NonceRegistry();
  return createServer((req, res) => {
    handle(deps, nonces, req, res).catch(() => res.destroy());
  });
}
