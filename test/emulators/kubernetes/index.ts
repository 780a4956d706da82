// Local Kubernetes API server for tests, good enough for the real `kubectl` and @kubernetes/client-node:
// HTTPS with a throwaway CA, bearer tokens, RBAC-like bindings, discovery and OpenAPI v3, CRUD with
// selectors, paging and watches, server-side tables, pod logs, scale, self-reviews, simple controllers,
// a request record and fault injection. Give kubectl `emu.kubeconfig(emu.issueToken(...))`.
import type { AddressInfo } from 'node:net';
import { createServingCertificate } from './certs.js';
import { Controllers, orphanDependents } from './controllers.js';
import { Faults, type FaultSpec } from './faults.js';
import { renderKubeconfig, type KubeconfigNames } from './kubeconfig.js';
import { OpenApi } from './openapi.js';
import { Authorizer, type KubeSubject, type RoleBinding } from './rbac.js';
import type { KubeRequestRecord } from './record.js';
import { defaultSeed, type KubeSeed } from './seed.js';
import { createKubeServer } from './server.js';
import { ClusterStore, type KubeStore } from './store.js';
import { Tokens } from './tokens.js';

export interface KubernetesEmulatorOptions {
  /** Used in names (kubeconfig cluster name) and /version gitVersion-ish info; e.g. 'c0123...'. */
  clusterId: string;
  /** Kubernetes version reported by /version, default 'v1.34.1-aliyun.1'. */
  version?: string;
  /** Default: an empty cluster with namespaces default, kube-system, kube-public, kube-node-lease. */
  seed?: KubeSeed;
  bindings?: RoleBinding[];
  /** Delay before the built-in controllers react (deployment -> replicaset -> pods, status updates), default 150 ms. */
  controllerDelayMs?: number;
  /** Answer aggregated discovery (apidiscovery.k8s.io/v2) when asked, as real servers do; default true. */
  aggregatedDiscovery?: boolean;
}

export interface KubernetesEmulator {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  /** The test CA that signed the serving cert (SAN IP:127.0.0.1 and DNS:localhost). */
  readonly caPem: string;
  readonly clusterId: string;
  bind(binding: RoleBinding): void;
  /** A bearer token for `subject`, rejected with 401 after `expiresAt`. */
  issueToken(subject: KubeSubject, expiresAt: Date): string;
  /** A complete kubeconfig YAML (certificate-authority-data, server, token user, current-context) for a token. */
  kubeconfig(token: string, names?: KubeconfigNames): string;
  /** Every request, rejected ones included (live array). */
  readonly record: KubeRequestRecord[];
  readonly faults: { add(f: FaultSpec): void; clear(): void };
  /** Direct state access for tests: get/list/put/delete objects, append container log lines. */
  readonly store: KubeStore;
  close(): Promise<void>;
}

function seedStore(store: KubeStore, seed: KubeSeed): void {
  const start = Date.now();
  for (const object of seed.objects) store.put(object);
  for (const [key, log] of Object.entries(seed.logs ?? {})) {
    const [namespace = '', pod = '', container = ''] = key.split('/');
    // Seeded lines get timestamps one second apart, ending now.
    const stamp = (lines: string[], i: number): Date => new Date(start - (lines.length - 1 - i) * 1000);
    log.previous?.forEach((line, i, all) => store.appendLog(namespace, pod, container, line, { previous: true, time: stamp(all, i) }));
    log.current.forEach((line, i, all) => store.appendLog(namespace, pod, container, line, { time: stamp(all, i) }));
  }
}

export async function startKubernetesEmulator(options: KubernetesEmulatorOptions): Promise<KubernetesEmulator> {
  const version = options.version ?? 'v1.34.1-aliyun.1';
  const delay = options.controllerDelayMs ?? 150;
  if (!Number.isFinite(delay) || delay < 0) throw new Error(`startKubernetesEmulator: controllerDelayMs must be a non-negative number, got ${delay}`);
  const tls = createServingCertificate(options.clusterId);
  const store = new ClusterStore();
  seedStore(store, options.seed ?? defaultSeed());
  const authorizer = new Authorizer();
  for (const binding of options.bindings ?? []) authorizer.bind(binding);
  const tokens = new Tokens();
  const faults = new Faults();
  const record: KubeRequestRecord[] = [];
  const controllers = new Controllers(store, delay);
  controllers.start();
  const closing = new AbortController();
  const server = createKubeServer({
    store,
    authorizer,
    tokens,
    faults,
    record,
    openapi: new OpenApi(version),
    version,
    aggregatedDiscovery: options.aggregatedDiscovery ?? true,
    closing: closing.signal,
    beforeDelete: (_type, object, policy) => {
      if (policy === 'Orphan') orphanDependents(store, object.metadata.uid);
    },
  }, { key: tls.keyPem, cert: tls.certPem });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    caPem: tls.caPem,
    clusterId: options.clusterId,
    bind: (binding) => authorizer.bind(binding),
    issueToken: (subject, expiresAt) => tokens.issue(subject, expiresAt),
    kubeconfig: (token, names) => renderKubeconfig({ server: url, caPem: tls.caPem, token, clusterId: options.clusterId, ...(names ? { names } : {}) }),
    record,
    faults,
    store,
    close: () => new Promise<void>((resolve, reject) => {
      controllers.stop();
      closing.abort();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}

export type { PolicyRule, BuiltinRole, RoleBinding, KubeSubject } from './rbac.js';
export type { KubeRequestRecord } from './record.js';
export type { FaultSpec } from './faults.js';
export type { KubeconfigNames } from './kubeconfig.js';
export type { KubeStore, LogLine } from './store.js';
export type { KubeObject, StoredObject } from './model.js';
export { defaultSeed, type KubeSeed } from './seed.js';
export { demoClusterSeed, type DemoClusterInput, type DemoNode } from './demo-seed.js';
