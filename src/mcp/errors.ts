import type { CallToolResult } from '@modelcontextprotocol/server';
import { MissingCredentialsError } from '../aliyun/credentials.js';
import { AliyunApiError } from '../aliyun/errors.js';
import { log } from '../observability/logger.js';
import { currentRequestContext } from '../observability/request-context.js';
import { redactString } from '../observability/redact.js';
import { KubectlRefusal } from '../kubectl/refusal.js';
import { ClusterAccessError } from '../services/cluster-access.js';
import { ObservabilityTargetError } from '../services/observability.js';
import { PrometheusApiError } from '../services/prometheus.js';
import { KubernetesApiError } from '../services/kubernetes.js';
import { ToolInputError } from './tool.js';

export function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text: redactString(text) }], isError: true };
}

/** Failures whose message already says what to change: shown as they are. */
const SELF_EXPLAINING: ReadonlyArray<readonly [abstract new (...args: never[]) => Error, string]> = [
  [MissingCredentialsError, 'missing_credentials'],
  [ToolInputError, 'input'],
  [KubectlRefusal, 'kubectl_refused'],
  [ClusterAccessError, 'cluster_access'],
  [ObservabilityTargetError, 'observability_target'],
];

export interface ToolFailure {
  result: CallToolResult;
  /** A bounded name for the kind of failure, for metrics and traces (never the message). */
  type: string;
}

/** Maps any failure of a tool handler to an isError result that says what went wrong and what to do next. */
export function toolFailure(toolName: string, error: unknown): ToolFailure {
  if (error instanceof AliyunApiError) {
    const status = error.statusCode ? ` (HTTP ${error.statusCode})` : '';
    const text = [
      `Alibaba Cloud ${error.action} failed: ${error.code}${status}: ${error.message}`,
      ...(error.requestId ? [`RequestId: ${error.requestId}`] : []),
      `Next step: ${error.nextStep}`,
    ].join('\n');
    return { result: errorResult(text), type: `aliyun_${error.kind}` };
  }
  const known = SELF_EXPLAINING.find(([kind]) => error instanceof kind);
  if (known) return { result: errorResult((error as Error).message), type: known[1] };
  if (error instanceof PrometheusApiError) {
    const backend = error.target === 'arms' ? 'ARMS Prometheus' : 'SLS MetricStore';
    const status = error.status ? ` (HTTP ${error.status})` : '';
    const text = `${backend} query failed${status}, ${error.errorType}: ${error.message}\nNext step: ${prometheusNextStep(error)}`;
    return { result: errorResult(text), type: 'prometheus' };
  }
  if (error instanceof KubernetesApiError) {
    const text = `Kubernetes API error ${error.status} ${error.reason}: ${error.message}\nNext step: ${kubernetesNextStep(error)}`;
    return { result: errorResult(text), type: 'kubernetes' };
  }
  const requestId = currentRequestContext()?.requestId;
  log.error('tool failed unexpectedly', { tool: toolName, error, stack: error instanceof Error ? error.stack : undefined });
  const text = `Internal error while running ${toolName}${requestId ? ` (request ${requestId})` : ''}; the server log has the details.`;
  return { result: errorResult(text), type: 'internal' };
}

function kubernetesNextStep(error: KubernetesApiError): string {
  switch (error.status) {
    case 401:
      return 'the API server rejected the kubeconfig of your RAM identity; check that it has not been revoked (ACK console > Authorizations) and retry.';
    case 403:
      return 'your RAM identity lacks this Kubernetes RBAC permission in the cluster; ask a cluster administrator to grant it (ACK console > Authorizations), or work within what you may do.';
    case 404:
      return 'check the name, the namespace and the kind (list_kubernetes_resources shows what exists).';
    case 504:
    case 503:
      return 'the API server is slow or unreachable from this server; retry, and check the cluster API server endpoint.';
    default:
      return 'read the message above; correct the request and retry.';
  }
}

function prometheusNextStep(error: PrometheusApiError): string {
  if (error.status === 400 || error.errorType === 'bad_data') return 'fix the PromQL as the message says, then retry.';
  if (error.status === 401) return 'the Prometheus API rejected your AccessKey (Basic auth); check the X-Aliyun-* headers (STS callers must send the security token too).';
  if (error.status === 403) {
    return error.target === 'arms'
      ? 'your RAM identity may not read this Prometheus instance; ask an administrator for the AliyunPrometheusMetricReadAccess policy.'
      : 'your RAM identity may not read this metric store; ask for log:GetLogStoreLogs on the project.';
  }
  if (error.status === 404) return 'the metric store or instance does not exist; describe_cluster_observability shows what was found for the cluster.';
  if (error.errorType === 'timeout' || error.errorType === 'execution' || error.status === 422) {
    return 'narrow the query: a shorter range, a larger step or fewer series (aggregate with sum by (...)).';
  }
  if (error.errorType === 'network' || error.status === 502 || error.status === 503) {
    return 'the Prometheus endpoint is unreachable from this server; retry later, or set ARMS_PROMETHEUS_ENDPOINT=private when the server runs inside the VPC.';
  }
  return 'read the message above; correct the query and retry.';
}
