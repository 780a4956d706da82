// Diagnosis check items. Each diagnosis type has a catalog of checks; a check is `normal` unless the
// subject (node, pod, service, ...) carries a seeded issue with the same check name, or the emulator
// derives one from state (a node that is not running, a service without endpoints, ...).
import { createHash } from 'node:crypto';
import type { CheckItem, Cluster, DiagnosisType, Ingress, Issue, Node, Pod, Service } from './model.js';

interface CheckDef<S> {
  readonly name: string;
  readonly group: string;
  readonly desc: string;
  readonly refer: string;
  readonly value: (subject: S) => string;
  readonly applies?: (subject: S) => boolean;
}

/** Deterministic pseudo-metric for a subject, so repeated diagnoses agree. */
function metric(key: string, min: number, max: number): number {
  const n = createHash('sha256').update(key).digest().readUInt32BE(0);
  return min + (n % (max - min + 1));
}
const pct = (key: string, min: number, max: number): string => `${metric(key, min, max)}%`;

function evaluate<S>(defs: ReadonlyArray<CheckDef<S>>, subject: S, issues: readonly Issue[], group: string, includeUnmatched: boolean): CheckItem[] {
  const items: CheckItem[] = defs
    .filter((def) => def.applies?.(subject) ?? true)
    .map((def) => {
      const issue = issues.find((i) => i.check === def.name);
      return {
        name: def.name,
        display: def.name,
        group: def.group,
        desc: def.desc,
        refer: def.refer,
        level: issue?.level ?? 'normal',
        message: issue?.message ?? 'success',
        value: issue?.value ?? def.value(subject),
      };
    });
  if (includeUnmatched) {
    for (const issue of issues) {
      if (items.some((item) => item.name === issue.check)) continue;
      items.push({
        name: issue.check, display: issue.check, group, desc: `Check ${issue.check}`, refer: '', level: issue.level,
        message: issue.message, value: issue.value ?? '',
      });
    }
  }
  return items;
}

const MEMORY_USAGE: CheckDef<Node> = {
  name: 'NodeMemoryUsage', group: 'Memory', desc: 'Check the memory working set against the node allocatable memory',
  refer: '<85%', value: (n) => pct(`${n.instanceId}/mem`, 35, 70),
};

const NODE_CHECKS: ReadonlyArray<CheckDef<Node>> = [
  { name: 'NodeReady', group: 'NodeStatus', desc: 'Check whether the node reports Ready to the API server', refer: 'True', value: () => 'True' },
  { name: 'KubeletStatus', group: 'Kubelet', desc: 'Check whether the kubelet service is active', refer: 'active', value: () => 'active' },
  { name: 'ContainerRuntime', group: 'Runtime', desc: 'Check whether containerd is running and responsive', refer: 'active', value: () => 'active' },
  { name: 'HostDNS', group: 'Network', desc: 'Check whether the node can access host dns service', refer: 'True', value: () => 'True' },
  { name: 'ConntrackUsage', group: 'Network', desc: 'Check the usage of the nf_conntrack table', refer: '<80%', value: (n) => pct(`${n.instanceId}/ct`, 2, 18) },
  { name: 'DiskUsage', group: 'Disk', desc: 'Check the usage of the system disk and the container data disk', refer: '<85%', value: (n) => pct(`${n.instanceId}/disk`, 20, 62) },
  { name: 'InodeUsage', group: 'Disk', desc: 'Check the inode usage of the container data disk', refer: '<85%', value: (n) => pct(`${n.instanceId}/inode`, 3, 15) },
  MEMORY_USAGE,
  { name: 'NTPSync', group: 'OS', desc: 'Check whether chronyd keeps the system clock synchronized', refer: 'synchronized', value: () => 'synchronized' },
  {
    name: 'GPUStatus', group: 'GPU', desc: 'Check GPU health with nvidia-smi (XID errors, ECC errors, bus state)', refer: 'healthy',
    value: () => 'healthy', applies: (n) => n.instanceType.startsWith('ecs.gn'),
  },
];

const MEMORY_CHECKS: ReadonlyArray<CheckDef<Node>> = [
  MEMORY_USAGE,
  { name: 'MemoryPressure', group: 'Memory', desc: 'Check the MemoryPressure condition of the node', refer: 'False', value: () => 'False' },
  { name: 'OOMKillEvents', group: 'Memory', desc: 'Check kernel OOM-killer events in the last 24 hours', refer: '0', value: () => '0' },
  { name: 'PageCacheUsage', group: 'Memory', desc: 'Check the page cache share of used memory', refer: '<60%', value: (n) => pct(`${n.instanceId}/cache`, 10, 40) },
  { name: 'PodMemoryLimits', group: 'Memory', desc: 'Check whether the pods on the node declare memory limits', refer: 'all pods', value: () => 'all pods' },
];

interface PodSubject {
  readonly pod: Pod;
  readonly node: Node | undefined;
}
const POD_CHECKS: ReadonlyArray<CheckDef<PodSubject>> = [
  { name: 'PodPhase', group: 'Pod', desc: 'Check the phase of the pod', refer: 'Running', value: (s) => s.pod.phase },
  { name: 'ContainerStatus', group: 'Container', desc: 'Check that all containers are ready and not waiting', refer: 'Ready', value: () => 'Ready' },
  { name: 'ContainerRestarts', group: 'Container', desc: 'Check container restart counts in the last hour', refer: '<5', value: () => '0' },
  { name: 'ImagePull', group: 'Container', desc: 'Check that the container images were pulled', refer: 'Pulled', value: () => 'Pulled' },
  { name: 'PodScheduling', group: 'Pod', desc: 'Check that the pod is scheduled and its requests fit the node', refer: 'Scheduled', value: () => 'Scheduled' },
  { name: 'PodNode', group: 'Node', desc: 'Check the health of the node that runs the pod', refer: 'Ready', value: (s) => s.pod.nodeName },
  { name: 'PodDNS', group: 'Network', desc: 'Check that the pod resolves cluster DNS names', refer: 'True', value: () => 'True' },
];

interface ServiceSubject {
  readonly service: Service;
  readonly endpoints: number;
}
const SERVICE_CHECKS: ReadonlyArray<CheckDef<ServiceSubject>> = [
  { name: 'ServiceEndpoints', group: 'Service', desc: 'Check that the service has ready endpoints', refer: '>0', value: (s) => String(s.endpoints) },
  { name: 'ServiceSelector', group: 'Service', desc: 'Check that the selector matches at least one pod', refer: 'matched', value: () => 'matched' },
  { name: 'ServicePorts', group: 'Service', desc: 'Check that the targetPort is exposed by the selected pods', refer: 'matched', value: () => 'matched' },
  {
    name: 'LoadBalancerStatus', group: 'LoadBalancer', desc: 'Check the CLB instance and listeners that back the service', refer: 'active',
    value: () => 'active', applies: (s) => s.service.type === 'LoadBalancer',
  },
];

interface IngressSubject {
  readonly ingress: Ingress;
  readonly backend: Service | undefined;
  readonly endpoints: number;
}
const INGRESS_CHECKS: ReadonlyArray<CheckDef<IngressSubject>> = [
  { name: 'IngressController', group: 'Ingress', desc: 'Check the NGINX Ingress controller pods', refer: 'Running', value: () => 'Running' },
  { name: 'IngressRule', group: 'Ingress', desc: 'Check that a rule matches the requested host and path', refer: 'matched', value: (s) => `${s.ingress.namespace}/${s.ingress.name}` },
  { name: 'BackendService', group: 'Service', desc: 'Check that the backend service exists', refer: 'exists', value: (s) => s.ingress.serviceName },
  { name: 'BackendEndpoints', group: 'Service', desc: 'Check that the backend service has ready endpoints', refer: '>0', value: (s) => String(s.endpoints) },
  { name: 'TLSCertificate', group: 'Ingress', desc: 'Check the TLS certificate served for the host', refer: 'valid', value: (s) => `valid, expires in ${metric(s.ingress.host, 30, 300)} days` },
];

interface NetworkSubject {
  readonly src: string;
  readonly dst: string;
  readonly dport: string;
  readonly protocol: string;
}
const NETWORK_CHECKS: ReadonlyArray<CheckDef<NetworkSubject>> = [
  { name: 'SourceEndpoint', group: 'Endpoint', desc: 'Resolve the source address to a pod, node or service', refer: 'found', value: (s) => s.src },
  { name: 'DestinationEndpoint', group: 'Endpoint', desc: 'Resolve the destination address', refer: 'found', value: (s) => s.dst },
  { name: 'RouteTable', group: 'VPC', desc: 'Check VPC route entries between source and destination', refer: 'reachable', value: () => 'reachable' },
  { name: 'SecurityGroupRules', group: 'VPC', desc: 'Check that security group rules allow the destination port', refer: 'allowed', value: (s) => `${s.protocol}/${s.dport} allowed` },
  { name: 'NetworkPolicy', group: 'Kubernetes', desc: 'Check NetworkPolicies that select the source or the destination', refer: 'allowed', value: () => 'allowed' },
];

interface ClusterSubject {
  readonly cluster: Cluster;
  readonly nodes: readonly Node[];
}
const LATEST_VERSION = '1.34.1-aliyun.1';
const CLUSTER_CHECKS: ReadonlyArray<CheckDef<ClusterSubject>> = [
  { name: 'APIServer', group: 'ControlPlane', desc: 'Check the health and latency of the managed API server', refer: 'healthy', value: () => 'healthy' },
  { name: 'ControlPlaneComponents', group: 'ControlPlane', desc: 'Check kube-scheduler and kube-controller-manager', refer: 'healthy', value: () => 'healthy' },
  { name: 'NodeHealth', group: 'Node', desc: 'Check that all nodes are Ready and report no problems', refer: 'all nodes healthy', value: (s) => `${s.nodes.length}/${s.nodes.length} healthy` },
  { name: 'CoreDNS', group: 'Addon', desc: 'Check CoreDNS replicas and in-cluster name resolution', refer: 'healthy', value: () => 'healthy' },
  { name: 'ClusterVersion', group: 'Cluster', desc: 'Check whether the Kubernetes version is supported and current', refer: LATEST_VERSION, value: (s) => s.cluster.currentVersion },
  { name: 'AddonVersions', group: 'Addon', desc: 'Check that system add-ons run supported versions', refer: 'up to date', value: () => 'up to date' },
];

const worst = (issues: readonly Issue[]): Issue['level'] => (issues.some((i) => i.level === 'error') ? 'error' : 'warning');

function nodeStateIssues(node: Node): Issue[] {
  return node.state === 'running' ? [] : [{ check: 'NodeReady', level: 'warning', message: `node is ${node.state}`, value: 'Unknown' }];
}

/** Pods whose name starts with the service name count as its endpoints (a deployment's pods). */
const endpointsOf = (cluster: Cluster, namespace: string, service: string): number =>
  cluster.pods.filter((p) => p.namespace === namespace && p.name.startsWith(`${service}-`)).length;

export type CheckOutcome =
  | { readonly found: true; readonly subject: string; readonly items: CheckItem[] }
  | { readonly found: false; readonly message: string };

const str = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? ''));

/** Resolves the diagnosis target in `cluster` and evaluates the catalog for `type`. */
export function runChecks(type: DiagnosisType, target: Readonly<Record<string, unknown>>, cluster: Cluster, nodes: readonly Node[]): CheckOutcome {
  const nodeNamed = (name: string): Node | undefined => nodes.find((n) => n.nodeName === name);
  switch (type) {
    case 'cluster': {
      const troubled = nodes.filter((n) => n.issues.length > 0 || n.state !== 'running');
      const derived: Issue[] = troubled.length === 0 ? [] : [{
        check: 'NodeHealth',
        level: worst(troubled.flatMap((n) => [...n.issues, ...nodeStateIssues(n)])),
        message: troubled.map((n) => `${n.nodeName}: ${[...n.issues, ...nodeStateIssues(n)].map((i) => `${i.check} ${i.level}`).join(', ')}`).join('; '),
        value: `${nodes.length - troubled.length}/${nodes.length} healthy`,
      }];
      return { found: true, subject: cluster.clusterId, items: evaluate(CLUSTER_CHECKS, { cluster, nodes }, [...cluster.issues, ...derived], 'Cluster', true) };
    }
    case 'node':
    case 'memory': {
      const name = str(type === 'node' ? target['name'] : target['node']);
      const node = nodeNamed(name);
      if (node === undefined) return { found: false, message: `node ${name} not found in cluster ${cluster.clusterId}` };
      const issues = [...node.issues, ...nodeStateIssues(node)];
      const items = type === 'node' ? evaluate(NODE_CHECKS, node, issues, 'Node', true) : evaluate(MEMORY_CHECKS, node, issues, 'Memory', false);
      return { found: true, subject: node.nodeName, items };
    }
    case 'pod': {
      const namespace = str(target['namespace']);
      const name = str(target['name']);
      const pod = cluster.pods.find((p) => p.namespace === namespace && p.name === name);
      if (pod === undefined) return { found: false, message: `pod ${namespace}/${name} not found in cluster ${cluster.clusterId}` };
      const node = nodeNamed(pod.nodeName);
      const nodeIssues = node === undefined ? [] : [...node.issues, ...nodeStateIssues(node)];
      const derived: Issue[] = node === undefined
        ? [{ check: 'PodNode', level: 'error', message: `node ${pod.nodeName} no longer exists`, value: pod.nodeName }]
        : nodeIssues.length === 0 ? [] : [{ check: 'PodNode', level: worst(nodeIssues), message: nodeIssues.map((i) => `${i.check}: ${i.message}`).join('; '), value: pod.nodeName }];
      return { found: true, subject: `${namespace}/${name}`, items: evaluate(POD_CHECKS, { pod, node }, [...pod.issues, ...derived], 'Pod', true) };
    }
    case 'service': {
      const namespace = str(target['namespace']);
      const name = str(target['name']);
      const service = cluster.services.find((s) => s.namespace === namespace && s.name === name);
      if (service === undefined) return { found: false, message: `service ${namespace}/${name} not found in cluster ${cluster.clusterId}` };
      const endpoints = endpointsOf(cluster, namespace, name);
      const derived: Issue[] = endpoints > 0 ? [] : [{ check: 'ServiceEndpoints', level: 'error', message: 'the service has no ready endpoints', value: '0' }];
      return { found: true, subject: `${namespace}/${name}`, items: evaluate(SERVICE_CHECKS, { service, endpoints }, [...service.issues, ...derived], 'Service', true) };
    }
    case 'ingress': {
      const url = str(target['url']);
      const host = URL.canParse(url) ? new URL(url).hostname : '';
      const ingress = cluster.ingresses.find((i) => i.host === host);
      if (ingress === undefined) return { found: false, message: `no ingress rule in cluster ${cluster.clusterId} matches ${url}` };
      const backend = cluster.services.find((s) => s.namespace === ingress.namespace && s.name === ingress.serviceName);
      const endpoints = endpointsOf(cluster, ingress.namespace, ingress.serviceName);
      const derived: Issue[] = [
        ...(backend === undefined ? [{ check: 'BackendService', level: 'error' as const, message: `service ${ingress.namespace}/${ingress.serviceName} does not exist` }] : []),
        ...(endpoints > 0 ? [] : [{ check: 'BackendEndpoints', level: 'error' as const, message: 'the backend service has no ready endpoints', value: '0' }]),
      ];
      return { found: true, subject: url, items: evaluate(INGRESS_CHECKS, { ingress, backend, endpoints }, [...ingress.issues, ...derived], 'Ingress', true) };
    }
    case 'network': {
      const src = str(target['src']);
      const dst = str(target['dst']);
      const describe = (ip: string): string | undefined => {
        const node = nodes.find((n) => n.ipAddress === ip);
        if (node) return `node ${node.nodeName}`;
        const pod = cluster.pods.find((p) => p.ip === ip);
        if (pod) return `pod ${pod.namespace}/${pod.name}`;
        const service = cluster.services.find((s) => s.clusterIp === ip);
        return service ? `service ${service.namespace}/${service.name}` : undefined;
      };
      const source = describe(src);
      if (source === undefined) return { found: false, message: `source ${src} is not a node, pod or service address of cluster ${cluster.clusterId}` };
      const subject: NetworkSubject = { src: source, dst: describe(dst) ?? `${dst} (outside the cluster)`, dport: str(target['dport']), protocol: str(target['protocol'] ?? 'tcp') };
      return { found: true, subject: `${src} -> ${dst}:${subject.dport}`, items: evaluate(NETWORK_CHECKS, subject, [], 'Network', true) };
    }
  }
}
