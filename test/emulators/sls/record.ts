// Call log: one entry per request, rejected ones included, so tests can prove who signed each call.
import type { SlsFaultKind } from './faults.js';
import type { SlsApi } from './model.js';

export interface SlsCallRecord {
  readonly seq: number;
  /** ISO-8601 time the request arrived. */
  readonly at: string;
  readonly api: SlsApi;
  readonly method: string;
  /** The Host header as received (`{project}.localhost:PORT` or `localhost:PORT`). */
  readonly host: string;
  readonly project?: string;
  readonly logstore?: string;
  /** For PrometheusApi: the metric store named in the path. */
  readonly metricstore?: string;
  /** Request path without the query string, as received. */
  readonly path: string;
  /** The AccessKey id the caller claimed (signature or Basic user), whether or not it is known. */
  readonly accessKeyId?: string;
  /** `x-acs-security-token` (signed calls) or the `$token` part of the Basic password. */
  readonly securityToken?: string;
  readonly auth: 'signature' | 'basic' | 'none';
  /** Name of the account owning the AccessKey id, when it is known. */
  readonly account?: string;
  readonly accountId?: string;
  readonly principal?: string;
  /** HTTP status sent; 0 when the connection was reset without a response. */
  readonly status: number;
  readonly errorCode?: string;
  /** GetLogs/GetLogsV2: the query text; PrometheusApi: the PromQL `query` (or `match[]`) parameter. */
  readonly query?: string;
  readonly progress?: 'Complete' | 'Incomplete';
  readonly fault?: SlsFaultKind;
  readonly requestId: string;
}

export class SlsCallLog {
  readonly entries: SlsCallRecord[] = [];

  append(entry: Omit<SlsCallRecord, 'seq'>): SlsCallRecord {
    const record: SlsCallRecord = { seq: this.entries.length + 1, ...entry };
    this.entries.push(record);
    return record;
  }
}
