// Call log: one entry per request, rejected ones included, so tests can prove who called what and how.
import type { FaultKind } from '../ack/faults.js';

export type ArmsApi = 'GetPrometheusInstance' | 'PrometheusApi' | 'Unknown';
/** Which of the instance's URLs the caller used, told by the Host (`intranet.localhost` = HttpApiIntraUrl). */
export type EndpointKind = 'public' | 'intranet';

export interface ArmsCallRecord {
  readonly seq: number;
  /** ISO-8601 time the request arrived. */
  readonly at: string;
  readonly api: ArmsApi;
  readonly method: string;
  /** Request path without the query string, as received. */
  readonly path: string;
  readonly endpointKind?: EndpointKind;
  /** From the ACS3 Authorization header or the Basic auth user, when present. */
  readonly accessKeyId?: string;
  /** The `x-acs-security-token` header, or the token part of a Basic `secret$token` password. */
  readonly securityToken?: string;
  /** Name of the account owning that AccessKey id. */
  readonly account?: string;
  readonly principal?: string;
  readonly clusterId?: string;
  /** For PrometheusApi: the part after /api/v1/, e.g. `query_range`. */
  readonly endpoint?: string;
  /** For PrometheusApi: the PromQL `query` parameter. */
  readonly query?: string;
  /** HTTP status sent; 0 when the connection was reset without a response. */
  readonly status: number;
  readonly errorCode?: string;
  readonly requestId: string;
  /** The injected fault that affected this request, if any. */
  readonly fault?: FaultKind;
}

export class ArmsCallLog {
  readonly entries: ArmsCallRecord[] = [];

  append(entry: Omit<ArmsCallRecord, 'seq'>): ArmsCallRecord {
    const record: ArmsCallRecord = { seq: this.entries.length + 1, ...entry };
    this.entries.push(record);
    return record;
  }
}
