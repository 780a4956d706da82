import type { z } from 'zod';
import type { Caller } from '../http/caller.js';
import type { AckService } from '../services/ack.js';
import type { ClusterAccess } from '../services/cluster-access.js';
import type { KubectlRunner } from '../services/kubectl-runner.js';
import type { KubernetesService } from '../services/kubernetes.js';
import type { Observability } from '../services/observability.js';

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

/** What a handler gets besides its arguments. Services are created on first use, for this caller only. */
export interface ToolContext {
  caller: Caller;
  ack(): AckService;
  /** Aborted when the client cancels or the connection closes. */
  signal: AbortSignal;
  /** Sends notifications/progress when the client asked for it; otherwise does nothing. */
  progress(update: ProgressUpdate): Promise<void>;
  polling: { initialMs: number; maxMs: number };
  /** This caller's access to a cluster's Kubernetes API (its own ACK kubeconfig, or in-cluster). */
  cluster(clusterId: string): Promise<ClusterAccess>;
  kubernetes(access: ClusterAccess): KubernetesService;
  kubectl: { runner: KubectlRunner; timeoutMs: number };
  /** Where this caller's cluster logs and metrics live, and the clients to query them. */
  observability(): Observability;
}

/** Parts of the catalogue that configuration can switch off as a whole. */
export type OptionalFeature = 'sls-ai-tools';

/** A tool is data: name, description for a model, schemas, annotations and a handler. */
export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  handler(ctx: ToolContext, args: z.output<I>): Promise<z.input<O>>;
  /** Compact text for the result's text content; defaults to JSON. */
  render?(result: z.output<O>): string;
  /** Offered only while this feature is enabled. */
  requires?: OptionalFeature;
  /** What the audit log records of the arguments, when they may carry secrets (default: the arguments). */
  auditArgs?(args: z.output<I>): Record<string, unknown>;
}

export type AnyTool = ToolDefinition<any, any>;

export function defineTool<I extends z.ZodType, O extends z.ZodType>(tool: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return tool;
}

/** A failure the handler detected itself (not from a backend): the message says what to change. */
export class ToolInputError extends Error {
  override name = 'ToolInputError';
}

export const readOnly: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
