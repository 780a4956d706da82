import type { CallToolResult } from '@modelcontextprotocol/server';
import { AliyunApiError } from '../aliyun/errors.js';
import { log } from '../observability/logger.js';
import { currentRequestContext } from '../observability/request-context.js';
import { redactString } from '../observability/redact.js';
import { KubectlRefusal } from '../kubectl/refusal.js';
import { ClusterAccessError } from '../services/cluster-access.js';
import { KubernetesApiError } from '../services/kubernetes.js';
import { ToolInputError } from './tool.js';

/** The caller sent no usable Alibaba Cloud credentials for a tool that needs them. */
export class MissingCredentialsError extends Error {
  override name = 'MissingCredentialsError';
}

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
    error instanceof ClusterAccessError
  ) {
    return errorResult(error.message);
  }
  if (error instanceof KubernetesApiError) {
    return errorResult(`Kubernetes API error ${error.status} ${error.reason}: ${error.message}\nNext step: ${kubernetesNextStep(error)}`);
  }
  const requestId = currentRequestContext()?.requestId;
  log.error('tool failed unexpectedly', { tool: toolName, error, stack: error instanceof Error ? error.stack : undefined });
  return errorResult(`Internal error while running ${toolName}${requestId ? ` (request ${requestId})` : ''}; the server log has the details.`);
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
