import { metrics, type BackendService } from './metrics.js';
import { inSpan, SpanKind } from './tracing.js';

export interface StatusOf<T> {
  /** The status label of a success, e.g. the HTTP status of the response. */
  ok(result: T): string;
  /** The status label of a failure: an HTTP status, or network/timeout/cancelled. */
  failed(error: unknown): string;
}

/** One request to a backend: counted and timed by service, API and status, and traced as a CLIENT span. */
export function backendCall<T>(service: BackendService, api: string, fn: () => Promise<T>, statusOf: StatusOf<T>): Promise<T> {
  return inSpan(`${service} ${api}`, SpanKind.CLIENT, { 'rpc.system': service, 'rpc.method': api }, async (span) => {
    const started = performance.now();
    try {
      const result = await fn();
      const status = statusOf.ok(result);
      metrics.backend(service, api, status, started);
      span.setAttribute('ack_mcp.status', status);
      return result;
    } catch (error) {
      const status = statusOf.failed(error);
      metrics.backend(service, api, status, started);
      span.setAttribute('ack_mcp.status', status);
      throw error;
    }
  });
}
