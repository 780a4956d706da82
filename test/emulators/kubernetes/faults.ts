// Fault injection for authenticated requests: first matching fault wins, one fault per request. A fault
// without `times` stays until `clear()`.
import { FaultQueue } from '../fault-queue.js';

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

export class Faults {
  private readonly queue = new FaultQueue<FaultSpec>(Number.POSITIVE_INFINITY);

  add(spec: FaultSpec): void {
    this.queue.add(spec);
  }

  clear(): void {
    this.queue.clear();
  }

  /** Consumes one use of the first fault matching `path`, if any. */
  take(path: string): FaultSpec | undefined {
    return this.queue.take((spec) => {
      if (spec.path === undefined) return true;
      spec.path.lastIndex = 0;
      return spec.path.test(path);
    });
  }
}
