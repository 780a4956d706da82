// Seed data: the tenants, their credentials and their ACK resources. `defaultSeed()` builds a believable
// two-tenant world with fresh random credentials on every call; tests may pass their own `Seed` instead.
import {
  newAccessKeyId, newAccessKeySecret, newAccountId, newSecurityToken, newStsAccessKeyId,
} from './ids.js';

export type NodeState = 'running' | 'initial' | 'removing' | 'failed';
export type IssueLevel = 'warning' | 'error';

/** A problem a diagnosis will report: `check` names a check item (e.g. DiskUsage, ContainerRestarts). */
export interface SeedIssue {
  check: string;
  level: IssueLevel;
  message: string;
  value?: string;
}

export interface SeedCredential {
  accessKeyId: string;
  accessKeySecret: string;
  /** Present for STS credentials (whose AccessKey id starts with `STS.`). */
  securityToken?: string;
  /** ISO-8601 expiry of an STS token. */
  expiration?: string;
  /** RAM denials: action names such as `ScaleClusterNodePool` (or `cs:ScaleClusterNodePool`, `*`). */
  deniedActions?: string[];
  /** RAM principal shown in access-denied details, e.g. `ack-ops@1234.onaliyun.com`. */
  principal?: string;
  /** Kubernetes RBAC role bound to this principal in the account's emulated clusters (default cluster-admin). */
  kubernetesRole?: 'cluster-admin' | 'admin' | 'edit' | 'view';
}

export interface SeedNode {
  instanceId?: string;
  ipAddress: string;
  /** Defaults to the node pool's first instance type. */
  instanceType?: string;
  state?: NodeState;
  creationTime?: string;
  issues?: SeedIssue[];
}

export interface SeedNodePool {
  nodepoolId?: string;
  name: string;
  isDefault?: boolean;
  instanceTypes: string[];
  /** Upper bound for desired_size; a scale-out beyond it fails with InstanceQuotaExceeded. */
  maxNodes: number;
  autoScaling?: { enable: boolean; minInstances: number; maxInstances: number };
  spot?: boolean;
  labels?: Record<string, string>;
  created?: string;
  nodes: SeedNode[];
}

export interface SeedPod {
  namespace: string;
  name: string;
  ip: string;
  /** Node name (`<region>.<ip>`) the pod runs on. */
  nodeName: string;
  phase?: string;
  issues?: SeedIssue[];
}

export interface SeedService {
  namespace: string;
  name: string;
  clusterIp: string;
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  issues?: SeedIssue[];
}

export interface SeedIngress {
  namespace: string;
  name: string;
  host: string;
  serviceName: string;
  issues?: SeedIssue[];
}

export interface SeedCluster {
  clusterId?: string;
  name: string;
  regionId: string;
  zoneId?: string;
  currentVersion?: string;
  clusterSpec?: string;
  created?: string;
  tags?: Record<string, string>;
  /** Cluster-level problems (e.g. ClusterVersion, CoreDNS) reported by a `cluster` diagnosis. */
  issues?: SeedIssue[];
  /** Control-plane log collection (CheckControlPlaneLogEnable); default apiserver, kcm and scheduler into `k8s-log-<id>`; false = off. */
  controlPlaneLogs?: { components: string[]; project?: string } | false;
  /** API server auditing (GetClusterAuditProject); default on, into the log project. */
  audit?: { enabled: boolean; project?: string };
  nodepools: SeedNodePool[];
  pods?: SeedPod[];
  services?: SeedService[];
  ingresses?: SeedIngress[];
}

export interface SeedAccount {
  name: string;
  accountId?: string;
  credentials: SeedCredential[];
  clusters: SeedCluster[];
}

export interface Seed {
  accounts: SeedAccount[];
}

const hours = (n: number): string => new Date(Date.now() + n * 3_600_000).toISOString();
const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString();

/** team-a: long-lived AK, clusters in cn-hangzhou and cn-beijing. team-b: STS credential, cluster in cn-shanghai. */
export function defaultSeed(): Seed {
  const teamA: SeedAccount = {
    name: 'team-a',
    accountId: newAccountId(),
    credentials: [
      { accessKeyId: newAccessKeyId(), accessKeySecret: newAccessKeySecret(), principal: 'ack-operator@team-a.onaliyun.com' },
      { accessKeyId: newAccessKeyId(), accessKeySecret: newAccessKeySecret(), principal: 'ack-viewer@team-a.onaliyun.com', kubernetesRole: 'view' },
    ],
    clusters: [
      {
        name: 'team-a-prod-hz',
        regionId: 'cn-hangzhou',
        zoneId: 'cn-hangzhou-k',
        currentVersion: '1.34.1-aliyun.1',
        created: daysAgo(210),
        tags: { env: 'prod', team: 'team-a' },
        nodepools: [
          {
            name: 'default-nodepool',
            isDefault: true,
            instanceTypes: ['ecs.g7.xlarge'],
            maxNodes: 10,
            labels: { workload: 'general' },
            created: daysAgo(210),
            nodes: [
              { ipAddress: '10.0.1.23', creationTime: daysAgo(120) },
              {
                ipAddress: '10.0.1.24',
                creationTime: daysAgo(120),
                issues: [{ check: 'DiskUsage', level: 'warning', message: '/var/lib/containerd is 87% full (threshold 85%); image garbage collection is falling behind', value: '87%' }],
              },
              { ipAddress: '10.0.1.25', creationTime: daysAgo(35) },
            ],
          },
          {
            name: 'compute-nodepool',
            instanceTypes: ['ecs.c7.2xlarge', 'ecs.c7a.2xlarge'],
            maxNodes: 6,
            autoScaling: { enable: false, minInstances: 0, maxInstances: 6 },
            labels: { workload: 'batch' },
            created: daysAgo(90),
            nodes: [
              { ipAddress: '10.0.2.11', creationTime: daysAgo(60) },
              {
                ipAddress: '10.0.2.12',
                creationTime: daysAgo(12),
                issues: [
                  { check: 'NodeMemoryUsage', level: 'warning', message: 'memory working set is 91% of allocatable (threshold 85%)', value: '91%' },
                  { check: 'OOMKillEvents', level: 'warning', message: '3 containers were OOM-killed in the last 24 hours (batch/report-builder)', value: '3' },
                ],
              },
            ],
          },
        ],
        pods: [
          { namespace: 'kube-system', name: 'coredns-6c8f9b7d4-qz7lm', ip: '10.0.1.150', nodeName: 'cn-hangzhou.10.0.1.23' },
          {
            namespace: 'payments', name: 'checkout-api-7d9c8b6f5-x2k4q', ip: '10.0.1.171', nodeName: 'cn-hangzhou.10.0.1.24',
            issues: [{ check: 'ContainerRestarts', level: 'warning', message: 'container checkout-api restarted 14 times in the last hour (last state: OOMKilled)', value: '14' }],
          },
          { namespace: 'web', name: 'storefront-5b6d7c9f8-hk2vn', ip: '10.0.1.188', nodeName: 'cn-hangzhou.10.0.1.25' },
          { namespace: 'batch', name: 'report-builder-28811520-6xq9d', ip: '10.0.2.140', nodeName: 'cn-hangzhou.10.0.2.12' },
        ],
        services: [
          { namespace: 'payments', name: 'checkout-api', clusterIp: '192.168.34.17' },
          { namespace: 'web', name: 'storefront', clusterIp: '192.168.12.40', type: 'LoadBalancer' },
        ],
        ingresses: [{ namespace: 'web', name: 'storefront', host: 'shop.team-a.example.com', serviceName: 'storefront' }],
      },
      {
        name: 'team-a-staging-bj',
        regionId: 'cn-beijing',
        controlPlaneLogs: false,
        audit: { enabled: false },
        zoneId: 'cn-beijing-h',
        currentVersion: '1.33.3-aliyun.1',
        created: daysAgo(75),
        tags: { env: 'staging', team: 'team-a' },
        issues: [{ check: 'ClusterVersion', level: 'warning', message: 'Kubernetes 1.33.3-aliyun.1 is one minor version behind the latest 1.34.1-aliyun.1', value: '1.33.3-aliyun.1' }],
        nodepools: [
          {
            name: 'default-nodepool',
            isDefault: true,
            instanceTypes: ['ecs.g7.large'],
            maxNodes: 5,
            created: daysAgo(75),
            nodes: [{ ipAddress: '10.1.1.31', creationTime: daysAgo(75) }, { ipAddress: '10.1.1.32', creationTime: daysAgo(75) }],
          },
          {
            name: 'spot-nodepool',
            instanceTypes: ['ecs.g7.large', 'ecs.g6.large'],
            maxNodes: 8,
            spot: true,
            labels: { 'lifecycle': 'spot' },
            created: daysAgo(40),
            nodes: [{ ipAddress: '10.1.2.14', creationTime: daysAgo(3) }, { ipAddress: '10.1.2.15', creationTime: daysAgo(1) }],
          },
        ],
        pods: [{ namespace: 'web', name: 'storefront-84f7b6c5d-m9t2r', ip: '10.1.1.140', nodeName: 'cn-beijing.10.1.1.31' }],
        services: [{ namespace: 'web', name: 'storefront', clusterIp: '192.168.40.8' }],
        ingresses: [],
      },
    ],
  };

  const teamB: SeedAccount = {
    name: 'team-b',
    accountId: newAccountId(),
    credentials: [{
      accessKeyId: newStsAccessKeyId(),
      accessKeySecret: newAccessKeySecret(),
      securityToken: newSecurityToken(),
      expiration: hours(6),
      principal: 'AckOperatorRole/team-b-session',
    }],
    clusters: [
      {
        name: 'team-b-data-sh',
        regionId: 'cn-shanghai',
        controlPlaneLogs: { components: ['apiserver'] },
        audit: { enabled: true, project: 'team-b-audit-logs' },
        zoneId: 'cn-shanghai-l',
        currentVersion: '1.34.1-aliyun.1',
        created: daysAgo(150),
        tags: { env: 'prod', team: 'team-b' },
        nodepools: [
          {
            name: 'default-nodepool',
            isDefault: true,
            instanceTypes: ['ecs.g8i.2xlarge'],
            maxNodes: 12,
            created: daysAgo(150),
            nodes: [{ ipAddress: '10.2.1.41', creationTime: daysAgo(150) }, { ipAddress: '10.2.1.42', creationTime: daysAgo(64) }],
          },
          {
            name: 'gpu-nodepool',
            instanceTypes: ['ecs.gn7i-c8g1.2xlarge'],
            maxNodes: 4,
            labels: { 'accelerator': 'nvidia-a10' },
            created: daysAgo(30),
            nodes: [
              { ipAddress: '10.2.3.7', creationTime: daysAgo(30) },
              {
                ipAddress: '10.2.3.8',
                creationTime: daysAgo(30),
                issues: [{ check: 'GPUStatus', level: 'error', message: 'nvidia-smi reports an XID 79 error: GPU 0 has fallen off the bus', value: 'XID 79' }],
              },
              { ipAddress: '10.2.3.9', creationTime: daysAgo(2) },
            ],
          },
        ],
        pods: [
          { namespace: 'analytics', name: 'spark-driver-etl-0', ip: '10.2.1.120', nodeName: 'cn-shanghai.10.2.1.41' },
          {
            namespace: 'inference', name: 'llm-serving-6f5d8c7b9-p4w8z', ip: '10.2.3.130', nodeName: 'cn-shanghai.10.2.3.8',
            issues: [{ check: 'ContainerStatus', level: 'error', message: 'container llm-serving is in CrashLoopBackOff: CUDA error, GPU 0 unavailable', value: 'CrashLoopBackOff' }],
          },
        ],
        services: [{ namespace: 'inference', name: 'llm-serving', clusterIp: '192.168.80.21', type: 'LoadBalancer' }],
        ingresses: [{ namespace: 'inference', name: 'llm-serving', host: 'llm.team-b.example.com', serviceName: 'llm-serving' }],
      },
    ],
  };

  return { accounts: [teamA, teamB] };
}
