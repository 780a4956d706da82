import { z } from 'zod';
import { accessLevels } from './kubectl/access-level.js';

/**
 * Every setting of the server, read from the environment (and `.env`). This schema is the single
 * source of truth: `.env.example` and the README's configuration table are checked against it.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** An Alibaba Cloud region id such as cn-hangzhou; shared by config, headers and tool arguments. */
export const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;

const HOST_PORT = /^[A-Za-z0-9.-]+(:\d+)?$/;

export const credentialSources = ['headers', 'default', 'headers-or-default'] as const;
export type CredentialSource = (typeof credentialSources)[number];

export const configSchema = z.object({
  MCP_HOST: z.string().min(1).default('127.0.0.1').describe('Address to listen on.'),
  MCP_PORT: int(0, 65535).default(8080).describe('Port to listen on (0 picks a free port).'),
  MCP_AUTH_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('Shared bearer token every caller must send as `Authorization: Bearer <token>`.'),
  MCP_TOKENS_FILE: z
    .string()
    .optional()
    .describe('Path of a JSON file of principals (token SHA-256, read-only flag, tool allow-list, credential source).'),
  MCP_ALLOW_UNAUTHENTICATED: bool
    .default(false)
    .describe('Allow listening on a non-loopback address without any bearer token (same as `--allow-unauthenticated`).'),
  MCP_ALLOWED_HOSTS: list
    .default([])
    .describe('Comma-separated Host names accepted besides loopback names (add your load balancer and ingress names).'),
  MCP_ALLOWED_ORIGINS: list
    .default([])
    .describe('Comma-separated browser Origins accepted (`https://app.example.com`); requests without Origin are always accepted.'),
  MCP_MAX_BODY_BYTES: int(1024, 16 * 1024 * 1024).default(1024 * 1024).describe('Largest accepted request body in bytes.'),
  MCP_SHUTDOWN_GRACE_SECONDS: int(0, 3600)
    .default(30)
    .describe('On SIGTERM, how long in-flight calls may run before the process exits anyway.'),
  MCP_READ_ONLY: bool.default(false).describe('Expose only tools annotated read-only, for every caller.'),
  MCP_TOOLS: list
    .default([])
    .describe('Comma-separated allow-list of tool names for every caller (empty = all tools).'),
  MCP_TRANSPORT: z
    .enum(['http', 'stdio'])
    .default('http')
    .describe('`http` (Streamable HTTP at /mcp/v1, multi-tenant) or `stdio` (one local user, default credential chain; same as `--transport stdio`).'),
  MCP_METRICS_ENABLED: bool.default(true).describe('Serve Prometheus metrics at GET /metrics (no auth, like /healthz; keep it off public ingresses).'),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('OTLP/HTTP traces URL (e.g. `http://otel-collector:4318/v1/traces`); when set (or OTEL_EXPORTER_OTLP_ENDPOINT), each tool call is traced, continuing a W3C `traceparent`.'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('OTLP/HTTP base URL; traces go to `<url>/v1/traces`. OTEL_EXPORTER_OTLP_HEADERS is honoured by the exporter.'),
  OTEL_SERVICE_NAME: z.string().min(1).default('ack-mcp-server').describe('`service.name` of exported spans.'),
  MCP_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('Lowest log level written.'),
  ALIBABA_CLOUD_CREDENTIAL_SOURCE: z
    .enum(credentialSources)
    .default('headers')
    .describe(
      'Where Alibaba Cloud credentials come from: `headers` (X-Aliyun-* per request; multi-tenant), `default` (the server identity from the default credential chain) or `headers-or-default`.',
    ),
  ALIBABA_CLOUD_REGION: z
    .string()
    .regex(REGION_ID, 'must look like cn-hangzhou')
    .default('cn-hangzhou')
    .describe('Region used when the caller sends no X-Aliyun-Region header.'),
  ACK_CS_ENDPOINT: z
    .string()
    .regex(HOST_PORT, 'must be host[:port] without a scheme')
    .optional()
    .describe('Override of the ACK (CS) OpenAPI endpoint, e.g. a VPC endpoint `cs-vpc.cn-hangzhou.aliyuncs.com`.'),
  ALIBABA_CLOUD_PROTOCOL: z
    .enum(['https', 'http'])
    .default('https')
    .describe('Protocol used for Alibaba Cloud OpenAPI calls (`http` only for local emulators).'),
  ALIBABA_CLOUD_TIMEOUT_MS: int(100, 120_000).default(15_000).describe('Connect and read timeout of each OpenAPI call.'),
  ALIBABA_CLOUD_READ_RETRIES: int(0, 10)
    .default(2)
    .describe('Retries of read-only OpenAPI calls on throttling, 5xx or connection errors (writes are never retried).'),
  ALIBABA_CLOUD_RETRY_BASE_MS: int(1, 60_000).default(200).describe('First retry delay; doubles on each retry, with jitter.'),
  CLIENT_CACHE_MAX: int(1, 100_000).default(500).describe('Most SDK clients kept (keyed by credential fingerprint, service, region).'),
  CLIENT_CACHE_TTL_SECONDS: int(1, 86_400).default(900).describe('How long an unused SDK client is kept.'),
  ACK_POLL_INITIAL_MS: int(10, 60_000)
    .default(2_000)
    .describe('First poll interval when a tool waits for a task or diagnosis (`wait_seconds`).'),
  ACK_POLL_MAX_MS: int(10, 120_000).default(15_000).describe('Longest poll interval (the interval grows 1.5x per poll).'),
  KUBERNETES_MODE: z
    .enum(['ack', 'in-cluster'])
    .default('ack')
    .describe(
      'How Kubernetes tools reach a cluster: `ack` (a kubeconfig of the caller\'s own RAM identity from DescribeClusterUserKubeconfig, per caller and cluster) or `in-cluster` (single-tenant: the pod\'s service account, only for KUBERNETES_IN_CLUSTER_ID).',
    ),
  KUBERNETES_IN_CLUSTER_ID: z
    .string()
    .regex(/^c[a-z0-9]{32}$/, 'must be an ACK cluster id (c + 32 lowercase letters or digits)')
    .optional()
    .describe('With KUBERNETES_MODE=in-cluster: the ACK cluster id of the cluster this server runs in (other clusters are refused).'),
  KUBERNETES_SERVICE_ACCOUNT_DIR: z
    .string()
    .min(1)
    .default('/var/run/secrets/kubernetes.io/serviceaccount')
    .describe('With KUBERNETES_MODE=in-cluster: where the service account token and ca.crt are mounted.'),
  ACK_KUBECONFIG_ENDPOINT: z
    .enum(['public', 'private'])
    .default('public')
    .describe('Which API server endpoint kubeconfigs point at: `public` or `private` (the VPC endpoint, when this server runs in the VPC).'),
  ACK_KUBECONFIG_TTL_MINUTES: int(15, 4320)
    .default(60)
    .describe('Lifetime requested for each caller kubeconfig (TemporaryDurationMinutes); it is refreshed well before it expires.'),
  KUBECTL_PATH: z.string().min(1).default('kubectl').describe('The kubectl binary (a path, or a name looked up on PATH).'),
  KUBECTL_ACCESS_LEVEL: z
    .enum(accessLevels)
    .default('read-only')
    .describe('Most the `kubectl` tool may do: `read-only`, `read-write` or `admin` (exec, cp, debug, unmasked Secret values). Principals may narrow it.'),
  KUBECTL_TIMEOUT_SECONDS: int(1, 600)
    .default(30)
    .describe('Longest a kubectl command may run (watches and follows end there); the whole process group is killed.'),
  KUBECTL_MAX_OUTPUT_BYTES: int(1024, 16 * 1024 * 1024)
    .default(100_000)
    .describe('Most stdout (and, separately, stderr) returned per kubectl command; beyond it the head and tail are kept and `truncated` is set.'),
  KUBECTL_MAX_PROCESSES: int(1, 256).default(8).describe('Most kubectl processes running at once; further commands wait for a slot.'),
  KUBECTL_WORK_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('Private directory (created with mode 0700) for per-command kubeconfig files; default `<os tmpdir>/ack-mcp-server-<uid>`.'),
  KUBERNETES_TIMEOUT_SECONDS: int(1, 300).default(20).describe('Timeout of each Kubernetes API request made by the structured Kubernetes tools.'),
  CLUSTER_CONTEXT_TTL_SECONDS: int(10, 86_400)
    .default(300)
    .describe('How long a discovered cluster context (region, log projects, Prometheus endpoint) is kept per caller and cluster.'),
  SLS_ENDPOINT: z
    .string()
    .regex(HOST_PORT, 'must be host[:port] without a scheme')
    .optional()
    .describe('Override of the SLS endpoint for every region, e.g. `cn-hangzhou-intranet.log.aliyuncs.com` (default `<cluster region>.log.aliyuncs.com`).'),
  SLS_NETWORK: z
    .enum(['public', 'intranet'])
    .default('public')
    .describe('SLS endpoint kind when SLS_ENDPOINT is not set: `public` (`<region>.log.aliyuncs.com`) or `intranet` (`<region>-intranet.log.aliyuncs.com`, inside the VPC).'),
  SLS_QUERY_MAX_ATTEMPTS: int(1, 20)
    .default(5)
    .describe('How many times an SLS query whose result is still Incomplete is sent before the partial result is returned.'),
  SLS_AI_TOOLS_ENABLED: bool
    .default(true)
    .describe('Offer the natural-language tools backed by SLS CallAiTools (sls_translate_text_to_sql_query, sls_diagnose_query, cms_translate_text_to_promql); turn off where that service is retired.'),
  SLS_AI_TOOLS_REGION: z
    .string()
    .regex(REGION_ID, 'must look like cn-shanghai')
    .optional()
    .describe("Region whose SLS endpoint serves CallAiTools (default: the cluster's region)."),
  ARMS_ENDPOINT: z
    .string()
    .regex(HOST_PORT, 'must be host[:port] without a scheme')
    .optional()
    .describe('Override of the ARMS OpenAPI endpoint (default `arms.<cluster region>.aliyuncs.com`).'),
  ARMS_PROMETHEUS_ENDPOINT: z
    .enum(['public', 'private'])
    .default('public')
    .describe('Which Prometheus HTTP API URL of an ARMS instance to query: `public` (HttpApiInterUrl) or `private` (HttpApiIntraUrl, inside the VPC).'),
  PROMETHEUS_TIMEOUT_SECONDS: int(1, 300).default(30).describe('Timeout of each Prometheus HTTP API request.'),
  PROMQL_MAX_SERIES: int(1, 10_000).default(50).describe('Most series a PromQL result returns; the rest are counted and dropped.'),
  PROMQL_MAX_POINTS: int(2, 11_000)
    .default(120)
    .describe('Most points per series a range query returns (the step is chosen to fit when not given; otherwise the newest points are kept).'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment into a Config; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(configSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = configSchema.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (parsed.data.ACK_POLL_MAX_MS < parsed.data.ACK_POLL_INITIAL_MS) {
    throw new ConfigError('Invalid configuration:\n  ACK_POLL_MAX_MS: must be at least ACK_POLL_INITIAL_MS');
  }
  if (parsed.data.KUBERNETES_MODE === 'in-cluster' && !parsed.data.KUBERNETES_IN_CLUSTER_ID) {
    throw new ConfigError('Invalid configuration:\n  KUBERNETES_IN_CLUSTER_ID: required when KUBERNETES_MODE=in-cluster (the cluster id of the cluster this server runs in)');
  }
  return parsed.data;
}
