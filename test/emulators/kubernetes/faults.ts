// Fault injection for authenticated requests: first matching fault wins, one fault per request. A fault
// without `times` stays until `clear()`.

export interface FaultSpec {
  kind: 'latency' | 'status' | 'reset';
  /** For `latency`: delay before serving normally (default 1000 ms). */
  ms?: number;
  /** For `status`: the HTTP status answered with a Status body (default 500). */
  status?: number;
  /** How many matching requests the fault affects; unlimited when omitted. */
  times?: number;
  /** Only requests whose path (without the query) matches. */
  path?: RegExp;
}

interface Pending {
  readonly spec: FaultSpec;
  remaining: number;
}

export class Faults {
  private readonly queue: Pending[] = [];

  add(spec: FaultSpec): void {
    const times = spec.times ?? Number.POSITIVE_INFINITY;
    if (times !== Number.POSITIVE_INFINITY && (!Number.isInteger(times) || times < 1)) {
      throw new Error(`faults.add: times must be a positive integer, got ${times}`);
    }
    this.queue.push({ spec, remaining: times });
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** Consumes one use of the first fault matching `path`, if any. */
  take(path: string): FaultSpec | undefined {
    const index = this.queue.findIndex((p) => {
      if (p.spec.path === undefined) return true;
      p.spec.path.lastIndex = 0;
      return p.spec.path.test(path);
    });
    const pending = this.queue[index];
    if (pending === undefined) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) this.queue.splice(index, 1);
    return pending.spec;
  }
}
