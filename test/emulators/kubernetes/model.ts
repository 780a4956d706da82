// The slice of the Kubernetes object model the emulator reads and writes. Objects are JSON as on the wire;
// these types name the fields the controllers, printers and handlers touch, everything else passes through.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** A stored object: name, uid, resourceVersion and creationTimestamp are always set. */
export interface StoredObject extends KubeObject {
  metadata: ObjectMeta & { name: string; uid: string; resourceVersion: string; creationTimestamp: string };
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface Container {
  name: string;
  image?: string;
  ports?: ContainerPort[];
  [field: string]: unknown;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  nodeName?: string;
  restartPolicy?: string;
  readinessGates?: Array<{ conditionType: string }>;
  nodeSelector?: Record<string, string>;
  [field: string]: unknown;
}

export interface PodTemplate {
  metadata?: ObjectMeta;
  spec: PodSpec;
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { exitCode: number; signal?: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string; containerID?: string };
}

export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  image?: string;
  imageID?: string;
  containerID?: string;
  started?: boolean;
  state?: ContainerState;
  lastState?: ContainerState;
  [field: string]: unknown;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
  lastHeartbeatTime?: string;
  [field: string]: unknown;
}

export interface PodStatus {
  phase?: string;
  reason?: string;
  message?: string;
  conditions?: Condition[];
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
  hostIP?: string;
  hostIPs?: Array<{ ip: string }>;
  podIP?: string;
  podIPs?: Array<{ ip: string }>;
  nominatedNodeName?: string;
  startTime?: string;
  qosClass?: string;
  [field: string]: unknown;
}

export interface Pod extends StoredObject {
  spec: PodSpec;
  status?: PodStatus;
}

export interface WorkloadSpec {
  replicas?: number;
  selector?: LabelSelector;
  template: PodTemplate;
  [field: string]: unknown;
}

export interface WorkloadStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  currentReplicas?: number;
  fullyLabeledReplicas?: number;
  conditions?: Condition[];
  [field: string]: unknown;
}

export interface Workload extends StoredObject {
  spec: WorkloadSpec;
  status?: WorkloadStatus;
}

export interface Node extends StoredObject {
  spec?: { unschedulable?: boolean; podCIDR?: string; providerID?: string; taints?: unknown[] };
  status?: {
    conditions?: Condition[];
    addresses?: Array<{ type: string; address: string }>;
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string; [field: string]: unknown };
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    [field: string]: unknown;
  };
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol?: string;
}

export interface Service extends StoredObject {
  spec: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ports?: ServicePort[];
    selector?: Record<string, string>;
    [field: string]: unknown;
  };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}

export interface CoreEvent extends StoredObject {
  involvedObject: { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; fieldPath?: string; resourceVersion?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
  series?: { count: number; lastObservedTime: string };
}

/** RFC 3339 with second precision, as Kubernetes prints `metav1.Time`. */
export const timestamp = (at: Date | number = Date.now()): string =>
  new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** RFC 3339 with microseconds, as Kubernetes prints `metav1.MicroTime`. */
export const microTimestamp = (at: Date | number = Date.now()): string =>
  new Date(at).toISOString().replace(/Z$/, '000Z');
