// Local emulator of Alibaba Cloud SLS (Log Service) for tests. Point the real `@alicloud/sls20201230` client
// at it with `{ endpoint: emu.endpoint, protocol: 'http' }` after `installLocalDns()` (the SDK puts the
// project in the Host: `{project}.localhost:PORT`).
import type { AddressInfo } from 'node:net';
import type { LogRow, SlsEmulatorOptions } from './model.js';
import { SlsFaults } from './faults.js';
import { SlsCallLog, type SlsCallRecord } from './record.js';
import { createSlsServer } from './server.js';
import { SlsStore } from './store.js';

export interface SlsEmulator {
  /** `localhost:PORT`, for the SDK's `Config.endpoint` (no scheme). */
  readonly endpoint: string;
  /** `http://localhost:PORT`. */
  readonly url: string;
  readonly port: number;
  /** Every request, rejected ones included, in arrival order (live array). */
  readonly record: SlsCallRecord[];
  readonly faults: SlsFaults;
  /** The stored rows, for tests to compute expectations independently. */
  rows(project: string, logstore: string): readonly LogRow[];
  addRows(project: string, logstore: string, rows: LogRow[]): void;
  close(): Promise<void>;
}

export async function startSlsEmulator(options: SlsEmulatorOptions): Promise<SlsEmulator> {
  const store = new SlsStore(options.projects);
  const faults = new SlsFaults();
  const log = new SlsCallLog();
  const closing = new AbortController();
  const server = createSlsServer({ store, lookup: (ak) => options.lookup(ak), faults, log, prometheus: options.prometheus, closing: closing.signal });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `localhost:${port}`;
  return {
    endpoint,
    url: `http://${endpoint}`,
    port,
    record: log.entries,
    faults,
    rows: (project, logstore) => store.rows(project, logstore),
    addRows: (project, logstore, rows) => store.addRows(project, logstore, rows),
    close: () => new Promise<void>((resolve, reject) => {
      closing.abort();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}

export type { LogRow, SlsApi, SlsEmulatorOptions, SlsProjectSeed } from './model.js';
export type { SlsCallRecord } from './record.js';
export { SlsFaults, type SlsFaultKind, type SlsFaultSpec } from './faults.js';
export { demoSlsProjects, type DemoCluster } from './demo.js';
