// The emulator's in-memory domain model. Times are epoch milliseconds; wire.ts renders them.
import type { VerifiableCredential } from './signature.js';
import type { NodeState, SeedIssue } from './seed.js';

export type { NodeState } from './seed.js';
export type Issue = Readonly<SeedIssue>;

export interface Account {
  readonly name: string;
  readonly accountId: string;
  readonly credentials: Credential[];
}

export interface Credential extends VerifiableCredential {
  readonly account: Account;
  /** Mutable on purpose: tests may deny or allow actions at run time. */
  deniedActions: string[];
  readonly principal: string;
}

export interface Pod {
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
  readonly nodeName: string;
  readonly phase: string;
  readonly issues: readonly Issue[];
}

export interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly clusterIp: string;
  readonly type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  readonly issues: readonly Issue[];
}

export interface Ingress {
  readonly namespace: string;
  readonly name: string;
  readonly host: string;
  readonly serviceName: string;
  readonly issues: readonly Issue[];
}

export interface Cluster {
  readonly account: Account;
  readonly clusterId: string;
  readonly name: string;
  readonly regionId: string;
  readonly zoneId: string;
  readonly clusterType: 'ManagedKubernetes';
  readonly clusterSpec: string;
  readonly profile: 'Default';
  readonly state: 'running';
  readonly currentVersion: string;
  readonly initVersion: string;
  readonly vpcId: string;
  readonly vswitchIds: readonly string[];
  readonly securityGroupId: string;
  readonly loadBalancerId: string;
  readonly resourceGroupId: string;
  readonly workerRamRoleName: string;
  readonly containerCidr: string;
  readonly serviceCidr: string;
  /** First two octets of the node network, e.g. `10.0`. */
  readonly networkPrefix: string;
  readonly created: number;
  updated: number;
  readonly tags: ReadonlyArray<{ key: string; value: string }>;
  readonly issues: readonly Issue[];
  /** Control-plane log collection: project and components; undefined = off. */
  readonly controlPlaneLogs: { readonly project: string; readonly components: readonly string[] } | undefined;
  readonly audit: { readonly enabled: boolean; readonly project: string };
  readonly pods: readonly Pod[];
  readonly services: readonly Service[];
  readonly ingresses: readonly Ingress[];
}

export interface NodePool {
  readonly clusterId: string;
  readonly nodepoolId: string;
  readonly name: string;
  readonly isDefault: boolean;
  readonly created: number;
  updated: number;
  desiredSize: number;
  maxNodes: number;
  readonly instanceTypes: readonly string[];
  readonly autoScaling: { enable: boolean; minInstances: number; maxInstances: number };
  readonly spot: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly vswitchIds: readonly string[];
  readonly scalingGroupId: string;
  /** First three octets of this pool's subnet, e.g. `10.0.1`; new nodes get addresses in it. */
  readonly subnetPrefix: string;
}

export interface Node {
  readonly clusterId: string;
  readonly nodepoolId: string;
  readonly instanceId: string;
  readonly nodeName: string;
  readonly ipAddress: string;
  readonly instanceType: string;
  state: NodeState;
  readonly creationTime: number;
  readonly issues: readonly Issue[];
}

export interface RemovedNode {
  readonly node: Node;
  readonly taskId: string;
  readonly removedAt: number;
  /** Whether the ECS instance was released (RemoveNodePoolNodes release_node=true). */
  released: boolean;
}

export type TaskType = 'nodepool_scaleout' | 'nodepool_remove_nodes';
export type TaskState = 'running' | 'success' | 'failed';

export interface TaskStage {
  readonly name: string;
  state: TaskState;
  readonly startTime: number;
  endTime?: number;
  message: string;
  outputs: Record<string, unknown>;
}

export interface TaskEvent {
  readonly action: string;
  readonly level: 'Normal' | 'Warning';
  readonly message: string;
  readonly reason: string;
  readonly source: 'ACK';
  readonly timestamp: number;
}

export interface TaskResultEntry {
  /** The instance id the entry is about. */
  readonly data: string;
  status: string;
}

export interface Task {
  readonly taskId: string;
  readonly account: Account;
  readonly clusterId: string;
  readonly taskType: TaskType;
  state: TaskState;
  readonly created: number;
  updated: number;
  currentStage: string;
  readonly target: { readonly id: string; readonly type: 'nodepool' };
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly stages: TaskStage[];
  readonly events: TaskEvent[];
  readonly taskResult: TaskResultEntry[];
  error?: { code: string; message: string };
}

export const DIAGNOSIS_TYPES = ['cluster', 'node', 'pod', 'network', 'ingress', 'memory', 'service'] as const;
export type DiagnosisType = (typeof DIAGNOSIS_TYPES)[number];
export type CheckLevel = 'normal' | 'warning' | 'error';

export interface CheckItem {
  readonly name: string;
  readonly display: string;
  readonly group: string;
  readonly level: CheckLevel;
  readonly desc: string;
  readonly message: string;
  readonly refer: string;
  readonly value: string;
}

export interface Diagnosis {
  readonly diagnosisId: string;
  readonly account: Account;
  readonly clusterId: string;
  readonly type: DiagnosisType;
  readonly target: Readonly<Record<string, unknown>>;
  /** 0 created, 1 running, 2 completed. */
  status: 0 | 1 | 2;
  /** 0 diagnosis succeeded, 1 diagnosis failed (e.g. the target does not exist). Meaningful once completed. */
  code: 0 | 1;
  message: string;
  result: Record<string, unknown>;
  readonly created: number;
  finished?: number;
  checkItems: CheckItem[];
}
