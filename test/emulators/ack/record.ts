// Call log: one entry per request, rejected ones included, so tests can prove who signed each call.
import type { FaultKind } from './faults.js';

export interface CallRecord {
  readonly seq: number;
  /** ISO-8601 time the request arrived. */
  readonly at: string;
  /** The `x-acs-action` header as received. */
  readonly action: string | undefined;
  readonly method: string;
  /** Request path without the query string, as received (percent-encoded). */
  readonly path: string;
  /** AccessKey id from the Authorization header's Credential, when it could be parsed. */
  readonly accessKeyId: string | undefined;
  /** The `x-acs-security-token` header as received. */
  readonly securityToken: string | undefined;
  /** Kind of the credential the AccessKey id belongs to; `unknown` when it is not a known key. */
  readonly credentialKind: 'ak' | 'sts' | 'unknown';
  /** Name of the account owning that AccessKey id. */
  readonly account: string | undefined;
  /** HTTP status sent; 0 when the connection was reset without a response. */
  readonly status: number;
  readonly errorCode?: string;
  readonly requestId: string;
  /** The injected fault that affected this request, if any. */
  readonly fault?: FaultKind;
}

export class CallLog {
  readonly entries: CallRecord[] = [];

  append(entry: Omit<CallRecord, 'seq'>): CallRecord {
    const record: CallRecord = { seq: this.entries.length + 1, ...entry };
    this.entries.push(record);
    return record;
  }
}
