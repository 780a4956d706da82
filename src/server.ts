import type { AddressInfo } from 'node:net';
import { createServer, type Server as HttpServer } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler } from '@modelcontextprotocol/server';
import type { AliyunClients } from './aliyun/clients.js';
import type { Config } from './config.js';
import { createHttpApp } from './http/app.js';
import { Authenticator } from './http/authenticator.js';
import { Lifecycle } from './http/lifecycle.js';
import { isLoopbackAddress } from './http/request-guards.js';
import { unknownToolNames } from './mcp/policy.js';
import { createServerFactory, SERVER_INFO } from './mcp/server.js';
import type { AnyTool } from './mcp/tool.js';
import { log } from './observability/logger.js';
import { startTracing } from './observability/tracing.js';
import { createRuntime, StartupError } from './runtime.js';

export { StartupError };

export interface RunningServer {
  url: string;
  mcpUrl: string;
  http: HttpServer;
  clients: AliyunClients;
  lifecycle: Lifecycle;
  /** Stops accepting calls, lets in-flight calls finish within the grace period, then closes. Resolves true if all finished. */
  shutdown(graceMs?: number): Promise<boolean>;
}

export interface StartOptions {
  allowUnauthenticated?: boolean;
  tools?: readonly AnyTool[];
}

/** Wires configuration, clients, the MCP handler and the HTTP app, and starts listening. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const runtime = createRuntime(config, options.tools);
  const authenticator = Authenticator.fromConfig(config);
  checkExposure(config, authenticator, runtime.toolsAt('read-only'), options.allowUnauthenticated ?? config.MCP_ALLOW_UNAUTHENTICATED);
  const tracing = await startTracing(config, SERVER_INFO.version);
  const { clients } = runtime;
  const factory = createServerFactory(runtime.factoryOptions);
  const onerror = (error: Error) => log.warn('MCP request rejected', { error: error.message });
  const handler = createMcpHandler(factory, { legacy: 'stateless', responseMode: 'auto', maxRequestBodySize: config.MCP_MAX_BODY_BYTES, onerror });
  const mcp = toNodeHandler(handler, { maxRequestBodySize: config.MCP_MAX_BODY_BYTES, onerror });
  const lifecycle = new Lifecycle();
  const app = createHttpApp({ config, authenticator, mcp, lifecycle });

  const http = createServer(app);
  http.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.MCP_PORT, config.MCP_HOST, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const host = config.MCP_HOST.includes(':') ? `[${config.MCP_HOST}]` : config.MCP_HOST;
  const url = `http://${host}:${port}`;
  log.info('listening', { url: `${url}/mcp/v1`, auth: authenticator.enabled ? `${authenticator.principals.length} principal(s)` : 'none' });

  let shuttingDown: Promise<boolean> | undefined;
  const shutdown = (graceMs = config.MCP_SHUTDOWN_GRACE_SECONDS * 1000) => {
    shuttingDown ??= (async () => {
      // Keep listening while draining: readiness answers 503 and new calls get a clean 503 JSON
      // (load balancers may still route here for a moment) while in-flight calls finish.
      lifecycle.draining = true;
      log.info('draining', { in_flight: lifecycle.active, grace_ms: graceMs });
      const finished = await lifecycle.idle(graceMs);
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      await handler.close();
      http.closeAllConnections();
      await closed;
      await tracing.shutdown();
      log.info('stopped', { all_calls_finished: finished });
      return finished;
    })();
    return shuttingDown;
  };
  return { url, mcpUrl: `${url}/mcp/v1`, http, clients, lifecycle, shutdown };
}

function checkExposure(config: Config, authenticator: Authenticator, tools: readonly AnyTool[], allowUnauthenticated: boolean): void {
  if (!authenticator.enabled && !isLoopbackAddress(config.MCP_HOST) && !allowUnauthenticated) {
    throw new StartupError(
      `Refusing to listen on ${config.MCP_HOST} without authentication. Set MCP_AUTH_TOKEN or MCP_TOKENS_FILE, or pass --allow-unauthenticated if something in front of this server authenticates callers.`,
    );
  }
  const unknown = [
    ...authenticator.principals.flatMap((p) => unknownToolNames(tools, p.tools ?? []).map((n) => `principal "${p.name}" allows an unknown tool "${n}"`)),
  ];
  if (unknown.length > 0) throw new StartupError(`${unknown.join('; ')}. Known tools: ${tools.map((t) => t.name).join(', ')}.`);
}
