// Runs the built-in controllers. Every change schedules the reconcilers it concerns after `delayMs`
// (coalesced per key), so clients see the same lag as with a real control plane; `settle()` runs them
// all synchronously until nothing changes, which start-up uses to converge a seed.
import { assignLoadBalancers, reconcileEndpoints } from './endpoints.js';
import { completePod, isFresh, isJobPod, runPod } from './kubelet.js';
import type { Pod, StoredObject, Workload } from './model.js';
import { controllerOf } from './owners.js';
import { RESOURCES } from './resources.js';
import type { ClusterStore, KubeStore, StoreEvent } from './store.js';
import { reconcileDaemonSet, reconcileDeployment, reconcileJob, reconcileReplicaSet, reconcileStatefulSet } from './workloads.js';

interface WorkloadController {
  readonly plural: string;
  readonly reconcile: (store: KubeStore, object: StoredObject) => void;
}

const WORKLOADS: Readonly<Record<string, WorkloadController>> = {
  Deployment: { plural: 'deployments', reconcile: (store, o) => reconcileDeployment(store, o as Workload) },
  ReplicaSet: { plural: 'replicasets', reconcile: (store, o) => reconcileReplicaSet(store, o as Workload) },
  StatefulSet: { plural: 'statefulsets', reconcile: (store, o) => reconcileStatefulSet(store, o as Workload) },
  DaemonSet: { plural: 'daemonsets', reconcile: (store, o) => reconcileDaemonSet(store, o as Workload) },
  Job: { plural: 'jobs', reconcile: (store, o) => reconcileJob(store, o as Parameters<typeof reconcileJob>[1]) },
};

/** Removes the owner references to `uid` from every object (deletion with propagationPolicy=Orphan). */
export function orphanDependents(store: KubeStore, uid: string): void {
  for (const type of RESOURCES.filter((r) => !r.virtual)) {
    for (const object of store.list(type)) {
      const refs = object.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === uid)) continue;
      const rest = refs.filter((r) => r.uid !== uid);
      const { ownerReferences: _dropped, ...metadata } = object.metadata;
      store.put({ ...object, metadata: rest.length > 0 ? { ...metadata, ownerReferences: rest } : metadata });
    }
  }
}

export class Controllers {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private unsubscribe: (() => void) | undefined;
  private settling = false;

  constructor(private readonly store: ClusterStore, private readonly delayMs: number) {}

  start(): void {
    this.settle();
    this.unsubscribe = this.store.subscribe((event) => this.observe(event));
  }

  stop(): void {
    this.unsubscribe?.();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Runs every reconciler until the store stops changing (bounded), without delays. */
  settle(): void {
    this.settling = true;
    try {
      for (let round = 0; round < 10; round += 1) {
        const before = this.store.resourceVersion();
        for (const [kind, controller] of Object.entries(WORKLOADS)) {
          for (const object of this.store.list(controller.plural)) this.reconcileWorkload(kind, object.metadata.namespace, object.metadata.name);
        }
        for (const pod of this.store.list('pods') as Pod[]) if (isFresh(pod)) runPod(this.store, pod);
        for (const ns of this.store.list('namespaces')) {
          this.finalizeNamespace(ns.metadata.name);
          reconcileEndpoints(this.store, ns.metadata.name);
          assignLoadBalancers(this.store, ns.metadata.name);
        }
        if (this.store.resourceVersion() === before) break;
      }
    } finally {
      this.settling = false;
    }
  }

  private later(key: string, run: () => void, delayMs = this.delayMs): void {
    if (this.settling || this.timers.has(key)) return;
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      run();
    }, delayMs));
  }

  private reconcileWorkload(kind: string, namespace: string | undefined, name: string): void {
    const controller = WORKLOADS[kind];
    const object = controller === undefined ? undefined : this.store.get(controller.plural, namespace, name);
    if (controller !== undefined && object !== undefined) controller.reconcile(this.store, object);
  }

  private queueWorkload(kind: string, namespace: string | undefined, name: string): void {
    if (WORKLOADS[kind] === undefined) return;
    this.later(`${kind}/${namespace ?? ''}/${name}`, () => this.reconcileWorkload(kind, namespace, name));
  }

  private observe(event: StoreEvent): void {
    const object = event.object;
    const { kind } = object;
    const namespace = object.metadata.namespace;
    if (WORKLOADS[kind] !== undefined && event.type !== 'DELETED') this.queueWorkload(kind, namespace, object.metadata.name);
    const owner = controllerOf(object);
    if (owner !== undefined) this.queueWorkload(owner.kind, namespace, owner.name);
    if (kind === 'Pod') this.observePod(event);
    if (kind === 'Pod' || kind === 'Service') {
      this.later(`endpoints/${namespace ?? ''}`, () => {
        reconcileEndpoints(this.store, namespace ?? 'default');
        assignLoadBalancers(this.store, namespace ?? 'default');
      });
    }
    if (kind === 'Service' && event.type === 'DELETED') this.store.delete('endpoints', namespace, object.metadata.name);
    if (kind === 'Node') {
      for (const ds of this.store.list('daemonsets')) this.queueWorkload('DaemonSet', ds.metadata.namespace, ds.metadata.name);
    }
    if (kind === 'Namespace' && object.metadata.deletionTimestamp !== undefined && event.type !== 'DELETED') {
      this.later(`namespace/${object.metadata.name}`, () => this.finalizeNamespace(object.metadata.name));
    }
    if (event.type === 'DELETED') this.later(`gc/${object.metadata.uid}`, () => this.collect(object.metadata.uid));
  }

  private observePod(event: StoreEvent): void {
    const pod = event.object as Pod;
    const key = `pod/${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
    if (event.type === 'DELETED') return;
    if (isFresh(pod)) {
      this.later(key, () => {
        const current = this.store.get('pods', pod.metadata.namespace, pod.metadata.name) as Pod | undefined;
        if (current !== undefined && current.metadata.uid === pod.metadata.uid && isFresh(current)) runPod(this.store, current);
      });
    } else if (isJobPod(pod) && pod.status?.phase === 'Running' && event.previous !== undefined && isFresh(event.previous as Pod)) {
      // Only pods this kubelet started finish; seeded Job pods keep their state.
      this.later(key, () => {
        const current = this.store.get('pods', pod.metadata.namespace, pod.metadata.name) as Pod | undefined;
        if (current !== undefined && current.status?.phase === 'Running') completePod(this.store, current);
      });
    }
  }

  /** Background garbage collection: dependents of a deleted owner go too, unless another owner remains. */
  private collect(uid: string): void {
    for (const type of RESOURCES.filter((r) => !r.virtual)) {
      for (const object of this.store.list(type)) {
        const refs = object.metadata.ownerReferences ?? [];
        if (!refs.some((r) => r.uid === uid)) continue;
        const remaining = refs.filter((r) => r.uid !== uid);
        if (remaining.length === 0) this.store.delete(type, object.metadata.namespace, object.metadata.name);
        else this.store.put({ ...object, metadata: { ...object.metadata, ownerReferences: remaining } });
      }
    }
  }

  private finalizeNamespace(name: string): void {
    const ns = this.store.get('namespaces', undefined, name);
    if (ns?.metadata.deletionTimestamp === undefined) return;
    for (const type of RESOURCES.filter((r) => r.namespaced && !r.virtual)) {
      for (const object of this.store.list(type, name)) this.store.delete(type, name, object.metadata.name);
    }
    this.store.delete('namespaces', undefined, name);
  }
}

