// The endpoints controller (an Endpoints object per selector-backed Service, ready pods as addresses,
// others as notReadyAddresses) and the cloud controller's LoadBalancer address assignment.
import { randomBytes } from 'node:crypto';
import type { Pod, Service, ServicePort, StoredObject } from './model.js';
import { sameJson } from './owners.js';
import type { KubeStore } from './store.js';

const isReady = (pod: Pod): boolean => (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

function resolvePort(port: ServicePort, pods: Pod[]): { name?: string; port: number; protocol: string } | undefined {
  const target = port.targetPort ?? port.port;
  let number: number | undefined = typeof target === 'number' ? target : Number.isInteger(Number(target)) ? Number(target) : undefined;
  if (number === undefined) {
    for (const pod of pods) {
      number = pod.spec.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target)?.containerPort;
      if (number !== undefined) break;
    }
  }
  if (number === undefined) return undefined;
  return { ...(port.name ? { name: port.name } : {}), port: number, protocol: port.protocol ?? 'TCP' };
}

function subsets(service: Service, pods: Pod[]): unknown[] | undefined {
  const address = (pod: Pod): Record<string, unknown> => ({
    ip: pod.status?.podIP,
    ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  });
  const ready = pods.filter(isReady).map(address);
  const notReady = pods.filter((p) => !isReady(p)).map(address);
  if (ready.length + notReady.length === 0) return undefined;
  const ports = (service.spec.ports ?? []).map((p) => resolvePort(p, pods)).filter((p) => p !== undefined);
  return [{
    ...(ready.length > 0 ? { addresses: ready } : {}),
    ...(notReady.length > 0 ? { notReadyAddresses: notReady } : {}),
    ...(ports.length > 0 ? { ports } : {}),
  }];
}

export function reconcileEndpoints(store: KubeStore, namespace: string): void {
  const services = store.list('services', namespace) as Service[];
  const pods = (store.list('pods', namespace) as Pod[]).filter((p) =>
    p.metadata.deletionTimestamp === undefined && p.status?.podIP && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
  for (const service of services) {
    const selector = service.spec.selector;
    if (selector === undefined || Object.keys(selector).length === 0) continue;
    const chosen = pods.filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));
    const wanted = subsets(service, chosen);
    const current = store.get('endpoints', namespace, service.metadata.name);
    if (current !== undefined && sameJson(current['subsets'], wanted)) continue;
    const base: StoredObject | { apiVersion: string; kind: string; metadata: Record<string, unknown> } = current ?? {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: service.metadata.name, namespace, ...(service.metadata.labels ? { labels: { ...service.metadata.labels } } : {}) },
    };
    const { subsets: _old, ...rest } = base as Record<string, unknown>;
    store.put(wanted === undefined ? rest : { ...rest, subsets: wanted });
  }
}

/** Gives LoadBalancer services without an address a public IP, as the cloud controller manager does. */
export function assignLoadBalancers(store: KubeStore, namespace: string): void {
  for (const service of store.list('services', namespace) as Service[]) {
    if (service.spec.type !== 'LoadBalancer' || (service.status?.loadBalancer?.ingress ?? []).length > 0) continue;
    const [a, b, c] = [...randomBytes(3)];
    const ip = `47.${96 + ((a ?? 0) % 32)}.${b ?? 0}.${((c ?? 0) % 253) + 1}`;
    store.put({ ...service, status: { ...service.status, loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } } });
  }
}
