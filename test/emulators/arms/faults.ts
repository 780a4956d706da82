// Injected faults, queued per action as in the ACK emulator: `GetPrometheusInstance` or `PrometheusApi`.
// They apply to requests that passed authentication.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Faults, FaultKind } from '../ack/faults.js';
import type { Outcome, Reply } from './exchange.js';

/** Renders an error in the side's own format (RPC JSON or Prometheus JSON). */
export type ErrorRenderer = (status: number, code: string, message: string, headers?: Record<string, string>) => Reply;

export interface FaultVerdict {
  /** Set when the fault answers the request instead of the handler. */
  readonly outcome?: Outcome;
  /** The fault that affected the request (latency lets it continue). */
  readonly fault?: FaultKind;
}

export async function applyFault(faults: Faults, action: string, closing: AbortSignal, render: ErrorRenderer): Promise<FaultVerdict> {
  const fault = faults.take(action);
  switch (fault?.kind) {
    case undefined:
      return {};
    case 'reset':
      return { outcome: { reset: true, fault: 'reset' }, fault: 'reset' };
    case 'server-error':
      return { outcome: { ...render(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'), fault: 'server-error' }, fault: 'server-error' };
    case 'throttling': {
      const reply = render(429, 'Throttling.User', 'Request was denied due to user flow control.', { 'x-acs-retry-after': String(fault.retryAfterMs) });
      return { outcome: { ...reply, fault: 'throttling' }, fault: 'throttling' };
    }
    case 'latency':
      try {
        await sleep(fault.latencyMs, undefined, { signal: closing });
      } catch {
        return { outcome: { reset: true, fault: 'latency' }, fault: 'latency' };
      }
      return { fault: 'latency' };
  }
}
