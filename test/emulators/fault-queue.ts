// The queue under every emulator's fault injection: faults wait in order, a request takes the first one
// that matches it, and each fault affects `times` requests (Infinity = until cleared).

interface Pending<S> {
  readonly spec: S;
  remaining: number;
}

export class FaultQueue<S extends { readonly times?: number | undefined }> {
  private readonly queue: Array<Pending<S>> = [];

  constructor(private readonly defaultTimes: number) {}

  add(spec: S): void {
    const times = spec.times ?? this.defaultTimes;
    if (times !== Number.POSITIVE_INFINITY && (!Number.isInteger(times) || times < 1)) {
      throw new Error(`faults.add: times must be a positive integer, got ${times}`);
    }
    this.queue.push({ spec, remaining: times });
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** Faults still waiting to fire, with their remaining counts. */
  pending(): Array<S & { remaining: number }> {
    return this.queue.map((p) => ({ ...p.spec, remaining: p.remaining }));
  }

  /** Consumes one use of the first fault `matches` accepts, if any. */
  take(matches: (spec: S) => boolean): S | undefined {
    const index = this.queue.findIndex((p) => matches(p.spec));
    const pending = this.queue[index];
    if (pending === undefined) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) this.queue.splice(index, 1);
    return pending.spec;
  }
}
