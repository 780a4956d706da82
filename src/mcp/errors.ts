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

/** Maps any failure of a tool handler to an isError result that says what went wrong and what to do next. */
export function toolFailure(toolName: string, error: unknown): CallToolResult {
  if (error instanceof AliyunApiError) {
    const status = error.statusCode ? ` (HTTP ${error.statusCode})` : '';
    return errorResult(
      [
        `Alibaba Cloud ${error.action} failed: ${error.code}${status}: ${error.message}`,
        ...(error.requestId ? [`RequestId: ${error.requestId}`] : []),
        `Next step: ${error.nextStep}`,
      ].join('\n'),
    );
  }
  if (
    error instanceof MissingCredentialsError ||
    error instanceof ToolInputError ||
    error instanceof KubectlRefusal ||
    error instanceof ClusterAccessError ||
    error instanceof ObservabilityTargetError
  ) {
    return errorResult(error.message);
  }
  if (error instanceof PrometheusApiError) {
    const backend = error.target === 'arms' ? 'ARMS Prometheus' : 'SLS MetricStore';
    const status = error.status ? ` (HTTP ${error.status})` : '';
    return errorResult(`${backend} query failed${status}, ${error.errorType}: ${error.message}\nNext step: ${prometheusNextStep(error)}`);
  }
  if (error instanceof KubernetesApiError) {
    return errorResult(`Kubernetes API error ${error.status} ${error.reason}: ${error.message}\nNext step: ${kubernetesNextStep(error)}`);
  }
  const requestId = currentRequestContext()?.requestId;
  log.error('tool failed unexpectedly', { tool: toolName, error, stack: error instanceof Error ? error.stack : undefined });
  return errorResult(`Internal error while running ${toolName}${requestId ? ` (request ${requestId})` : ''}; the server log has the details.`);
}

/** A bounded name for the kind of failure, for metrics and traces (never the message). */
export function failureType(error: unknown): string {
  if (error instanceof AliyunApiError) return `aliyun_${error.kind}`;
  if (error instanceof MissingCredentialsError) return 'missing_credentials';
  if (error instanceof ToolInputError) return 'input';
  if (error instanceof KubectlRefusal) return 'kubectl_refused';
  if (error instanceof ClusterAccessError) return 'cluster_access';
  if (error instanceof ObservabilityTargetError) return 'observability_target';
  if (error instanceof PrometheusApiError) return 'prometheus';
  if (error instanceof KubernetesApiError) return 'kubernetes';
  return 'internal';
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
