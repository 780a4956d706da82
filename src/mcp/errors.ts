import type { CallToolResult } from '@modelcontextprotocol/server';
import { AliyunApiError } from '../aliyun/errors.js';
import { log } from '../observability/logger.js';
import { currentRequestContext } from '../observability/request-context.js';
import { redactString } from '../observability/redact.js';
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
  if (error instanceof MissingCredentialsError || error instanceof ToolInputError) return errorResult(error.message);
  const requestId = currentRequestContext()?.requestId;
  log.error('tool failed unexpectedly', { tool: toolName, error, stack: error instanceof Error ? error.stack : undefined });
  return errorResult(`Internal error while running ${toolName}${requestId ? ` (request ${requestId})` : ''}; the server log has the details.`);
}
