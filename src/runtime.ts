import { AliyunClients } from './aliyun/clients.js';
import type { Config } from './config.js';
import { ackServiceFor, armsServiceFor } from './mcp/call-tool.js';
import { unknownToolNames } from './mcp/policy.js';
import type { McpServerFactoryOptions } from './mcp/server.js';
import type { AnyTool } from './mcp/tool.js';
import { AckKubeconfigs } from './services/ack-kubeconfigs.js';
import { ArmsService } from './services/arms.js';
import type { ClusterAccessProvider } from './services/cluster-access.js';
import { ClusterContexts } from './services/cluster-context.js';
import { InClusterAccess } from './services/in-cluster-access.js';
import { KubectlRunner } from './services/kubectl-runner.js';
import { KubernetesClients } from './services/kubernetes.js';
import { PrometheusClient } from './services/prometheus.js';
import type { RetryPolicy } from './services/retry.js';
import { WorkDir } from './services/work-dir.js';
import { toolsAt } from './tools/index.js';

/** A problem with the configuration found while starting (reported without a stack trace). */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Everything a transport (HTTP or stdio) needs to serve tools: the clients and the factory options. */
export interface Runtime {
  clients: AliyunClients;
  toolsAt: McpServerFactoryOptions['toolsAt'];
  factoryOptions: Omit<McpServerFactoryOptions, 'callerOf'>;
}

/** Builds the clients, caches and runners of the server from its configuration, the same for every transport. */
export function createRuntime(config: Config, tools?: readonly AnyTool[]): Runtime {
  const toolsFor = tools ? () => tools : toolsAt;
  const known = toolsFor('read-only');
  const unknown = unknownToolNames(known, config.MCP_TOOLS);
  if (unknown.length > 0) {
    throw new StartupError(`${unknown.map((n) => `MCP_TOOLS names an unknown tool "${n}"`).join('; ')}. Known tools: ${known.map((t) => t.name).join(', ')}.`);
  }
  const clients = new AliyunClients(config);
  const retry = { retries: config.ALIBABA_CLOUD_READ_RETRIES, baseMs: config.ALIBABA_CLOUD_RETRY_BASE_MS };
  const workDir = new WorkDir(config.KUBECTL_WORK_DIR);
  workDir.sweep();
  return {
    clients,
    toolsAt: toolsFor,
    factoryOptions: {
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
            armsFor: (caller, regionId): ArmsService => armsServiceFor(clients, retry, caller, regionId),
          }),
          clients,
          slsPolicy: { retry, maxAttempts: config.SLS_QUERY_MAX_ATTEMPTS, incompleteBaseMs: 200 },
          prometheus: new PrometheusClient(config.PROMETHEUS_TIMEOUT_SECONDS * 1000),
          armsEndpoint: config.ARMS_PROMETHEUS_ENDPOINT,
          aiToolsRegion: config.SLS_AI_TOOLS_REGION,
          limits: { maxSeries: config.PROMQL_MAX_SERIES, maxPoints: config.PROMQL_MAX_POINTS },
        },
      },
    },
  };
}

function clusterAccess(config: Config, clients: AliyunClients, retry: RetryPolicy): ClusterAccessProvider {
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
