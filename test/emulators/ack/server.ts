// The HTTP front: buffer the body, verify the ACS3 signature, record the call, apply injected faults,
// check the API version, route on the signed action, authorise with RAM, run the handler, answer JSON.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from './errors.js';
import type { Faults, FaultKind } from './faults.js';
import { newRequestId } from './ids.js';
import type { Credential } from './model.js';
import type { CallLog } from './record.js';
import { authorize, resourceName } from './ram.js';
import { resolveRoute } from './routes.js';
import { collectHeaders, decodeQuery, NonceRegistry, verifyAcs3 } from './signature.js';
import type { AckState } from './state.js';
import { readBody } from '../read-body.js';

export const API_VERSION = '2015-12-15';
const MAX_BODY_BYTES = 1 << 20;

export interface ServerDeps {
  readonly state: AckState;
  readonly faults: Faults;
  readonly log: CallLog;
  /** Aborted on close, to cut injected latency short. */
  readonly closing: AbortSignal;
}

/** Server-wide state that is not part of the API model. */
interface Runtime extends ServerDeps {
  /** Nonces seen per AccessKey id, for replay rejection. */
  readonly nonces: NonceRegistry;
}


function parseJsonBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return undefined;
  if (!(contentType ?? '').toLowerCase().includes('json')) {
    throw new ApiError(400, 'InvalidParameter', `The request body must be JSON, got content-type ${contentType ?? '(none)'}.`);
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError(400, 'InvalidParameter', 'The request body is not valid JSON.');
  }
}

/** Runs the API part of a request whose signature is valid; returns the success body or throws ApiError. */
function dispatch(
  deps: ServerDeps,
  credential: Credential,
  req: { method: string; rawPath: string; rawQuery: string; headers: Map<string, string[]>; body: Buffer; requestId: string },
): Record<string, unknown> {
  const header = (name: string): string | undefined => req.headers.get(name)?.[0];
  const version = header('x-acs-version');
  if (version !== API_VERSION) throw new ApiError(400, 'InvalidVersion', `Specified parameter Version is not valid: expected ${API_VERSION}, got ${version ?? '(none)'}.`);
  const action = header('x-acs-action');
  const { route, params } = resolveRoute(action, req.method, req.rawPath);
  const clusterId = params['cluster'];
  authorize(credential, route.action, resourceName(credential.account.accountId, clusterId && deps.state.cluster(clusterId)?.regionId, clusterId));
  const query = new Map(decodeQuery(req.rawQuery));
  const body = parseJsonBody(req.body, header('content-type'));
  deps.state.advance();
  return route.handle({ state: deps.state, credential, account: credential.account, params, query, body, requestId: req.requestId });
}

async function handle(deps: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newRequestId();
  const at = new Date().toISOString();
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
  const rawQuery = queryStart < 0 ? '' : url.slice(queryStart + 1);
  const headers = collectHeaders(req.rawHeaders);
  const action = headers.get('x-acs-action')?.[0];
  let caller: { accessKeyId: string | undefined; credential: Credential | undefined } = { accessKeyId: undefined, credential: undefined };

  const finish = (status: number, payload: Record<string, unknown> | undefined, extra: { errorCode?: string; fault?: FaultKind; headers?: Record<string, string> } = {}): void => {
    if (payload === undefined) {
      res.destroy();
    } else if (!res.destroyed) {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': requestId, ...extra.headers });
      res.end(JSON.stringify(payload));
    }
    deps.log.append({
      at,
      action,
      method,
      path: rawPath,
      accessKeyId: caller.accessKeyId,
      securityToken: headers.get('x-acs-security-token')?.[0],
      credentialKind: caller.credential?.kind ?? 'unknown',
      account: caller.credential?.account.name,
      status,
      requestId,
      ...(extra.errorCode === undefined ? {} : { errorCode: extra.errorCode }),
      ...(extra.fault === undefined ? {} : { fault: extra.fault }),
    });
  };
  const fail = (error: ApiError, fault?: FaultKind, extraHeaders?: Record<string, string>): void =>
    finish(error.status, error.body(requestId), { errorCode: error.code, ...(fault ? { fault } : {}), ...(extraHeaders ? { headers: extraHeaders } : {}) });

  let body: Buffer;
  try {
    body = await readBody(req, MAX_BODY_BYTES, () => new ApiError(413, 'RequestEntityTooLarge', `The request body exceeds ${MAX_BODY_BYTES} bytes.`));
  } catch (error) {
    fail(error instanceof ApiError ? error : new ApiError(400, 'InvalidRequest', 'The request body could not be read.'));
    return;
  }

  const verdict = verifyAcs3({ method, url, rawHeaders: req.rawHeaders, body }, {
    lookup: (accessKeyId) => deps.state.credential(accessKeyId),
    nonces: deps.nonces,
    now: Date.now(),
  });
  caller = { accessKeyId: verdict.accessKeyId, credential: verdict.credential };
  if (!verdict.ok) {
    fail(new ApiError(verdict.status, verdict.code, verdict.message));
    return;
  }

  const fault = deps.faults.take(action);
  switch (fault?.kind) {
    case 'reset':
      finish(0, undefined, { fault: 'reset' });
      return;
    case 'server-error':
      fail(new ApiError(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'), 'server-error');
      return;
    case 'throttling':
      fail(new ApiError(429, 'Throttling.User', 'Request was denied due to user flow control.'), 'throttling', { 'x-acs-retry-after': String(fault.retryAfterMs) });
      return;
    case 'latency':
      try {
        await sleep(fault.latencyMs, undefined, { signal: deps.closing });
      } catch {
        res.destroy();
        return;
      }
      break;
    case undefined:
      break;
  }

  try {
    const payload = dispatch(deps, verdict.credential, { method, rawPath, rawQuery, headers, body, requestId });
    finish(200, payload, fault ? { fault: fault.kind } : {});
  } catch (error) {
    const apiError = error instanceof ApiError
      ? error
      : new ApiError(500, 'InternalError', `The emulator failed to process the request: ${error instanceof Error ? error.message : String(error)}`);
    fail(apiError, fault?.kind);
  }
}

export function createAckServer(deps: ServerDeps): Server {
  const runtime: Runtime = { ...deps, nonces: new NonceRegistry() };
  return createServer((req, res) => {
    handle(runtime, req, res).catch(() => res.destroy());
  });
}
