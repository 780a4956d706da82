// The HTTPS front: read the body, authenticate the bearer token, record the request, apply injected faults,
// authorize with the bindings, then serve discovery/OpenAPI/health paths or hand over to the resource API.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { serveResource, type ApiDeps } from './api.js';
import {
  AGGREGATED_CONTENT_TYPE, aggregatedDiscovery, apiGroupDocument, apiGroupList, apiResourceList, apiVersions, versionInfo, wantsAggregated,
} from './discovery.js';
import type { Exchange, Stream } from './exchange.js';
import type { Faults } from './faults.js';
import type { OpenApi } from './openapi.js';
import { denialMessage, type Authorizer, type KubeSubject } from './rbac.js';
import type { KubeRequestRecord } from './record.js';
import { requestInfo } from './request-info.js';
import { badRequest, forbidden, internalError, KubeError, reasonFor, unauthorized } from './status.js';
import type { Tokens } from './tokens.js';
import { readBody } from '../read-body.js';

export interface ServerDeps extends ApiDeps {
  readonly tokens: Tokens;
  readonly authorizer: Authorizer;
  readonly faults: Faults;
  readonly record: KubeRequestRecord[];
  readonly openapi: OpenApi;
  readonly version: string;
  readonly aggregatedDiscovery: boolean;
  /** Aborted on close, to end streams and cut injected latency short. */
  readonly closing: AbortSignal;
}

const MAX_BODY_BYTES = 3 * 1024 * 1024;


interface NonResourceReply {
  readonly status: number;
  readonly body: unknown;
  readonly contentType?: string;
}

function serveNonResource(deps: ServerDeps, path: string, accept: string | undefined, host: string): NonResourceReply {
  const aggregated = deps.aggregatedDiscovery && wantsAggregated(accept);
  const parts = path.split('/').filter((p) => p !== '');
  if (path === '/version' || path === '/version/') return { status: 200, body: versionInfo(deps.version) };
  if (['healthz', 'livez', 'readyz'].includes(parts[0] ?? '')) return { status: 200, body: 'ok', contentType: 'text/plain; charset=utf-8' };
  if (parts[0] === 'api' && parts.length === 1) {
    return aggregated ? { status: 200, body: aggregatedDiscovery(true), contentType: AGGREGATED_CONTENT_TYPE } : { status: 200, body: apiVersions(host) };
  }
  if (parts[0] === 'apis' && parts.length === 1) {
    return aggregated ? { status: 200, body: aggregatedDiscovery(false), contentType: AGGREGATED_CONTENT_TYPE } : { status: 200, body: apiGroupList() };
  }
  const found = parts[0] === 'api' && parts.length === 2 ? apiResourceList('', parts[1] ?? '')
    : parts[0] === 'apis' && parts.length === 2 ? apiGroupDocument(parts[1] ?? '')
      : parts[0] === 'apis' && parts.length === 3 ? apiResourceList(parts[1] ?? '', parts[2] ?? '')
        : undefined;
  if (found !== undefined) return { status: 200, body: found };
  if (path === '/openapi/v3') return { status: 200, body: deps.openapi.root() };
  const document = path.startsWith('/openapi/v3/') ? deps.openapi.document(path) : undefined;
  if (document !== undefined) return { status: 200, body: document, contentType: 'application/json' };
  return { status: 404, body: '404 page not found\n', contentType: 'text/plain; charset=utf-8' };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const target = req.url ?? '/';
  const queryStart = target.indexOf('?');
  const path = queryStart < 0 ? target : target.slice(0, queryStart);
  const search = queryStart < 0 ? '' : target.slice(queryStart + 1);
  const query = new URLSearchParams(search);
  let subject: KubeSubject | undefined;
  const info = requestInfo(method, path, query);

  const log = (status: number): void => {
    deps.record.push({
      time: Date.now(),
      method,
      path,
      query: search,
      user: subject?.user ?? null,
      verb: info.verb,
      ...(info.resourceRequest ? {
        resource: info.resource,
        ...(info.subresource === '' ? {} : { subresource: info.subresource }),
        ...(info.namespace === '' ? {} : { namespace: info.namespace }),
        ...(info.name === '' ? {} : { name: info.name }),
      } : {}),
      status,
    });
  };
  const headers = (contentType: string): Record<string, string> => ({
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, private',
    'Audit-Id': randomUUID(),
  });
  const send = (status: number, body: unknown, contentType?: string, extra: Record<string, string> = {}): void => {
    log(status);
    if (res.headersSent || res.destroyed) return;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { ...headers(contentType ?? (typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json')), ...extra });
    res.end(text);
  };
  const fail = (error: unknown): void => {
    const kubeError = error instanceof KubeError ? error
      : error instanceof SyntaxError ? badRequest(`json: cannot unmarshal request body: ${error.message}`)
        : internalError(error instanceof Error ? error.message : String(error));
    send(kubeError.code, kubeError.status(), 'application/json');
  };

  let body: Buffer;
  try {
    body = await readBody(req, MAX_BODY_BYTES, () => new KubeError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));
  } catch (error) {
    fail(error);
    return;
  }

  subject = deps.tokens.authenticate(req.headers.authorization);
  if (subject === undefined) {
    fail(unauthorized());
    return;
  }

  const fault = deps.faults.take(path);
  if (fault?.kind === 'reset') {
    log(0);
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'status') {
    const code = fault.status ?? 500;
    const error = new KubeError(code, reasonFor(code), `injected fault: HTTP ${code}`, code === 429 ? { retryAfterSeconds: 1 } : {});
    send(code, error.status(), 'application/json', code === 429 ? { 'Retry-After': '1' } : {});
    return;
  }
  if (fault?.kind === 'latency') {
    try {
      await sleep(fault.ms ?? 1000, undefined, { signal: deps.closing });
    } catch {
      res.destroy();
      return;
    }
  }

  try {
    const allowed = deps.authorizer.allows(subject, info);
    if (allowed === undefined) {
      throw forbidden(info.resourceRequest ? { group: info.apiGroup, resource: info.resource } : { group: '', resource: '' }, info.name, denialMessage(subject.user, info));
    }
    if (!info.resourceRequest) {
      const reply = serveNonResource(deps, path, req.headers.accept, req.headers.host ?? '127.0.0.1');
      send(reply.status, reply.body, reply.contentType);
      return;
    }
    const exchange: Exchange = {
      method,
      path,
      query,
      body,
      info,
      subject,
      header: (name) => {
        const value = req.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(',') : value;
      },
      send,
      open: (contentType) => openStream(deps, res, contentType, () => log(200)),
    };
    serveResource(deps, exchange);
  } catch (error) {
    fail(error);
  }
}

function openStream(deps: ServerDeps, res: ServerResponse, contentType: string, onOpen: () => void): Stream {
  onOpen();
  const closed = new AbortController();
  const finish = (): void => closed.abort();
  res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  res.on('close', finish);
  deps.closing.addEventListener('abort', () => res.end(), { once: true, signal: closed.signal });
  return {
    write: (chunk) => {
      if (!res.writableEnded && !res.destroyed && chunk !== '') res.write(chunk);
    },
    end: () => {
      if (!res.writableEnded) res.end();
      finish();
    },
    closed: closed.signal,
  };
}

export function createKubeServer(deps: ServerDeps, tls: { key: string; cert: string }): Server {
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    handle(deps, req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 30_000;
  return server;
}
