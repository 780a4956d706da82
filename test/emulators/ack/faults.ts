// Fault injection. Faults are queued with `add()` and consumed, first match first, by requests that passed
// signature verification: one fault per request, `times` requests per fault.
import { FaultQueue } from '../fault-queue.js';

export type FaultKind = 'latency' | 'server-error' | 'throttling' | 'reset';

export interface FaultSpec {
  /** Only requests with this `x-acs-action` match; any action when omitted. */
  readonly action?: string;
  readonly kind: FaultKind;
  /** How many matching requests the fault affects (default 1). */
  readonly times?: number;
  /** For `latency`: delay before serving normally (default 1000 ms). */
  readonly latencyMs?: number;
  /** For `throttling`: value of the `x-acs-retry-after` header in ms (default 1000). */
  readonly retryAfterMs?: number;
}

/** A fault picked for one request. */
export interface ActiveFault {
  readonly kind: FaultKind;
  readonly latencyMs: number;
  readonly retryAfterMs: number;
}

export class Faults {
  private readonly queue = new FaultQueue<FaultSpec>(1);

  add(spec: FaultSpec): void {
    this.queue.add(spec);
  }

  clear(): void {
    this.queue.clear();
  }

  /** Faults still waiting to fire, with their remaining counts. */
  pending(): Array<FaultSpec & { remaining: number }> {
    return this.queue.pending();
  }

  /** Consumes one use of the first fault matching `action`, if any. */
  take(action: string | undefined): ActiveFault | undefined {
    const spec = this.queue.take((s) => s.action === undefined || s.action === action);
    return spec && { kind: spec.kind, latencyMs: spec.latencyMs ?? 1000, retryAfterMs: spec.retryAfterMs ?? 1000 };
  }
}
