// Workload controllers, reduced to what clients observe: Deployment -> ReplicaSet (named by the
// pod-template-hash) -> Pods, StatefulSet and DaemonSet pods, Job pods, and the status counters and
// conditions `kubectl rollout status` and `kubectl get` read. Rollouts replace the old ReplicaSet at once.
import { randomSuffix } from './admission.js';
import { recordEvent } from './events.js';
import { timestamp, type Condition, type KubeObject, type Node, type Pod, type PodTemplate, type StoredObject, type Workload } from './model.js';
import { controllerRef, ownedBy, sameJson } from './owners.js';
import type { KubeStore } from './store.js';

const HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** pod-template-hash: FNV-1a of the template, its decimal digits mapped like rand.SafeEncodeString. */
export function templateHash(template: PodTemplate): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(JSON.stringify(template))) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return [...String(hash)].map((d) => HASH_ALPHABET[d.charCodeAt(0) % HASH_ALPHABET.length]).join('');
}

const withoutHash = (template: PodTemplate | undefined): unknown => {
  const labels = { ...template?.metadata?.labels };
  delete labels['pod-template-hash'];
  return { ...template, metadata: { ...template?.metadata, labels } };
};

const live = (pods: StoredObject[]): Pod[] => (pods as Pod[]).filter((p) => p.metadata.deletionTimestamp === undefined);
const isReady = (pod: Pod): boolean => (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const isTerminal = (pod: Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** Drops zero counters, as the API types' `omitempty` does on the wire. */
function compact(status: Record<string, unknown>, keep: string[] = []): Record<string, unknown> {
  return Object.fromEntries(Object.entries(status).filter(([k, v]) => keep.includes(k) || (v !== 0 && v !== undefined)));
}

/** Writes `status` when it differs from the stored one. */
function putStatus(store: KubeStore, object: StoredObject, status: Record<string, unknown>): void {
  if (!sameJson(object['status'] ?? {}, status)) store.put({ ...object, status });
}

/** A condition that keeps its timestamps while type, status and reason stay the same. */
interface ConditionInput {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

function condition(previous: Condition[] | undefined, next: ConditionInput, withUpdateTime: boolean): Condition {
  const old = previous?.find((c) => c.type === next.type);
  const now = timestamp();
  const unchanged = old !== undefined && old.status === next.status && old.reason === next.reason;
  return {
    type: next.type,
    status: next.status,
    ...(withUpdateTime ? { lastUpdateTime: unchanged && old.message === next.message ? old.lastUpdateTime ?? now : now } : {}),
    lastTransitionTime: unchanged ? old.lastTransitionTime ?? now : now,
    ...(next.reason === undefined ? {} : { reason: next.reason }),
    ...(next.message === undefined ? {} : { message: next.message }),
  };
}

export function newPod(owner: StoredObject, template: PodTemplate, name: string, extra: { labels?: Record<string, string>; nodeName?: string; hostname?: string } = {}): KubeObject {
  const spec = structuredClone(template.spec);
  if (extra.nodeName !== undefined) spec.nodeName = extra.nodeName;
  if (extra.hostname !== undefined) spec['hostname'] = extra.hostname;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { ...template.metadata?.labels, ...extra.labels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec,
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

function podsOf(store: KubeStore, owner: StoredObject): Pod[] {
  return live(store.list('pods', owner.metadata.namespace).filter((p) => ownedBy(p, owner)));
}

const CONTROLLER = { component: 'replicaset-controller' };

export function reconcileReplicaSet(store: KubeStore, rs: Workload): void {
  if (rs.metadata.deletionTimestamp !== undefined) return;
  const pods = podsOf(store, rs);
  const desired = rs.spec.replicas ?? 1;
  for (let i = pods.length; i < desired; i += 1) {
    const pod = store.put(newPod(rs, rs.spec.template, `${rs.metadata.name}-${randomSuffix()}`));
    recordEvent(store, rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, CONTROLLER);
  }
  if (pods.length > desired) {
    const rank = (p: Pod): number => (p.spec.nodeName ? 0 : 2) + (isReady(p) ? 0 : 1);
    const victims = [...pods].sort((a, b) => rank(b) - rank(a) || (b.metadata.creationTimestamp < a.metadata.creationTimestamp ? -1 : 1)).slice(0, pods.length - desired);
    for (const victim of victims) {
      store.delete('pods', victim.metadata.namespace, victim.metadata.name);
      recordEvent(store, rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${victim.metadata.name}`, CONTROLLER);
    }
  }
  const current = podsOf(store, rs);
  const ready = current.filter(isReady).length;
  putStatus(store, rs, compact({
    replicas: current.length,
    fullyLabeledReplicas: current.length,
    readyReplicas: ready,
    availableReplicas: ready,
    observedGeneration: rs.metadata.generation,
  }, ['replicas']));
}

const REVISION = 'deployment.kubernetes.io/revision';
const revisionOf = (rs: StoredObject): number => Number(rs.metadata.annotations?.[REVISION] ?? '0');

function maxUnavailable(d: Workload, replicas: number): number {
  const value = (d.spec['strategy'] as { rollingUpdate?: { maxUnavailable?: number | string } } | undefined)?.rollingUpdate?.maxUnavailable ?? '25%';
  return typeof value === 'number' ? value : Math.floor((replicas * Number.parseInt(value, 10)) / 100);
}

export function reconcileDeployment(store: KubeStore, deployment: Workload): void {
  let d = deployment;
  if (d.metadata.deletionTimestamp !== undefined) return;
  const namespace = d.metadata.namespace;
  const desired = d.spec.replicas ?? 1;
  const source = { component: 'deployment-controller' };
  const owned = (store.list('replicasets', namespace) as Workload[]).filter((rs) => ownedBy(rs, d));
  let newRs = owned.find((rs) => sameJson(withoutHash(rs.spec.template), withoutHash(d.spec.template)));
  let created = false;
  if (newRs === undefined) {
    const hash = templateHash(d.spec.template);
    const revision = Math.max(0, ...owned.map(revisionOf)) + 1;
    const template = structuredClone(d.spec.template);
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, 'pod-template-hash': hash } };
    newRs = store.put({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace,
        labels: { ...template.metadata.labels },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(desired),
          'deployment.kubernetes.io/max-replicas': String(desired + 1),
          [REVISION]: String(revision),
        },
        ownerReferences: [controllerRef(d)],
      },
      spec: {
        replicas: desired,
        selector: { ...d.spec.selector, matchLabels: { ...d.spec.selector?.matchLabels, 'pod-template-hash': hash } },
        template,
      },
      status: { replicas: 0 },
    }) as Workload;
    created = true;
    recordEvent(store, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${newRs.metadata.name} from 0 to ${desired}`, source);
  } else if ((newRs.spec.replicas ?? 1) !== desired) {
    const from = newRs.spec.replicas ?? 1;
    newRs = store.put({
      ...newRs,
      metadata: { ...newRs.metadata, annotations: { ...newRs.metadata.annotations, 'deployment.kubernetes.io/desired-replicas': String(desired) } },
      spec: { ...newRs.spec, replicas: desired },
    }) as Workload;
    recordEvent(store, d, 'Normal', 'ScalingReplicaSet', `Scaled ${desired > from ? 'up' : 'down'} replica set ${newRs.metadata.name} from ${from} to ${desired}`, source);
  }
  // The current ReplicaSet carries the highest revision (a rollback re-numbers the one it revives), and the
  // Deployment mirrors it in the annotation `kubectl rollout history/undo` reads.
  const highest = Math.max(0, ...owned.filter((rs) => rs.metadata.uid !== newRs?.metadata.uid).map(revisionOf));
  if (revisionOf(newRs) <= highest) {
    newRs = store.put({ ...newRs, metadata: { ...newRs.metadata, annotations: { ...newRs.metadata.annotations, [REVISION]: String(highest + 1) } } }) as Workload;
  }
  const revision = String(revisionOf(newRs));
  if (d.metadata.annotations?.[REVISION] !== revision) {
    d = store.put({ ...d, metadata: { ...d.metadata, annotations: { ...d.metadata.annotations, [REVISION]: revision } } }) as Workload;
  }
  for (const old of owned) {
    if (old.metadata.uid === newRs.metadata.uid || (old.spec.replicas ?? 1) === 0) continue;
    store.put({ ...old, spec: { ...old.spec, replicas: 0 } });
    recordEvent(store, d, 'Normal', 'ScalingReplicaSet', `Scaled down replica set ${old.metadata.name} from ${old.spec.replicas ?? 1} to 0`, source);
  }

  const all = (store.list('replicasets', namespace) as Workload[]).filter((rs) => ownedBy(rs, d));
  const fresh = all.find((rs) => rs.metadata.uid === newRs.metadata.uid);
  const sum = (f: (rs: Workload) => number | undefined): number => all.reduce((n, rs) => n + (f(rs) ?? 0), 0);
  const replicas = sum((rs) => rs.status?.replicas);
  const updated = fresh?.status?.replicas ?? 0;
  const available = sum((rs) => rs.status?.availableReplicas);
  const previous = d.status?.conditions;
  const complete = updated === desired && replicas === desired && available === desired;
  const oldProgress = previous?.find((c) => c.type === 'Progressing');
  const advanced = updated > (d.status?.updatedReplicas ?? 0) || available > (d.status?.availableReplicas ?? 0) || replicas !== (d.status?.replicas ?? 0);
  const deadline = Number(d.spec['progressDeadlineSeconds'] ?? 600) * 1000;
  const rsName = newRs.metadata.name;
  let progressing: ConditionInput;
  if (complete) progressing = { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` };
  else if (created) progressing = { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${rsName}"` };
  else if (advanced || oldProgress === undefined) progressing = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` };
  else if (oldProgress.reason !== 'NewReplicaSetAvailable' && Date.now() - Date.parse(oldProgress.lastUpdateTime ?? '') > deadline) {
    progressing = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` };
  } else progressing = oldProgress;
  const availableNow = available >= desired - maxUnavailable(d, desired);
  const conditions = [
    condition(previous, availableNow
      ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
      : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }, true),
    condition(previous, progressing, true),
  ];
  putStatus(store, d, compact({
    observedGeneration: d.metadata.generation,
    replicas,
    updatedReplicas: updated,
    readyReplicas: sum((rs) => rs.status?.readyReplicas),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, desired - available),
    conditions,
  }));
}

export function reconcileStatefulSet(store: KubeStore, sts: Workload): void {
  if (sts.metadata.deletionTimestamp !== undefined) return;
  const desired = sts.spec.replicas ?? 1;
  const pods = podsOf(store, sts);
  const revision = `${sts.metadata.name}-${templateHash(sts.spec.template)}`;
  const source = { component: 'statefulset-controller' };
  for (let ordinal = 0; ordinal < desired; ordinal += 1) {
    const name = `${sts.metadata.name}-${ordinal}`;
    if (pods.some((p) => p.metadata.name === name)) continue;
    store.put(newPod(sts, sts.spec.template, name, {
      hostname: name,
      labels: { 'apps.kubernetes.io/pod-index': String(ordinal), 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': name },
    }));
    recordEvent(store, sts, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} successful`, source);
  }
  for (const pod of pods) {
    const ordinal = Number(/-(\d+)$/.exec(pod.metadata.name)?.[1] ?? '-1');
    if (ordinal < desired) continue;
    store.delete('pods', pod.metadata.namespace, pod.metadata.name);
    recordEvent(store, sts, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`, source);
  }
  const current = podsOf(store, sts);
  const ready = current.filter(isReady).length;
  putStatus(store, sts, compact({
    observedGeneration: sts.metadata.generation,
    replicas: current.length,
    readyReplicas: ready,
    currentReplicas: current.length,
    updatedReplicas: current.length,
    availableReplicas: ready,
    currentRevision: sts.status?.['currentRevision'] ?? revision,
    updateRevision: sts.status?.['updateRevision'] ?? revision,
    collisionCount: 0,
  }, ['replicas', 'availableReplicas', 'collisionCount']));
}

export function reconcileDaemonSet(store: KubeStore, ds: Workload): void {
  if (ds.metadata.deletionTimestamp !== undefined) return;
  const selector = ds.spec.template.spec.nodeSelector ?? {};
  const nodes = (store.list('nodes') as Node[]).filter((n) => Object.entries(selector).every(([k, v]) => n.metadata.labels?.[k] === v));
  const pods = podsOf(store, ds);
  for (const node of nodes) {
    if (pods.some((p) => p.spec.nodeName === node.metadata.name)) continue;
    const pod = store.put(newPod(ds, ds.spec.template, `${ds.metadata.name}-${randomSuffix()}`, { nodeName: node.metadata.name }));
    recordEvent(store, ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, { component: 'daemonset-controller' });
  }
  const current = podsOf(store, ds);
  const ready = current.filter(isReady).length;
  putStatus(store, ds, {
    currentNumberScheduled: current.length,
    numberMisscheduled: 0,
    desiredNumberScheduled: nodes.length,
    numberReady: ready,
    observedGeneration: ds.metadata.generation,
    ...(current.length > 0 ? { updatedNumberScheduled: current.length } : {}),
    ...(ready > 0 ? { numberAvailable: ready } : {}),
    ...(nodes.length - ready > 0 ? { numberUnavailable: nodes.length - ready } : {}),
  });
}

interface JobSpec {
  completions?: number;
  parallelism?: number;
  selector?: { matchLabels?: Record<string, string> };
  template: PodTemplate;
}

export function reconcileJob(store: KubeStore, job: StoredObject & { spec: JobSpec; status?: Record<string, unknown> }): void {
  if (job.metadata.deletionTimestamp !== undefined) return;
  const conditions = (job.status?.['conditions'] ?? []) as Condition[];
  const finished = conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  const pods = live(store.list('pods', job.metadata.namespace).filter((p) => ownedBy(p, job)));
  const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
  const failed = pods.filter((p) => p.status?.phase === 'Failed').length;
  const active = pods.filter((p) => !isTerminal(p));
  const completions = job.spec.completions ?? 1;
  if (!finished && active.length === 0 && succeeded < completions) {
    const labels = { 'batch.kubernetes.io/controller-uid': job.metadata.uid, 'batch.kubernetes.io/job-name': job.metadata.name, 'controller-uid': job.metadata.uid, 'job-name': job.metadata.name };
    const pod = store.put(newPod(job, job.spec.template, `${job.metadata.name}-${randomSuffix()}`, { labels }));
    recordEvent(store, job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, { component: 'job-controller' });
    active.push(pod as Pod);
  }
  if (finished) return;
  const now = timestamp();
  const done = succeeded >= completions;
  const status: Record<string, unknown> = {
    ...job.status,
    startTime: job.status?.['startTime'] ?? now,
    active: active.length,
    ...(succeeded > 0 ? { succeeded } : {}),
    ...(failed > 0 ? { failed } : {}),
    ready: active.filter(isReady).length,
    terminating: 0,
    uncountedTerminatedPods: {},
  };
  if (status['active'] === 0) delete status['active'];
  if (done) {
    status['completionTime'] = now;
    status['conditions'] = [
      { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
      { type: 'Complete', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
    ];
    recordEvent(store, job, 'Normal', 'Completed', 'Job completed', { component: 'job-controller' });
  }
  putStatus(store, job, status);
}

