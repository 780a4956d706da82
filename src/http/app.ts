import { randomUUID } from 'node:crypto';
import type { NodeMcpRequestHandler } from '@modelcontextprotocol/node';
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import type { Config } from '../config.js';
import { log } from '../observability/logger.js';
import { metrics, metricsRegistry } from '../observability/metrics.js';
import { otelContext, startServerSpan } from '../observability/tracing.js';
import { runWithRequestContext } from '../observability/request-context.js';
import type { Authenticator } from './authenticator.js';
import { bearerAuth } from './bearer-auth.js';
import type { Caller } from './caller.js';
import { credentialsFromHeaders, regionFromHeaders } from './credential-headers.js';
import { sendJsonError } from './json-error.js';
import type { Lifecycle } from './lifecycle.js';
import { hostValidation, isLoopbackAddress, originValidation } from './request-guards.js';

export const MCP_PATHS = ['/mcp/v1', '/mcp'];

export interface HttpAppOptions {
  config: Config;
  authenticator: Authenticator;
  mcp: NodeMcpRequestHandler;
  lifecycle: Lifecycle;
}

/** The Express app: health, guards, bearer auth, caller resolution, then MCP. Every error is JSON. */
export function createHttpApp({ config, authenticator, mcp, lifecycle }: HttpAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestContext);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    if (lifecycle.draining) res.status(503).json({ status: 'draining' });
    else res.json({ status: 'ready' });
  });
  if (config.MCP_METRICS_ENABLED) {
    // Like the probes, before the Host check: Prometheus scrapes by pod IP. Labels hold no tenant data.
    app.get('/metrics', (_req, res, next) => {
      metricsRegistry
        .metrics()
        .then((text) => res.type(metricsRegistry.contentType).send(text))
        .catch(next);
    });
  }

  const loopback = isLoopbackAddress(config.MCP_HOST);
  app.use(hostValidation(config.MCP_ALLOWED_HOSTS, loopback));
  app.use(originValidation(config.MCP_ALLOWED_ORIGINS, loopback));

  const methodNotAllowed: RequestHandler = (_req, res) =>
    sendJsonError(res, 405, -32000, 'Method not allowed: this stateless server accepts POST only.', { Allow: 'POST' });
  app.get(MCP_PATHS, methodNotAllowed);
  app.delete(MCP_PATHS, methodNotAllowed);

  app.post(
    MCP_PATHS,
    (req, res, next) => {
      if (!lifecycle.draining) return next();
      sendJsonError(res, 503, -32000, 'Server is shutting down; retry on another replica.', { Connection: 'close', 'Retry-After': '1' });
    },
    bearerAuth(authenticator),
    express.json({ limit: config.MCP_MAX_BODY_BYTES, type: ['application/json', 'application/*+json'] }),
    (req, res) => {
      const done = lifecycle.begin();
      res.on('close', done);
      const caller = resolveCaller(req, config);
      req.auth = { token: '[redacted]', clientId: caller.principal.name, scopes: [], extra: { caller } };
      const span = startServerSpan(`POST ${req.path}`, req.headers);
      res.on('close', () => span.end(res.statusCode));
      otelContext.with(span.context, () =>
        mcp(req, res, req.body).catch((error: unknown) => {
          log.error('MCP handler failed', { error });
          sendJsonError(res, 500, -32603, 'Internal error');
        }),
      );
    },
  );

  app.use((_req, res) => sendJsonError(res, 404, -32601, 'Not found: the MCP endpoint is POST /mcp/v1.'));
  app.use(jsonErrors);
  return app;
}

function resolveCaller(req: Request, config: Config): Caller {
  const principal = req.principal!;
  const region = regionFromHeaders(req.headers, config.ALIBABA_CLOUD_REGION);
  if (!region.ok) return { principal, region: config.ALIBABA_CLOUD_REGION, credentials: { ok: false, problem: region.problem } };
  return { principal, region: region.region, credentials: credentialsFromHeaders(req.headers, principal.credentialSource) };
}

const requestContext: RequestHandler = (req, res, next) => {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  const started = process.hrtime.bigint();
  const counted = metrics.httpStarted();
  res.once('close', () => counted(req.method, routeOf(req.path), res.statusCode));
  const context = { requestId } as { requestId: string; principal?: string };
  res.on('finish', () => {
    context.principal = req.principal?.name;
    const body = req.body as { method?: unknown; params?: { name?: unknown } } | undefined;
    log.info('http request', {
      method: req.method,
      path: req.path,
      status: res.statusCode,
      duration_ms: Number(process.hrtime.bigint() - started) / 1e6,
      mcp_method: typeof body?.method === 'string' ? body.method : undefined,
      tool: typeof body?.params?.name === 'string' ? body.params.name : undefined,
    });
  });
  runWithRequestContext(context, next);
};

const ROUTES = new Set([...MCP_PATHS, '/healthz', '/readyz', '/metrics']);

/** The route label of a request: a known path, or `other` (so scans of random paths add no series). */
function routeOf(path: string): string {
  return ROUTES.has(path) ? path : 'other';
}

const jsonErrors: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, _next) => {
  if (error.type === 'entity.parse.failed') return sendJsonError(res, 400, -32700, 'Parse error: the body is not valid JSON.');
  if (error.type === 'entity.too.large') return sendJsonError(res, 413, -32000, 'Payload too large: the body exceeds MCP_MAX_BODY_BYTES.');
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
    return sendJsonError(res, 415, -32000, 'Unsupported content encoding or charset.');
  }
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return sendJsonError(res, error.status, -32600, 'Bad request.');
  }
  log.error('unhandled HTTP error', { error });
  sendJsonError(res, 500, -32603, 'Internal error');
};
