// Seeds: the objects (and container logs) a cluster starts with.
import { timestamp } from './model.js';

export interface KubeSeed {
  /** Full Kubernetes objects with apiVersion, kind and metadata. */
  objects: object[];
  /** Container logs by `namespace/pod/container`. */
  logs?: Record<string, { current: string[]; previous?: string[] }>;
}

export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

export function namespaceObject(name: string, createdAt: Date | number = Date.now(), labels: Record<string, string> = {}): object {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, creationTimestamp: timestamp(createdAt), labels: { 'kubernetes.io/metadata.name': name, ...labels } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** The `kubernetes` Service every cluster has in `default`. */
export function kubernetesService(createdAt: Date | number = Date.now()): object {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', creationTimestamp: timestamp(createdAt), labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: '192.168.0.1',
      clusterIPs: ['192.168.0.1'],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  };
}

/** An empty cluster: the four system namespaces and the `kubernetes` Service. */
export function defaultSeed(): KubeSeed {
  const createdAt = Date.now() - 3 * 24 * 3600 * 1000;
  return { objects: [...SYSTEM_NAMESPACES.map((n) => namespaceObject(n, createdAt)), kubernetesService(createdAt)] };
}
