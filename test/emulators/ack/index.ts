// Local emulator of the Alibaba Cloud ACK OpenAPI (CS 2015-12-15) for tests. Point the real
// `@alicloud/cs20151215` client at it with `{ endpoint: emu.endpoint, protocol: 'http' }`.
import type { AddressInfo } from 'node:net';
import { Faults } from './faults.js';
import { CallLog, type CallRecord } from './record.js';
import type { KubernetesBackend } from './kubernetes.js';
import { defaultSeed, type Seed } from './seed.js';
import { createAckServer } from './server.js';
import { AckState } from './state.js';

export interface AckEmulatorOptions {
  /** Tenants, credentials and resources; `defaultSeed()` (fresh random credentials) when omitted. */
  readonly seed?: Seed;
  /** Duration of each task stage in ms (default 1000). A scale-out has 3 stages, a removal 1 to 3. */
  readonly taskStepMs?: number;
  /** Duration of each diagnosis step in ms (default 1000): created → running → completed takes two steps. */
  readonly diagnosisStepMs?: number;
  /** Emulated API servers: master_url endpoints and the kubeconfigs DescribeClusterUserKubeconfig issues. */
  readonly kubernetes?: KubernetesBackend;
}

export interface SeededCredential {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
  readonly expiration?: string;
  readonly principal: string;
  readonly kubernetesRole: 'cluster-admin' | 'admin' | 'edit' | 'view';
}

export interface SeededAccount {
  readonly name: string;
  readonly accountId: string;
  readonly credentials: readonly SeededCredential[];
  readonly clusterIds: string[];
  /** Node pool ids per cluster id, in seed order. */
  readonly nodepoolIds: Readonly<Record<string, string[]>>;
}

export interface AckEmulator {
  /** `127.0.0.1:PORT`, for the SDK's `Config.endpoint` (no scheme). */
  readonly endpoint: string;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly accounts: readonly SeededAccount[];
  /** Every request, rejected ones included, in arrival order (live array). */
  readonly record: CallRecord[];
  readonly faults: Faults;
  /** Live emulator state; accessors apply due task and diagnosis transitions before answering. */
  readonly state: AckState;
  close(): Promise<void>;
}

function describeAccounts(state: AckState, seed: Seed): SeededAccount[] {
  return state.accounts().map((account) => {
    const seeded = seed.accounts.find((a) => a.name === account.name);
    const clusters = state.clusters(account);
    return {
      name: account.name,
      accountId: account.accountId,
      credentials: account.credentials.map((c) => {
        const seededCredential = seeded?.credentials.find((s) => s.accessKeyId === c.accessKeyId);
        const expiration = seededCredential?.expiration;
        return {
          principal: c.principal,
          kubernetesRole: seededCredential?.kubernetesRole ?? 'cluster-admin',
          accessKeyId: c.accessKeyId,
          accessKeySecret: c.accessKeySecret,
          ...(c.securityToken === undefined ? {} : { securityToken: c.securityToken }),
          ...(expiration === undefined ? {} : { expiration }),
        };
      }),
      clusterIds: clusters.map((c) => c.clusterId),
      nodepoolIds: Object.fromEntries(clusters.map((c) => [c.clusterId, state.nodepools(c.clusterId).map((p) => p.nodepoolId)])),
    };
  });
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new Error(`startAckEmulator: ${name} must be a non-negative number, got ${value}`);
  return value;
}

export async function startAckEmulator(options: AckEmulatorOptions = {}): Promise<AckEmulator> {
  const seed = options.seed ?? defaultSeed();
  const state = new AckState(seed, {
    taskStepMs: nonNegative('taskStepMs', options.taskStepMs ?? 1000),
    diagnosisStepMs: nonNegative('diagnosisStepMs', options.diagnosisStepMs ?? 1000),
    ...(options.kubernetes ? { kubernetes: options.kubernetes } : {}),
  });
  const faults = new Faults();
  const log = new CallLog();
  const closing = new AbortController();
  const server = createAckServer({ state, faults, log, closing: closing.signal });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `127.0.0.1:${port}`;
  return {
    endpoint,
    url: `http://${endpoint}`,
    accounts: describeAccounts(state, seed),
    record: log.entries,
    faults,
    state,
    close: () => new Promise<void>((resolve, reject) => {
      closing.abort();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}

export { AckState, type NodePoolStatus } from './state.js';
export { Faults, type ActiveFault, type FaultKind, type FaultSpec } from './faults.js';
export type { CallRecord } from './record.js';
export type { ApiServerEndpoints, KubeconfigRequest, KubernetesBackend } from './kubernetes.js';
export {
  defaultSeed, type NodeState, type IssueLevel, type Seed, type SeedAccount, type SeedCluster, type SeedCredential,
  type SeedIngress, type SeedIssue, type SeedNode, type SeedNodePool, type SeedPod, type SeedService,
} from './seed.js';
export type {
  Account, CheckItem, CheckLevel, Cluster, Credential, Diagnosis, DiagnosisType, Ingress, Issue, Node, NodePool, Pod,
  RemovedNode, Service, Task, TaskEvent, TaskResultEntry, TaskStage, TaskState, TaskType,
} from './model.js';
export { verifyAcs3, NonceRegistry, type VerifyResult, type VerifiableCredential, type RawRequest } from './signature.js';
