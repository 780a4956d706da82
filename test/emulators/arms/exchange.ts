// What the two sides of the emulator (OpenAPI and Prometheus HTTP API) get and give back.
import type { Credential } from '../ack/model.js';
import type { FaultKind } from '../ack/faults.js';

export interface Request {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  /** Node's rawHeaders, for signature verification. */
  readonly rawHeaders: readonly string[];
  /** Lower-cased names. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: Buffer;
  readonly requestId: string;
}

/** What the handler learned about the caller, for the call log; filled in as it goes. */
export interface Caller {
  accessKeyId?: string | undefined;
  securityToken?: string | undefined;
  credential?: Credential | undefined;
  clusterId?: string | undefined;
  endpoint?: string | undefined;
  query?: string | undefined;
}

export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly errorCode?: string;
  readonly fault?: FaultKind;
}

/** The connection is dropped without an answer: an injected `reset`, or close() during injected latency. */
export interface Reset {
  readonly reset: true;
  readonly fault: FaultKind;
}
export type Outcome = Reply | Reset;

export const isReset = (outcome: Outcome): outcome is Reset => 'reset' in outcome;

/** Request parameters from the query string plus an urlencoded form body. */
export function requestParams(req: Request): URLSearchParams {
  const params = new URLSearchParams(req.rawQuery);
  const contentType = req.headers.get('content-type')?.[0] ?? '';
  if (req.body.length > 0 && contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(req.body.toString('utf8'))) params.append(key, value);
  }
  return params;
}
