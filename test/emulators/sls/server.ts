// The HTTP front: read the route from Host/method/path, buffer the body, authenticate (request signature,
// or HTTP Basic for the Prometheus API), record the call, apply injected faults, run the handler, answer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PrometheusBackend } from '../prometheus/backend.js';
import { readBody } from '../read-body.js';
import { callAiTools } from './api-ai-tools.js';
import { getLogs, getLogsV2 } from './api-getlogs.js';
import { listLogStores, listMetricStores } from './api-logstores.js';
import { prometheusApi, promErrorOf } from './api-prometheus.js';
import { getProject, listProject } from './api-projects.js';
import { authenticateBasic, authenticateSigned, type AuthResult, type Lookup } from './authenticate.js';
import { parameterInvalid, PromError, SlsError } from './errors.js';
import type { ActiveFault, SlsFaultKind, SlsFaults } from './faults.js';
import { newRequestId } from './ids.js';
import { parseQuery, queryMap, type QueryPair } from './query-string.js';
import type { SlsCallLog } from './record.js';
import type { ApiContext, Reply } from './reply.js';
import { hostProject, resolveRoute, type Route } from './routes.js';
import type { SlsStore } from './store.js';

const MAX_BODY_BYTES = 4 << 20;

export interface ServerDeps {
  readonly store: SlsStore;
  readonly lookup: Lookup;
  readonly faults: SlsFaults;
  readonly log: SlsCallLog;
  readonly prometheus: PrometheusBackend | undefined;
  /** Aborted on close, to cut injected latency short. */
  readonly closing: AbortSignal;
}

type Handler = (ctx: ApiContext) => Reply | Promise<Reply>;

const HANDLERS: Partial<Record<Route['api'], Handler>> = {
  ListProject: listProject,
  GetProject: getProject,
  ListLogStores: listLogStores,
  ListMetricStores: listMetricStores,
  GetLogs: getLogs,
  GetLogsV2: getLogsV2,
  CallAiTools: callAiTools,
};

const errorReply = (error: SlsError | PromError): Reply => ({ status: error.status, contentType: 'application/json', body: error.body() });

function asError(error: unknown, prom: boolean): SlsError | PromError {
  if (error instanceof PromError) return error;
  if (error instanceof SlsError) return prom ? promErrorOf(error) : error;
  const message = `The emulator failed to process the request: ${error instanceof Error ? error.message : String(error)}`;
  return prom ? new PromError(500, 'internal', message) : new SlsError(500, 'InternalServerError', message);
}

/** The error an injected fault answers with, 'reset', or undefined to go on serving. */
function faultOutcome(fault: ActiveFault | undefined, prom: boolean): SlsError | PromError | 'reset' | undefined {
  switch (fault?.kind) {
    case 'reset': return 'reset';
    case 'server-error':
      return prom ? new PromError(500, 'internal', 'Internal server error (injected fault).') : new SlsError(500, 'InternalServerError', 'Internal server error (injected fault).');
    case 'throttling':
      return prom ? new PromError(429, 'throttled', 'Read quota exceeded (injected fault).') : new SlsError(429, 'ReadQuotaExceed', 'Read quota exceed (injected fault).');
    default: return undefined;
  }
}

function recordedQuery(route: Route, pairs: readonly QueryPair[], body: Buffer, params: URLSearchParams | undefined): string | undefined {
  if (route.api === 'GetLogs') return pairs.find((p) => p.key === 'query')?.value ?? '';
  if (route.api === 'GetLogsV2') {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { query?: unknown };
      return typeof parsed.query === 'string' ? parsed.query : '';
    } catch {
      return undefined;
    }
  }
  if (route.api === 'PrometheusApi') return params?.get('query') ?? params?.getAll('match[]').join(' ');
  return undefined;
}

/** CallAiTools names its project and store in the body's params, not in the Host. */
function aiToolTarget(body: Buffer): { project?: string; logstore?: string; metricstore?: string } {
  try {
    const params = (JSON.parse(body.toString('utf8')) as { params?: Record<string, unknown> }).params ?? {};
    const pick = (name: string): Record<string, string> => (typeof params[name] === 'string' ? { [name]: params[name] } : {});
    return { ...pick('project'), ...pick('logstore'), ...pick('metricstore') };
  } catch {
    return {};
  }
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newRequestId();
  const at = new Date().toISOString();
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
  const rawQuery = queryStart < 0 ? '' : url.slice(queryStart + 1);
  const headers = new Map<string, string>();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    if (!headers.has(name)) headers.set(name, req.rawHeaders[i + 1] ?? '');
  }
  const host = headers.get('host') ?? '';
  let pairs: QueryPair[] = [];
  let badQuery = false;
  try {
    pairs = parseQuery(rawQuery);
  } catch {
    badQuery = true;
  }
  const route = resolveRoute(method, rawPath, queryMap(pairs), host);
  const prom = route.api === 'PrometheusApi';
  let auth: AuthResult | undefined;
  let body: Buffer = Buffer.alloc(0);
  let promParams: URLSearchParams | undefined;
  let fault: SlsFaultKind | undefined;

  const finish = (reply: Reply | undefined): void => {
    if (reply === undefined) res.destroy();
    else if (!res.destroyed) {
      res.writeHead(reply.status, { 'content-type': reply.contentType, 'x-log-requestid': requestId, ...reply.headers });
      res.end(reply.body);
    }
    const credential = auth?.credential;
    const errorCode = reply === undefined || reply.status < 400 ? undefined : errorCodeOf(reply);
    const query = recordedQuery(route, pairs, body, promParams);
    const target = route.api === 'CallAiTools' ? aiToolTarget(body) : route;
    deps.log.append({
      at, api: route.api, method, host, path: rawPath, requestId,
      auth: !headers.has('authorization') ? 'none' : prom ? 'basic' : 'signature',
      status: reply?.status ?? 0,
      ...(target.project === undefined ? {} : { project: target.project }),
      ...(target.logstore === undefined ? {} : { logstore: target.logstore }),
      ...(target.metricstore === undefined ? {} : { metricstore: target.metricstore }),
      ...(auth?.accessKeyId === undefined ? {} : { accessKeyId: auth.accessKeyId }),
      ...(auth?.securityToken === undefined ? {} : { securityToken: auth.securityToken }),
      ...(credential === undefined ? {} : { account: credential.account.name, accountId: credential.account.accountId, principal: credential.principal }),
      ...(errorCode === undefined ? {} : { errorCode }),
      ...(query === undefined ? {} : { query }),
      ...(reply?.progress === undefined ? {} : { progress: reply.progress }),
      ...(fault === undefined ? {} : { fault }),
    });
  };

  try {
    body = await readBody(req, MAX_BODY_BYTES, () => new SlsError(413, 'PostBodyTooLarge', `The request body exceeds ${MAX_BODY_BYTES} bytes.`));
    if (badQuery) throw parameterInvalid('The query string has malformed percent-encoding.');
    const now = Date.now();
    if (prom) {
      auth = authenticateBasic(headers.get('authorization'), deps.lookup, now);
      promParams = new URLSearchParams(rawQuery);
      if (method === 'POST') for (const [k, v] of new URLSearchParams(body.toString('utf8'))) promParams.append(k, v);
    } else {
      auth = authenticateSigned({ method, rawPath, query: pairs, rawHeaders: req.rawHeaders, headers, body }, deps.lookup, now);
    }
    if (!auth.ok) throw auth.error;
    const credential = auth.credential;

    const active = deps.faults.take(route.api);
    fault = active?.kind;
    const outcome = faultOutcome(active, prom);
    if (outcome === 'reset') return finish(undefined);
    if (outcome !== undefined) return finish(errorReply(outcome));
    if (active?.kind === 'latency') {
      try {
        await sleep(active.latencyMs, undefined, { signal: deps.closing });
      } catch {
        return finish(undefined);
      }
    }

    if (prom) {
      const reply = await prometheusApi({ store: deps.store, credential, route, hostProject: hostProject(host), params: promParams ?? new URLSearchParams(), prometheus: deps.prometheus });
      return finish(reply);
    }
    const handler = HANDLERS[route.api];
    if (handler === undefined) throw parameterInvalid(`The SLS emulator does not implement ${method} ${rawPath} (host ${host}).`);
    const ctx: ApiContext = { store: deps.store, credential, route, query: queryMap(pairs), body, requestId, fault: active };
    return finish(await handler(ctx));
  } catch (error) {
    return finish(errorReply(asError(error, prom)));
  }
}

function errorCodeOf(reply: Reply): string | undefined {
  try {
    const parsed = JSON.parse(reply.body) as { errorCode?: unknown; errorType?: unknown };
    if (typeof parsed.errorCode === 'string') return parsed.errorCode;
    return typeof parsed.errorType === 'string' ? parsed.errorType : undefined;
  } catch {
    return undefined;
  }
}

export function createSlsServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    handle(deps, req, res).catch(() => res.destroy());
  });
}
