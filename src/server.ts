import type { AddressInfo } from 'node:net';
import { createServer, type Server as HttpServer } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler } from '@modelcontextprotocol/server';
import { AliyunClients } from './aliyun/clients.js';
import type { Config } from './config.js';
import { createHttpApp } from './http/app.js';
import { Authenticator } from './http/authenticator.js';
import { Lifecycle } from './http/lifecycle.js';
import { isLoopbackAddress } from './http/request-guards.js';
import { unknownToolNames } from './mcp/policy.js';
import { createServerFactory } from './mcp/server.js';
import type { AnyTool } from './mcp/tool.js';
import { log } from './observability/logger.js';
import { AckKubeconfigs } from './services/ack-kubeconfigs.js';
import type { ClusterAccessProvider } from './services/cluster-access.js';
import { InClusterAccess } from './services/in-cluster-access.js';
import { KubectlRunner } from './services/kubectl-runner.js';
import { KubernetesClients } from './services/kubernetes.js';
import { WorkDir } from './services/work-dir.js';
import { ArmsService } from './services/arms.js';
import { ClusterContexts } from './services/cluster-context.js';
import { PrometheusClient } from './services/prometheus.js';
import { ackServiceFor, armsServiceFor } from './mcp/call-tool.js';
import { toolsAt } from './tools/index.js';

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

export class StartupError extends Error {
  override name = 'StartupError';
}

/** Wires configuration, clients, the MCP handler and the HTTP app, and starts listening. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const tools = options.tools;
  const toolsFor = tools ? () => tools : toolsAt;
  const authenticator = Authenticator.fromConfig(config);
  checkExposure(config, authenticator, toolsFor('read-only'), options.allowUnauthenticated ?? config.MCP_ALLOW_UNAUTHENTICATED);

  const clients = new AliyunClients(config);
  const retry = { retries: config.ALIBABA_CLOUD_READ_RETRIES, baseMs: config.ALIBABA_CLOUD_RETRY_BASE_MS };
  const workDir = new WorkDir(config.KUBECTL_WORK_DIR);
  workDir.sweep();
  const factory = createServerFactory({
    toolsAt: toolsFor,
    exposure: {
      readOnly: config.MCP_READ_ONLY,
      allowList: config.MCP_TOOLS,
      kubectlLevel: config.KUBECTL_ACCESS_LEVEL,
      features: { 'sls-ai-tools': config.SLS_AI_TOOLS_ENABLED },
    },
    env: {
      clients,
      retry,
      polling: { initialMs: config.ACK_POLL_INITIAL_MS, maxMs: config.ACK_POLL_MAX_MS },
      kubernetes: {
        access: clusterAccess(config, clients, retry),
        clients: new KubernetesClients(config.KUBERNETES_TIMEOUT_SECONDS * 1000),
        runner: new KubectlRunner({
          path: config.KUBECTL_PATH,
          maxOutputBytes: config.KUBECTL_MAX_OUTPUT_BYTES,
          maxProcesses: config.KUBECTL_MAX_PROCESSES,
          workDir,
        }),
        kubectlTimeoutMs: config.KUBECTL_TIMEOUT_SECONDS * 1000,
      },
      observability: {
        contexts: new ClusterContexts({
          ttlMs: config.CLUSTER_CONTEXT_TTL_SECONDS * 1000,
          maxEntries: config.CLIENT_CACHE_MAX,
          ackFor: (caller) => ackServiceFor(clients, retry, caller),
          armsFor: (caller, regionId) => armsServiceFor(clients, retry, caller, regionId),
        }),
        clients,
        slsPolicy: { retry, maxAttempts: config.SLS_QUERY_MAX_ATTEMPTS, incompleteBaseMs: 200 },
        prometheus: new PrometheusClient(config.PROMETHEUS_TIMEOUT_SECONDS * 1000),
        armsEndpoint: config.ARMS_PROMETHEUS_ENDPOINT,
        aiToolsRegion: config.SLS_AI_TOOLS_REGION,
        limits: { maxSeries: config.PROMQL_MAX_SERIES, maxPoints: config.PROMQL_MAX_POINTS },
      },
    },
  });
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
      log.info('stopped', { all_calls_finished: finished });
      return finished;
    })();
    return shuttingDown;
  };
  return { url, mcpUrl: `${url}/mcp/v1`, http, clients, lifecycle, shutdown };
}

function clusterAccess(config: Config, clients: AliyunClients, retry: { retries: number; baseMs: number }): ClusterAccessProvider {
  if (config.KUBERNETES_MODE === 'in-cluster') {
    return new InClusterAccess({
      clusterId: config.KUBERNETES_IN_CLUSTER_ID ?? '',
      serviceAccountDir: config.KUBERNETES_SERVICE_ACCOUNT_DIR,
      env: process.env,
    });
  }
  return new AckKubeconfigs({
    endpoint: config.ACK_KUBECONFIG_ENDPOINT,
    minutes: config.ACK_KUBECONFIG_TTL_MINUTES,
    maxEntries: config.CLIENT_CACHE_MAX,
    ackFor: (caller) => ackServiceFor(clients, retry, caller),
  });
}

function checkExposure(config: Config, authenticator: Authenticator, tools: readonly AnyTool[], allowUnauthenticated: boolean): void {
  if (!authenticator.enabled && !isLoopbackAddress(config.MCP_HOST) && !allowUnauthenticated) {
    throw new StartupError(
      `Refusing to listen on ${config.MCP_HOST} without authentication. Set MCP_AUTH_TOKEN or MCP_TOKENS_FILE, or pass --allow-unauthenticated if something in front of this server authenticates callers.`,
    );
  }
  const unknown = [
    ...unknownToolNames(tools, config.MCP_TOOLS).map((n) => `MCP_TOOLS names an unknown tool "${n}"`),
    ...authenticator.principals.flatMap((p) => unknownToolNames(tools, p.tools ?? []).map((n) => `principal "${p.name}" allows an unknown tool "${n}"`)),
  ];
  if (unknown.length > 0) throw new StartupError(`${unknown.join('; ')}. Known tools: ${tools.map((t) => t.name).join(', ')}.`);
}
