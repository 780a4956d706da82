// Fault injection. Faults are queued with `add()` and consumed, first match first, by requests that passed
// authentication: one fault per request, `times` requests per fault.
//
// `throttling` answers 429 ReadQuotaExceed. Real SLS reports its quota errors (ReadQuotaExceed,
// WriteQuotaExceed) with HTTP 403; 429 is used here so that clients exercise the generic
// "too many requests" path, which is what the tests of the server under test want.
import { FaultQueue } from '../fault-queue.js';
import type { SlsApi } from './model.js';

export type SlsFaultKind = 'incomplete' | 'server-error' | 'throttling' | 'latency' | 'reset';

export interface SlsFaultSpec {
  /** Only requests of this API match (e.g. `GetLogs`); any API when omitted. */
  readonly api?: string;
  readonly kind: SlsFaultKind;
  /** How many matching requests the fault affects (default 1). */
  readonly times?: number;
  /** For `latency`: delay before serving normally (default 1000 ms). */
  readonly latencyMs?: number;
}

export interface ActiveFault {
  readonly kind: SlsFaultKind;
  readonly latencyMs: number;
}

/** `incomplete` only means something for log queries, so it never fires on another API. */
const LOG_QUERY_APIS: readonly string[] = ['GetLogs', 'GetLogsV2'];

export class SlsFaults {
  private readonly queue = new FaultQueue<SlsFaultSpec>(1);

  add(spec: SlsFaultSpec): void {
    if (spec.kind === 'incomplete' && spec.api !== undefined && !LOG_QUERY_APIS.includes(spec.api)) {
      throw new Error(`faults.add: 'incomplete' applies to GetLogs or GetLogsV2, not ${spec.api}`);
    }
    this.queue.add(spec);
  }

  clear(): void {
    this.queue.clear();
  }

  /** Faults still waiting to fire, with their remaining counts. */
  pending(): Array<SlsFaultSpec & { remaining: number }> {
    return this.queue.pending();
  }

  /** Consumes one use of the first fault matching `api`, if any. */
  take(api: SlsApi): ActiveFault | undefined {
    const spec = this.queue.take((s) => (s.api === undefined || s.api === api) && (s.kind !== 'incomplete' || LOG_QUERY_APIS.includes(api)));
    return spec && { kind: spec.kind, latencyMs: spec.latencyMs ?? 1000 };
  }
}
