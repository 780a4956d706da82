// The kube-system part every demo cluster has: CoreDNS (Deployment, ReplicaSet, pods, kube-dns Service,
// Corefile) and the `kubernetes` Service.
import { DAY, deploymentObjects, podObject, type DemoNode, type SeedBuilder } from './demo-builders.js';

export const CLUSTER_AGE = 47 * DAY;

const COREFILE = `.:53 {
    errors
    health {
       lameduck 15s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
      pods verified
      ttl 30
      fallthrough in-addr.arpa ip6.arpa
    }
    prometheus :9153
    forward . /etc/resolv.conf {
      prefer_udp
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

/** The n-th pod IP in the same /24 as the node, starting at .100 (Terway gives pods VPC addresses). */
export const podIpOn = (node: DemoNode, n: number): string => `${node.internalIp.split('.').slice(0, 3).join('.')}.${100 + n}`;

export function systemObjects(b: SeedBuilder, nodes: DemoNode[]): void {
  const first = nodes[0];
  const second = nodes[1] ?? first;
  b.configMap('kube-system', 'coredns', { Corefile: COREFILE }, CLUSTER_AGE);
  const labels = { 'k8s-app': 'kube-dns' };
  const image = 'registry-cn-hangzhou-vpc.ack.aliyuncs.com/acs/coredns:v1.11.3.2-f57ea7ed6-aliyun';
  const container = {
    name: 'coredns',
    image,
    args: ['-conf', '/etc/coredns/Corefile'],
    ports: [
      { containerPort: 53, name: 'dns', protocol: 'UDP' },
      { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
      { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
    ],
    resources: { limits: { memory: '2Gi' }, requests: { cpu: '100m', memory: '70Mi' } },
  };
  const replicas = first === undefined ? 0 : 2;
  const { replicaSet } = deploymentObjects(b, {
    namespace: 'kube-system', name: 'coredns', hash: '6c8f9b7d4', replicas, labels, containers: [container],
    createdAgo: CLUSTER_AGE, rolledOutAgo: CLUSTER_AGE, revision: 1, ready: replicas,
  });
  if (first !== undefined && second !== undefined) {
    [['coredns-6c8f9b7d4-qz7lm', first, 0], ['coredns-6c8f9b7d4-8xw2n', second, 1]].forEach(([name, node, n]) => {
      const on = node as DemoNode;
      podObject(b, {
        namespace: 'kube-system', name: name as string, labels: { ...labels, 'pod-template-hash': '6c8f9b7d4' }, containers: [container], owner: replicaSet,
        nodeName: on.name, hostIp: on.internalIp, podIp: podIpOn(on, n as number), createdAgo: CLUSTER_AGE - 5 * 60_000, state: { phase: 'Running' },
        serviceAccountName: 'coredns',
      });
    });
    b.log('kube-system', 'coredns-6c8f9b7d4-qz7lm', 'coredns', [
      '.:53',
      '[INFO] plugin/reload: Running configuration SHA512 = 8b3f1a0c5d7e9f2b4a6c8e0d1f3a5b7c9e1d3f5a7b9c1e3d5f7a9b1c3e5d7f9a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e',
      'CoreDNS-1.11.3',
      'linux/amd64, go1.22.7, 3c8e5a4',
    ]);
  }
  b.service({
    namespace: 'kube-system', name: 'kube-dns', clusterIP: '192.168.0.10', selector: labels, createdAgo: CLUSTER_AGE,
    labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
    ],
  });
  b.add({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'coredns', namespace: 'kube-system', creationTimestamp: b.ago(CLUSTER_AGE) },
  });
  b.service({
    namespace: 'default', name: 'kubernetes', clusterIP: '192.168.0.1', createdAgo: CLUSTER_AGE,
    labels: { component: 'apiserver', provider: 'kubernetes' },
    ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
  });
  b.add({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', creationTimestamp: b.ago(CLUSTER_AGE), labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: '10.0.0.250' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  });
}
