import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of the process, served at GET /metrics. Labels are bounded sets only (tool
 * names, backend API names, HTTP routes, status codes): never a caller, cluster id or argument,
 * so nothing about a tenant and no secret can reach a metric.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const registers = [metricsRegistry];
const latency = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export type ToolOutcome = 'ok' | 'error' | 'invalid_arguments';
export type BackendService = 'ack' | 'sls' | 'arms' | 'prometheus' | 'kubernetes';
export type CacheName = 'sdk_client' | 'kubeconfig' | 'cluster_context' | 'kubernetes_client';

const toolCalls = new Counter({
  name: 'ack_mcp_tool_calls_total',
  help: 'Tool calls by tool and outcome (ok, error, invalid_arguments).',
  labelNames: ['tool', 'outcome'] as const,
  registers,
});
const toolErrors = new Counter({
  name: 'ack_mcp_tool_errors_total',
  help: 'Failed tool calls by tool and error type.',
  labelNames: ['tool', 'error_type'] as const,
  registers,
});
const toolDuration = new Histogram({
  name: 'ack_mcp_tool_call_duration_seconds',
  help: 'Tool call duration by tool and outcome.',
  labelNames: ['tool', 'outcome'] as const,
  buckets: latency,
  registers,
});
const toolsInFlight = new Gauge({
  name: 'ack_mcp_tool_calls_in_flight',
  help: 'Tool calls running now.',
  labelNames: ['tool'] as const,
  registers,
});
const backendCalls = new Counter({
  name: 'ack_mcp_backend_requests_total',
  help: 'Requests to backends (ack, sls, arms, prometheus, kubernetes) by API and status (HTTP status, or network/timeout/cancelled).',
  labelNames: ['service', 'api', 'status'] as const,
  registers,
});
const backendDuration = new Histogram({
  name: 'ack_mcp_backend_request_duration_seconds',
  help: 'Backend request duration by service and API (each retry attempt counts once).',
  labelNames: ['service', 'api'] as const,
  buckets: latency,
  registers,
});
const kubectlDuration = new Histogram({
  name: 'ack_mcp_kubectl_duration_seconds',
  help: 'kubectl process run time by verb.',
  labelNames: ['verb'] as const,
  buckets: latency,
  registers,
});
const kubectlExits = new Counter({
  name: 'ack_mcp_kubectl_exits_total',
  help: 'kubectl processes by verb and exit code (`killed` after a timeout or cancellation, `spawn_error` when it could not start).',
  labelNames: ['verb', 'exit_code'] as const,
  registers,
});
const cacheLookups = new Counter({
  name: 'ack_mcp_cache_lookups_total',
  help: 'Cache lookups by cache and result (hit or miss). Every cache is keyed by the caller credential fingerprint.',
  labelNames: ['cache', 'result'] as const,
  registers,
});
const httpInFlight = new Gauge({
  name: 'ack_mcp_http_requests_in_flight',
  help: 'HTTP requests being served now.',
  registers,
});
const httpRequests = new Counter({
  name: 'ack_mcp_http_requests_total',
  help: 'HTTP requests by method, route and status.',
  labelNames: ['method', 'route', 'status'] as const,
  registers,
});
const httpDuration = new Histogram({
  name: 'ack_mcp_http_request_duration_seconds',
  help: 'HTTP request duration by route (a streamed MCP response counts until its last byte).',
  labelNames: ['route'] as const,
  buckets: latency,
  registers,
});

const seconds = (startedMs: number) => (performance.now() - startedMs) / 1000;

/** The recording side of the metrics: one small method per event, so call sites stay one line. */
export const metrics = {
  toolStarted(tool: string): (outcome: ToolOutcome, errorType?: string) => void {
    const started = performance.now();
    toolsInFlight.inc({ tool });
    return (outcome, errorType) => {
      toolsInFlight.dec({ tool });
      toolCalls.inc({ tool, outcome });
      toolDuration.observe({ tool, outcome }, seconds(started));
      if (outcome !== 'ok') toolErrors.inc({ tool, error_type: errorType ?? outcome });
    };
  },

  backend(service: BackendService, api: string, status: string, startedMs: number): void {
    backendCalls.inc({ service, api, status });
    backendDuration.observe({ service, api }, seconds(startedMs));
  },

  kubectl(verb: string, exitCode: string, durationMs: number): void {
    kubectlDuration.observe({ verb }, durationMs / 1000);
    kubectlExits.inc({ verb, exit_code: exitCode });
  },

  cache(cache: CacheName, hit: boolean): void {
    cacheLookups.inc({ cache, result: hit ? 'hit' : 'miss' });
  },

  httpStarted(): (method: string, route: string, status: number) => void {
    const started = performance.now();
    httpInFlight.inc();
    return (method, route, status) => {
      httpInFlight.dec();
      httpRequests.inc({ method, route, status: String(status) });
      httpDuration.observe({ route }, seconds(started));
    };
  },
};
