// Local emulator of ARMS for tests: GetPrometheusInstance (2019-08-08, RPC, ACS3-signed) for the generic
// `@alicloud/openapi-core` client, and each instance's Prometheus HTTP API with Basic AK/SK auth,
// answered by a shared PrometheusBackend restricted to the instance's cluster.
import type { AddressInfo } from 'node:net';
import { Faults } from '../ack/faults.js';
import type { Credential } from '../ack/model.js';
import type { PrometheusBackend } from '../prometheus/backend.js';
import { ArmsInstances, type ArmsInstanceSeed } from './instances.js';
import { ArmsCallLog, type ArmsCallRecord } from './record.js';
import { createArmsServer } from './server.js';

export interface ArmsEmulatorOptions {
  /** The credential an AccessKey id belongs to (share the ACK emulator's: `ack.state.credential`). */
  lookup(accessKeyId: string): Credential | undefined;
  instances: ArmsInstanceSeed[];
  prometheus: PrometheusBackend;
}

export interface ArmsEmulator {
  /** `127.0.0.1:PORT`, for the SDK's `Config.endpoint` (no scheme). */
  readonly endpoint: string;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** Every request, rejected ones included, in arrival order (live array). */
  readonly record: ArmsCallRecord[];
  /** Faults by action: `GetPrometheusInstance`, `PrometheusApi`, or any when omitted. */
  readonly faults: Faults;
  /** Closes the HTTP server; the Prometheus backend belongs to the caller. */
  close(): Promise<void>;
}

export async function startArmsEmulator(options: ArmsEmulatorOptions): Promise<ArmsEmulator> {
  const faults = new Faults();
  const log = new ArmsCallLog();
  const closing = new AbortController();
  let port = 0;
  const server = createArmsServer({
    instances: new ArmsInstances(options.instances),
    lookup: (accessKeyId) => options.lookup(accessKeyId),
    prometheus: options.prometheus,
    faults,
    log,
    closing: closing.signal,
    port: () => port,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const endpoint = `127.0.0.1:${port}`;
  return {
    endpoint,
    url: `http://${endpoint}`,
    port,
    record: log.entries,
    faults,
    close: () => new Promise<void>((resolve, reject) => {
      closing.abort();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}

export type { ArmsInstanceSeed } from './instances.js';
export type { ArmsApi, ArmsCallRecord, EndpointKind } from './record.js';
export { Faults, type FaultKind, type FaultSpec } from '../ack/faults.js';
