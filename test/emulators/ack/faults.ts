// Fault injection. Faults are queued with `add()` and consumed, first match first, by requests that passed
// signature verification: one fault per request, `times` requests per fault.

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

interface Pending {
  readonly spec: FaultSpec;
  remaining: number;
}

export class Faults {
  private readonly queue: Pending[] = [];

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`faults.add: times must be a positive integer, got ${times}`);
    this.queue.push({ spec, remaining: times });
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** Faults still waiting to fire, with their remaining counts. */
  pending(): Array<FaultSpec & { remaining: number }> {
    return this.queue.map((p) => ({ ...p.spec, remaining: p.remaining }));
  }

  /** Consumes one use of the first fault matching `action`, if any. */
  take(action: string | undefined): ActiveFault | undefined {
    const index = this.queue.findIndex((p) => p.spec.action === undefined || p.spec.action === action);
    const pending = this.queue[index];
    if (pending === undefined) return undefined;
    pending.remaining -= 1;
    if (pending.remaining === 0) this.queue.splice(index, 1);
    return { kind: pending.spec.kind, latencyMs: pending.spec.latencyMs ?? 1000, retryAfterMs: pending.spec.retryAfterMs ?? 1000 };
  }
}
