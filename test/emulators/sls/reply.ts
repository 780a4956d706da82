// What a handler answers, and the context it runs in.
import type { Credential } from '../ack/model.js';
import { parameterInvalid } from './errors.js';
import type { ActiveFault } from './faults.js';
import type { Route } from './routes.js';
import type { SlsStore } from './store.js';

export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** GetLogs: what `x-log-progress` said, for the call record. */
  readonly progress?: 'Complete' | 'Incomplete';
}

export interface ApiContext {
  readonly store: SlsStore;
  readonly credential: Credential;
  readonly route: Route;
  readonly query: ReadonlyMap<string, string>;
  readonly body: Buffer;
  readonly requestId: string;
  readonly fault: ActiveFault | undefined;
}

export const jsonReply = (body: unknown, headers?: Record<string, string>): Reply =>
  ({ status: 200, contentType: 'application/json', body: JSON.stringify(body), ...(headers ? { headers } : {}) });

/** Header values must be printable ASCII; anything else (a query with CJK text or newlines) is percent-encoded. */
export const headerSafe = (value: string): string => (/^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value));

/** An integer parameter within [min, max], `fallback` when absent. */
export function intParam(name: string, raw: string | number | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value)) throw parameterInvalid(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  if (value < min || value > max) throw parameterInvalid(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function jsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw parameterInvalid('the request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw parameterInvalid('the request body must be a JSON object');
  return parsed as Record<string, unknown>;
}
