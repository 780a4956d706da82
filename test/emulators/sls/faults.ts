// Fault injection. Faults are queued with `add()` and consumed, first match first, by requests that passed
// authentication: one fault per request, `times` requests per fault.
//
// `throttling` answers 429 ReadQuotaExceed. Real SLS reports its quota errors (ReadQuotaExceed,
// WriteQuotaExceed) with HTTP 403; 429 is used here so that clients exercise the generic
// "too many requests" path, which is what the tests of the server under test want.
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

interface Pending {
  readonly spec: SlsFaultSpec;
  remaining: number;
}

/** `incomplete` only means something for log queries, so it never fires on another API. */
const LOG_QUERY_APIS: readonly string[] = ['GetLogs', 'GetLogsV2'];

export class SlsFaults {
  private readonly queue: Pending[] = [];

  add(spec: SlsFaultSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`faults.add: times must be a positive integer, got ${times}`);
    if (spec.kind === 'incomplete' && spec.api !== undefined && !LOG_QUERY_APIS.includes(spec.api)) {
      throw new Error(`faults.add: 'incomplete' applies to GetLogs or GetLogsV2, not ${spec.api}`);
    }
    this.queue.push({ spec, remaining: times });
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** Faults still waiting to fire, with their remaining counts. */
  pending(): Array<SlsFaultSpec & { remaining: number }> {
    return this.queue.map((p) => ({ ...p.spec, remaining: p.remaining }));
  }

  /** Consumes one use of the first fault matching `api`, if any. */
  take(api: SlsApi): ActiveFault | undefined {
    const matches = (spec: SlsFaultSpec): boolean =>
      (spec.api === undefined || spec.api === api) && (spec.kind !== 'incomplete' || LOG_QUERY_APIS.includes(api));
    const index = this.queue.findIndex((p) => matches(p.spec));
    const pending = this.queue[index];
    if (pending === undefined) return undefined;
    pending.remaining -= 1;
    if (pending.remaining === 0) this.queue.splice(index, 1);
    return { kind: pending.spec.kind, latencyMs: pending.spec.latencyMs ?? 1000 };
  }
}
