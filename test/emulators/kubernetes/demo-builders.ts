// Builders for the demo seeds: realistic nodes, workloads with their ReplicaSets and pods (running,
// crash-looping, pending, completed), services and events, with uids wired between owners, pods and
// events and timestamps relative to the moment the seed is built.
import { createHash, randomUUID } from 'node:crypto';
import { timestamp, type Container, type OwnerReference } from './model.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface DemoNode {
  name: string;
  internalIp: string;
  instanceType: string;
  zone: string;
  labels?: Record<string, string>;
}

type Json = Record<string, unknown>;

const hex = (seed: string, length: number): string => createHash('sha256').update(seed).digest('hex').slice(0, length);

/** vCPUs, memory in GiB and GPUs from an ECS instance type such as `ecs.g7.xlarge` or `ecs.gn7i-c8g1.2xlarge`. */
function shape(instanceType: string): { cpu: number; memoryGi: number; gpu: number } {
  const size = instanceType.split('.').pop() ?? 'xlarge';
  const cpu = size === 'large' ? 2 : size === 'xlarge' ? 4 : Number.parseInt(size, 10) * 4 || 4;
  const family = instanceType.split('.')[1] ?? 'g7';
  if (family.startsWith('gn')) return { cpu, memoryGi: cpu * 4 - 2, gpu: 1 };
  const perCpu = family.startsWith('c') ? 2 : family.startsWith('r') ? 8 : 4;
  return { cpu, memoryGi: cpu * perCpu, gpu: 0 };
}

export class SeedBuilder {
  readonly objects: Json[] = [];
  readonly logs: Record<string, { current: string[]; previous?: string[] }> = {};

  constructor(readonly now: number = Date.now(), readonly kubeletVersion = 'v1.34.1-aliyun.1') {}

  /** An RFC 3339 timestamp `ms` before the seed time. */
  ago(ms: number): string {
    return timestamp(this.now - ms);
  }

  add<T extends Json>(object: T): T {
    this.objects.push(object);
    return object;
  }

  log(namespace: string, pod: string, container: string, current: string[], previous?: string[]): void {
    this.logs[`${namespace}/${pod}/${container}`] = { current, ...(previous === undefined ? {} : { previous }) };
  }

  namespace(name: string, createdAgo: number, labels: Record<string, string> = {}): void {
    this.add({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, uid: randomUUID(), creationTimestamp: this.ago(createdAgo), labels: { 'kubernetes.io/metadata.name': name, ...labels } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    this.add({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: name, uid: randomUUID(), creationTimestamp: this.ago(createdAgo) },
    });
  }

  node(node: DemoNode, createdAgo: number): void {
    const region = node.zone.replace(/-[a-z]$/, '');
    const { cpu, memoryGi, gpu } = shape(node.instanceType);
    const memoryKi = memoryGi * 1024 * 1024 - 180_000;
    const since = this.ago(createdAgo);
    const heartbeat = this.ago(40_000);
    const condition = (type: string, status: string, reason: string, message: string): Json =>
      ({ type, status, lastHeartbeatTime: heartbeat, lastTransitionTime: since, reason, message });
    const instanceId = `i-bp1${hex(node.name, 17)}`;
    this.add({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: node.name,
        uid: randomUUID(),
        creationTimestamp: since,
        labels: {
          'beta.kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/instance-type': node.instanceType,
          'beta.kubernetes.io/os': 'linux',
          'failure-domain.beta.kubernetes.io/region': region,
          'failure-domain.beta.kubernetes.io/zone': node.zone,
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': node.name,
          'kubernetes.io/os': 'linux',
          'node.kubernetes.io/instance-type': node.instanceType,
          'topology.kubernetes.io/region': region,
          'topology.kubernetes.io/zone': node.zone,
          ...(gpu > 0 ? { 'aliyun.accelerator/nvidia_name': 'NVIDIA-A10', 'aliyun.accelerator/nvidia_count': String(gpu) } : {}),
          ...node.labels,
        },
        annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      },
      spec: { providerID: `${region}.${instanceId}` },
      status: {
        addresses: [{ type: 'InternalIP', address: node.internalIp }, { type: 'Hostname', address: node.name }],
        capacity: { cpu: String(cpu), 'ephemeral-storage': '123722704Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${memoryKi}Ki`, pods: '64', ...(gpu > 0 ? { 'nvidia.com/gpu': String(gpu) } : {}) },
        allocatable: { cpu: `${cpu * 1000 - 80}m`, 'ephemeral-storage': '114022843818', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${memoryKi - 1_400_000}Ki`, pods: '64', ...(gpu > 0 ? { 'nvidia.com/gpu': String(gpu) } : {}) },
        conditions: [
          condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
          condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
          condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
          condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: 'amd64',
          bootID: randomUUID(),
          containerRuntimeVersion: 'containerd://1.6.39',
          kernelVersion: '5.10.134-18.al8.x86_64',
          kubeProxyVersion: this.kubeletVersion,
          kubeletVersion: this.kubeletVersion,
          machineID: hex(`${node.name}/machine`, 32),
          operatingSystem: 'linux',
          osImage: 'Alibaba Cloud Linux 3.2104 U11 (OpenAnolis Edition)',
          systemUUID: randomUUID(),
        },
      },
    });
  }

  service(input: { namespace: string; name: string; clusterIP: string; ports: Json[]; selector?: Record<string, string>; type?: string; createdAgo: number; lbIp?: string; labels?: Record<string, string>; annotations?: Record<string, string> }): void {
    const type = input.type ?? 'ClusterIP';
    const external = type === 'LoadBalancer' || type === 'NodePort';
    this.add({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: input.name, namespace: input.namespace, uid: randomUUID(), creationTimestamp: this.ago(input.createdAgo),
        ...(input.labels ? { labels: input.labels } : {}), ...(input.annotations ? { annotations: input.annotations } : {}),
      },
      spec: {
        clusterIP: input.clusterIP,
        clusterIPs: [input.clusterIP],
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: input.ports,
        ...(input.selector ? { selector: input.selector } : {}),
        sessionAffinity: 'None',
        type,
        ...(external ? { externalTrafficPolicy: 'Local' } : {}),
        ...(type === 'LoadBalancer' ? { allocateLoadBalancerNodePorts: true } : {}),
      },
      status: { loadBalancer: input.lbIp ? { ingress: [{ ip: input.lbIp, ipMode: 'VIP' }] } : {} },
    });
  }

  configMap(namespace: string, name: string, data: Record<string, string>, createdAgo: number): void {
    this.add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, uid: randomUUID(), creationTimestamp: this.ago(createdAgo) }, data });
  }

  secret(namespace: string, name: string, type: string, data: Record<string, string>, createdAgo: number): void {
    const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
    this.add({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace, uid: randomUUID(), creationTimestamp: this.ago(createdAgo) }, type, data: encoded });
  }

  /** A core/v1 Event about `regarding` (an object this builder made). */
  event(regarding: Json, input: { type: 'Normal' | 'Warning'; reason: string; message: string; count: number; firstAgo: number; lastAgo: number; component: string; host?: string; fieldPath?: string }): void {
    const meta = regarding['metadata'] as { name: string; namespace?: string; uid: string; resourceVersion?: string };
    this.add({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${meta.name}.${hex(`${meta.uid}/${input.reason}/${input.message}`, 16)}`, namespace: meta.namespace, uid: randomUUID(), creationTimestamp: this.ago(input.firstAgo) },
      involvedObject: {
        apiVersion: regarding['apiVersion'], kind: regarding['kind'], name: meta.name, namespace: meta.namespace, uid: meta.uid,
        ...(input.fieldPath ? { fieldPath: input.fieldPath } : {}),
      },
      reason: input.reason,
      message: input.message,
      source: { component: input.component, ...(input.host ? { host: input.host } : {}) },
      firstTimestamp: this.ago(input.firstAgo),
      lastTimestamp: this.ago(input.lastAgo),
      count: input.count,
      type: input.type,
      eventTime: null,
      reportingComponent: input.component,
      reportingInstance: input.host ?? '',
    });
  }
}

export const ownerRef = (owner: Json): OwnerReference => {
  const meta = owner['metadata'] as { name: string; uid: string };
  return { apiVersion: String(owner['apiVersion']), kind: String(owner['kind']), name: meta.name, uid: meta.uid, controller: true, blockOwnerDeletion: true };
};

export type PodState =
  | { phase: 'Running'; restarts?: number }
  | { phase: 'CrashLoopBackOff'; restarts: number; lastReason: string; exitCode: number; lastStartedAgo: number; lastFinishedAgo: number }
  | { phase: 'Pending'; message: string }
  | { phase: 'Succeeded'; startedAgo: number; finishedAgo: number };

export interface PodInput {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  containers: Container[];
  owner?: Json;
  nodeName?: string;
  hostIp?: string;
  podIp?: string;
  createdAgo: number;
  state: PodState;
  restartPolicy?: string;
  hostNetwork?: boolean;
  serviceAccountName?: string;
}

function qos(containers: Container[]): string {
  const resources = containers.map((c) => (c['resources'] ?? {}) as { requests?: Record<string, string>; limits?: Record<string, string> });
  if (resources.every((r) => !r.requests && !r.limits)) return 'BestEffort';
  return resources.every((r) => r.limits?.['cpu'] && r.limits['memory'] && (r.requests?.['cpu'] ?? r.limits['cpu']) === r.limits['cpu'] && (r.requests?.['memory'] ?? r.limits['memory']) === r.limits['memory'])
    ? 'Guaranteed' : 'Burstable';
}

export function podObject(b: SeedBuilder, input: PodInput): Json {
  const created = b.ago(input.createdAgo);
  const state = input.state;
  const uid = randomUUID();
  const containerId = (name: string, n: number): string => `containerd://${hex(`${input.name}/${name}/${n}`, 64)}`;
  const imageId = (image: string): string => `${image.split('@')[0]?.replace(/:[^/:]+$/, '')}@sha256:${hex(image, 64)}`;
  const condition = (type: string, status: string, extra: Json = {}): Json => ({ type, status, lastProbeTime: null, lastTransitionTime: created, ...extra });
  const containers = input.containers.map((c) => ({
    imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {}, ...c,
  }));
  let status: Json;
  if (state.phase === 'Pending') {
    status = {
      phase: 'Pending',
      conditions: [condition('PodScheduled', 'False', { reason: 'Unschedulable', message: state.message })],
      qosClass: qos(input.containers),
    };
  } else {
    const running = state.phase === 'Running';
    const crashing = state.phase === 'CrashLoopBackOff';
    const ready = running ? 'True' : 'False';
    const notReadyReason = crashing ? { reason: 'ContainersNotReady', message: `containers with unready status: [${input.containers.map((c) => c.name).join(' ')}]` }
      : state.phase === 'Succeeded' ? { reason: 'PodCompleted' } : {};
    status = {
      phase: state.phase === 'Succeeded' ? 'Succeeded' : 'Running',
      conditions: [
        condition('PodReadyToStartContainers', state.phase === 'Succeeded' ? 'False' : 'True'),
        condition('Initialized', 'True', state.phase === 'Succeeded' ? { reason: 'PodCompleted' } : {}),
        condition('Ready', ready, running ? {} : notReadyReason),
        condition('ContainersReady', ready, running ? {} : notReadyReason),
        condition('PodScheduled', 'True'),
      ],
      hostIP: input.hostIp,
      hostIPs: [{ ip: input.hostIp }],
      podIP: input.podIp,
      podIPs: [{ ip: input.podIp }],
      startTime: created,
      containerStatuses: input.containers.map((c) => {
        const image = c.image ?? '';
        const base = { name: c.name, image, imageID: imageId(image), started: running, volumeMounts: [] };
        if (state.phase === 'CrashLoopBackOff') {
          return {
            ...base,
            containerID: containerId(c.name, state.restarts),
            ready: false,
            restartCount: state.restarts,
            state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${c.name} pod=${input.name}_${input.namespace}(${uid})` } },
            lastState: {
              terminated: {
                exitCode: state.exitCode, reason: state.lastReason, startedAt: b.ago(state.lastStartedAgo), finishedAt: b.ago(state.lastFinishedAgo),
                containerID: containerId(c.name, state.restarts),
              },
            },
          };
        }
        if (state.phase === 'Succeeded') {
          return {
            ...base,
            containerID: containerId(c.name, 0),
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: b.ago(state.startedAgo), finishedAt: b.ago(state.finishedAgo), containerID: containerId(c.name, 0) } },
            lastState: {},
          };
        }
        return { ...base, containerID: containerId(c.name, state.restarts ?? 0), ready: true, restartCount: state.restarts ?? 0, state: { running: { startedAt: created } }, lastState: {} };
      }),
      qosClass: qos(input.containers),
    };
  }
  return b.add({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      uid,
      creationTimestamp: created,
      generation: 1,
      labels: input.labels,
      ...(input.owner ? { ownerReferences: [ownerRef(input.owner)] } : {}),
    },
    spec: {
      containers,
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      ...(input.hostNetwork ? { hostNetwork: true } : {}),
      ...(input.nodeName ? { nodeName: input.nodeName } : {}),
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: input.restartPolicy ?? 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: input.serviceAccountName ?? 'default',
      serviceAccountName: input.serviceAccountName ?? 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
    },
    status,
  });
}

export interface DeploymentInput {
  namespace: string;
  name: string;
  hash: string;
  replicas: number;
  labels: Record<string, string>;
  containers: Container[];
  createdAgo: number;
  /** When the current ReplicaSet was rolled out. */
  rolledOutAgo: number;
  revision: number;
  ready: number;
  annotations?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  /** The rollout never became available and exceeded its progress deadline. */
  stuck?: boolean;
}

/** A Deployment, its current ReplicaSet, and status counters for `ready` of `replicas` pods. */
export function deploymentObjects(b: SeedBuilder, input: DeploymentInput): { deployment: Json; replicaSet: Json } {
  const template = {
    metadata: { labels: input.labels, ...(input.podAnnotations ? { annotations: input.podAnnotations } : {}) },
    spec: {
      containers: input.containers.map((c) => ({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {}, ...c })),
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    },
  };
  const available = input.ready;
  const complete = available === input.replicas;
  const rsName = `${input.name}-${input.hash}`;
  const unavailableSince = Math.min(input.rolledOutAgo, 2 * HOUR);
  const deployment = b.add({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: input.name, namespace: input.namespace, uid: randomUUID(), creationTimestamp: b.ago(input.createdAgo), generation: input.revision,
      labels: input.labels, annotations: { 'deployment.kubernetes.io/revision': String(input.revision), ...input.annotations },
    },
    spec: {
      replicas: input.replicas,
      selector: { matchLabels: input.labels },
      template,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: input.revision,
      replicas: input.replicas,
      updatedReplicas: input.replicas,
      ...(input.ready > 0 ? { readyReplicas: input.ready, availableReplicas: available } : {}),
      ...(input.replicas - available > 0 ? { unavailableReplicas: input.replicas - available } : {}),
      conditions: [
        complete || available >= input.replicas - Math.floor(input.replicas / 4)
          ? { type: 'Available', status: 'True', lastUpdateTime: b.ago(input.rolledOutAgo), lastTransitionTime: b.ago(input.rolledOutAgo), reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
          : { type: 'Available', status: 'False', lastUpdateTime: b.ago(unavailableSince), lastTransitionTime: b.ago(unavailableSince), reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
        input.stuck
          ? { type: 'Progressing', status: 'False', lastUpdateTime: b.ago(input.rolledOutAgo - 10 * 60_000), lastTransitionTime: b.ago(input.rolledOutAgo - 10 * 60_000), reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` }
          : { type: 'Progressing', status: 'True', lastUpdateTime: b.ago(input.rolledOutAgo), lastTransitionTime: b.ago(input.createdAgo), reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` },
      ],
    },
  });
  const rsLabels = { ...input.labels, 'pod-template-hash': input.hash };
  const replicaSet = b.add({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: rsName, namespace: input.namespace, uid: randomUUID(), creationTimestamp: b.ago(input.rolledOutAgo), generation: 1, labels: rsLabels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(input.replicas),
        'deployment.kubernetes.io/max-replicas': String(input.replicas + Math.ceil(input.replicas / 4)),
        'deployment.kubernetes.io/revision': String(input.revision),
      },
      ownerReferences: [ownerRef(deployment)],
    },
    spec: { replicas: input.replicas, selector: { matchLabels: rsLabels }, template: { ...template, metadata: { ...template.metadata, labels: rsLabels } } },
    status: {
      replicas: input.replicas,
      fullyLabeledReplicas: input.replicas,
      ...(input.ready > 0 ? { readyReplicas: input.ready, availableReplicas: input.ready } : {}),
      observedGeneration: 1,
    },
  });
  return { deployment, replicaSet };
}
