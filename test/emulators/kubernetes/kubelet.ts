// Scheduler and kubelet for pods nobody has reported on yet (phase Pending, no conditions): bind to the
// least busy Ready node, start every container, and finish the pods of Jobs. Pods that arrive with a status
// (seeded crash loops, unschedulable pods) are never touched.
import { createHash, randomBytes } from 'node:crypto';
import { recordEvent } from './events.js';
import { timestamp, type ContainerStatus, type Node, type Pod } from './model.js';
import { controllerOf } from './owners.js';
import type { KubeStore } from './store.js';

export const isFresh = (pod: Pod): boolean =>
  pod.metadata.deletionTimestamp === undefined && (pod.status?.phase ?? 'Pending') === 'Pending' && (pod.status?.conditions ?? []).length === 0;

const readyNodes = (store: KubeStore): Node[] => (store.list('nodes') as Node[]).filter((n) =>
  !n.spec?.unschedulable && (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'));

const internalIp = (node: Node | undefined): string => node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '10.0.0.1';

function allocatePodIp(store: KubeStore, node: Node | undefined): string {
  const used = new Set((store.list('pods') as Pod[]).map((p) => p.status?.podIP));
  const [a, b, c] = internalIp(node).split('.');
  for (let host = 100; host < 250; host += 1) {
    const ip = `${a}.${b}.${c}.${host}`;
    if (!used.has(ip)) return ip;
  }
  return `${a}.${b}.${(Number(c) + 100) % 256}.${(randomBytes(1)[0] ?? 0) % 250}`;
}

const imageId = (image: string): string => {
  const repo = image.split('@')[0]?.replace(/:[^/:]+$/, '') ?? image;
  return `${repo}@sha256:${createHash('sha256').update(image).digest('hex')}`;
};

/** Schedules (unless already bound) and starts a fresh pod; returns false when no node can take it. */
export function runPod(store: KubeStore, pod: Pod): boolean {
  const nodes = readyNodes(store);
  const ns = pod.metadata.namespace ?? 'default';
  const now = timestamp();
  let nodeName = pod.spec.nodeName;
  if (!nodeName) {
    const load = (n: Node): number => (store.list('pods') as Pod[]).filter((p) => p.spec.nodeName === n.metadata.name).length;
    const chosen = [...nodes].sort((x, y) => load(x) - load(y))[0];
    if (chosen === undefined) {
      const total = store.list('nodes').length;
      const message = `0/${total} nodes are available: ${total === 0 ? 'no nodes available to schedule pods' : `${total} node(s) were unschedulable`}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
      store.put({
        ...pod,
        status: { ...pod.status, phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'Unschedulable', message }] },
      });
      recordEvent(store, pod, 'Warning', 'FailedScheduling', message, { component: 'default-scheduler' });
      return false;
    }
    nodeName = chosen.metadata.name;
    recordEvent(store, pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${pod.metadata.name} to ${nodeName}`, { component: 'default-scheduler' });
  }
  const node = store.get('nodes', undefined, nodeName) as Node | undefined;
  const hostIp = internalIp(node);
  const podIp = pod.spec['hostNetwork'] === true ? hostIp : allocatePodIp(store, node);
  const kubelet = { component: 'kubelet', host: nodeName };
  const statuses: ContainerStatus[] = pod.spec.containers.map((c) => {
    const image = c.image ?? '';
    recordEvent(store, pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, kubelet, `spec.containers{${c.name}}`);
    recordEvent(store, pod, 'Normal', 'Created', `Created container: ${c.name}`, kubelet, `spec.containers{${c.name}}`);
    recordEvent(store, pod, 'Normal', 'Started', `Started container ${c.name}`, kubelet, `spec.containers{${c.name}}`);
    return {
      name: c.name,
      state: { running: { startedAt: now } },
      lastState: {},
      ready: true,
      restartCount: 0,
      image,
      imageID: imageId(image),
      containerID: `containerd://${randomBytes(32).toString('hex')}`,
      started: true,
    };
  });
  const condition = (type: string): Record<string, unknown> => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
  store.put({
    ...pod,
    spec: { ...pod.spec, nodeName },
    status: {
      ...pod.status,
      phase: 'Running',
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
      hostIP: hostIp,
      hostIPs: [{ ip: hostIp }],
      podIP: podIp,
      podIPs: [{ ip: podIp }],
      startTime: now,
      containerStatuses: statuses,
      qosClass: pod.status?.qosClass ?? 'BestEffort',
    },
  });
  return true;
}

/** Whether a running pod belongs to a Job and should now complete. */
export const isJobPod = (pod: Pod): boolean => controllerOf(pod)?.kind === 'Job';

/** Ends a Job pod's containers with exit code 0. */
export function completePod(store: KubeStore, pod: Pod): void {
  const now = timestamp();
  const statuses = (pod.status?.containerStatuses ?? []).map((s) => ({
    ...s,
    ready: false,
    started: false,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: s.state?.running?.startedAt ?? now, finishedAt: now, containerID: s.containerID } },
  }));
  const conditions = (pod.status?.conditions ?? []).map((c) =>
    (c.type === 'Ready' || c.type === 'ContainersReady' || c.type === 'PodReadyToStartContainers')
      ? { ...c, status: 'False', lastTransitionTime: now, ...(c.type === 'PodReadyToStartContainers' ? {} : { reason: 'PodCompleted' }) }
      : c);
  store.put({ ...pod, status: { ...pod.status, phase: 'Succeeded', conditions, containerStatuses: statuses } });
}
