import type { CallToolResult } from '@modelcontextprotocol/server';
import type { AliyunClients } from '../aliyun/clients.js';
import { AliyunApiError } from '../aliyun/errors.js';
import { requireCredentials, type Caller } from '../http/caller.js';
import { audit } from '../observability/audit.js';
import { metrics, type ToolOutcome } from '../observability/metrics.js';
import { inSpan, SpanKind } from '../observability/tracing.js';
import { AckService } from '../services/ack.js';
import { ArmsService } from '../services/arms.js';
import type { ClusterAccessProvider } from '../services/cluster-access.js';
import type { KubectlRunner } from '../services/kubectl-runner.js';
import type { KubernetesClients } from '../services/kubernetes.js';
import { Observability, type ObservabilityDeps } from '../services/observability.js';
import type { RetryPolicy } from '../services/retry.js';
import { listingOf } from './catalog.js';
import { errorResult, toolFailure } from './errors.js';
import type { AnyTool, ProgressUpdate, ToolContext } from './tool.js';
import { describeIssues, unknownArguments } from './validation.js';

export interface KubernetesEnvironment {
  access: ClusterAccessProvider;
  clients: KubernetesClients;
  runner: KubectlRunner;
  kubectlTimeoutMs: number;
}

export interface CallEnvironment {
  clients: AliyunClients;
  retry: RetryPolicy;
  polling: { initialMs: number; maxMs: number };
  kubernetes: KubernetesEnvironment;
  observability: ObservabilityDeps;
}

export interface CallRequest {
  caller: Caller;
  signal: AbortSignal;
  progress(update: ProgressUpdate): Promise<void>;
}

/** Runs one tool call, counted, timed and traced by tool and outcome. */
export function callTool(env: CallEnvironment, tool: AnyTool, rawArgs: unknown, request: CallRequest): Promise<CallToolResult> {
  return inSpan(`tools/call ${tool.name}`, SpanKind.INTERNAL, { 'mcp.tool.name': tool.name }, async (span) => {
    const finished = metrics.toolStarted(tool.name);
    const { result, outcome, errorType } = await runTool(env, tool, rawArgs, request);
    finished(outcome, errorType);
    span.setAttribute('mcp.tool.outcome', outcome);
    if (errorType) span.setAttribute('error.type', errorType);
    return result;
  });
}

interface ToolRun {
  result: CallToolResult;
  outcome: ToolOutcome;
  errorType?: string;
}

/** Validates arguments, runs the handler for this caller, shapes the result and audits mutating calls. */
async function runTool(env: CallEnvironment, tool: AnyTool, rawArgs: unknown, request: CallRequest): Promise<ToolRun> {
  const mutating = !tool.annotations.readOnlyHint;
  const declared = Object.keys((listingOf(tool).inputSchema['properties'] as object | undefined) ?? {});
  const unknown = unknownArguments(rawArgs, declared);
  const parsed = tool.input.safeParse(rawArgs ?? {});
  if (unknown.length > 0 || !parsed.success) {
    const problems = [
      ...unknown.map((name) => `- ${name}: is not an argument of ${tool.name} (expected: ${declared.join(', ')})`),
      ...(parsed.success ? [] : describeIssues(parsed.error.issues, rawArgs)),
    ];
    // Arguments that failed validation are not recorded: they may hold anything, secrets included.
    if (mutating) audit({ tool: tool.name, caller: request.caller, args: argumentNames(rawArgs), outcome: 'invalid_arguments' });
    return { result: errorResult(`Invalid arguments for ${tool.name}:\n${problems.join('\n')}`), outcome: 'invalid_arguments' };
  }

  const ctx = toolContext(env, request);
  try {
    const output = tool.output.parse(await tool.handler(ctx, parsed.data)) as Record<string, unknown>;
    if (mutating) audit({ tool: tool.name, caller: request.caller, args: auditArgs(tool, parsed.data), outcome: 'ok', result: output });
    return {
      result: { content: [{ type: 'text', text: tool.render ? tool.render(output) : JSON.stringify(output) }], structuredContent: output },
      outcome: 'ok',
    };
  } catch (error) {
    if (mutating) {
      const aliyun = error instanceof AliyunApiError ? error : undefined;
      audit({
        tool: tool.name,
        caller: request.caller,
        args: auditArgs(tool, parsed.data),
        outcome: 'error',
        errorCode: aliyun?.code ?? (error instanceof Error ? error.name : 'Error'),
        ...(aliyun?.requestId ? { aliyunRequestId: aliyun.requestId } : {}),
      });
    }
    const failure = toolFailure(tool.name, error);
    return { result: failure.result, outcome: 'error', errorType: failure.type };
  }
}

/** The ACK API as this caller; a caller without credentials gets the reason as a clear error. */
export function ackServiceFor(clients: AliyunClients, retry: RetryPolicy, caller: Caller): AckService {
  return new AckService(clients.cs(requireCredentials(caller), caller.region), retry);
}

/** ARMS in a region as this caller. */
export function armsServiceFor(clients: AliyunClients, retry: RetryPolicy, caller: Caller, regionId: string): ArmsService {
  return new ArmsService(clients.arms(requireCredentials(caller), regionId), retry);
}

function argumentNames(rawArgs: unknown): Record<string, unknown> {
  const args = typeof rawArgs === 'object' && rawArgs !== null ? (rawArgs as Record<string, unknown>) : {};
  return { argument_names: Object.keys(args), ...(typeof args['cluster_id'] === 'string' ? { cluster_id: args['cluster_id'] } : {}) };
}

function auditArgs(tool: AnyTool, args: unknown): unknown {
  return tool.auditArgs ? tool.auditArgs(args) : args;
}

function toolContext(env: CallEnvironment, request: CallRequest): ToolContext {
  const { caller } = request;
  let ack: AckService | undefined;
  let observability: Observability | undefined;
  return {
    caller,
    signal: request.signal,
    progress: request.progress,
    polling: env.polling,
    ack() {
      ack ??= ackServiceFor(env.clients, env.retry, caller);
      return ack;
    },
    cluster: (clusterId) => env.kubernetes.access.access(caller, clusterId),
    kubernetes: (access) => env.kubernetes.clients.for(access),
    kubectl: { runner: env.kubernetes.runner, timeoutMs: env.kubernetes.kubectlTimeoutMs },
    observability() {
      observability ??= new Observability(env.observability, caller);
      return observability;
    },
  };
}
