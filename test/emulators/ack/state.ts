// Per-account emulator state: accounts and their credentials, clusters, node pools, nodes, tasks and diagnoses.
// Every read goes through `advance()` first, so asynchronous work (tasks, diagnoses) is always up to date.
import { randomUUID } from 'node:crypto';
import { ApiError, clusterNotFound, diagnosisNotFound, nodePoolNotFound, taskNotFound } from './errors.js';
import {
  newAccountId, newClusterId, newInstanceId, newLoadBalancerId, newNodepoolId, newResourceGroupId,
  newScalingGroupId, newSecurityGroupId, newVpcId, newVswitchId,
} from './ids.js';
import type {
  Account, Cluster, Credential, Diagnosis, Node, NodePool, NodeState, RemovedNode, Task,
} from './model.js';
import { Scheduler } from './scheduler.js';
import type { Seed, SeedAccount, SeedCluster, SeedNodePool } from './seed.js';
import { parseSeedTime } from './time.js';
import { defaultEndpoints, type ApiServerEndpoints, type KubernetesBackend } from './kubernetes.js';

export interface StateOptions {
  /** Duration of each task stage in ms. */
  readonly taskStepMs: number;
  /** Duration of each diagnosis status step (created → running → completed) in ms. */
  readonly diagnosisStepMs: number;
  /** Emulated API servers of the clusters, for master_url and DescribeClusterUserKubeconfig. */
  readonly kubernetes?: KubernetesBackend;
}

export interface NodePoolStatus {
  readonly state: 'active' | 'scaling' | 'removing';
  readonly total: number;
  readonly serving: number;
  readonly healthy: number;
  readonly initial: number;
  readonly removing: number;
  readonly failed: number;
}

const octets = (ip: string, count: number): string => ip.split('.').slice(0, count).join('.');

export class AckState {
  readonly scheduler = new Scheduler();
  private readonly accountsByName = new Map<string, Account>();
  private readonly credentialsByKey = new Map<string, Credential>();
  private readonly clustersById = new Map<string, Cluster>();
  private readonly nodepoolsById = new Map<string, NodePool>();
  private readonly nodesById = new Map<string, Node>();
  private readonly removed: RemovedNode[] = [];
  private readonly tasksById = new Map<string, Task>();
  private readonly diagnosesById = new Map<string, Diagnosis>();

  constructor(seed: Seed, readonly options: StateOptions) {
    for (const account of seed.accounts) this.loadAccount(account);
  }

  /** Applies every task and diagnosis transition that is due by now. */
  advance(): void {
    this.scheduler.runDue();
  }

  now(): number {
    return this.scheduler.now();
  }

  /** API server endpoints of a cluster: the emulated ones when there are, otherwise an intranet address only. */
  endpoints(cluster: Cluster): ApiServerEndpoints {
    return this.options.kubernetes?.endpoints(cluster.clusterId) ?? defaultEndpoints(cluster.networkPrefix);
  }

  // ---- lookups for tests and handlers (not scoped to a caller) ----

  accounts(): Account[] {
    return [...this.accountsByName.values()];
  }
  account(name: string): Account | undefined {
    return this.accountsByName.get(name);
  }
  credential(accessKeyId: string): Credential | undefined {
    return this.credentialsByKey.get(accessKeyId);
  }
  clusters(account?: Account): Cluster[] {
    this.advance();
    return [...this.clustersById.values()].filter((c) => account === undefined || c.account === account);
  }
  cluster(clusterId: string): Cluster | undefined {
    this.advance();
    return this.clustersById.get(clusterId);
  }
  nodepools(clusterId: string): NodePool[] {
    this.advance();
    return [...this.nodepoolsById.values()].filter((p) => p.clusterId === clusterId);
  }
  nodepool(nodepoolId: string): NodePool | undefined {
    this.advance();
    return this.nodepoolsById.get(nodepoolId);
  }
  nodes(filter: { clusterId?: string; nodepoolId?: string } = {}): Node[] {
    this.advance();
    return this.listNodes(filter);
  }
  private listNodes(filter: { clusterId?: string; nodepoolId?: string }): Node[] {
    return [...this.nodesById.values()].filter(
      (n) => (filter.clusterId === undefined || n.clusterId === filter.clusterId)
        && (filter.nodepoolId === undefined || n.nodepoolId === filter.nodepoolId),
    );
  }
  node(instanceId: string): Node | undefined {
    this.advance();
    return this.nodesById.get(instanceId);
  }
  removedNodes(): readonly RemovedNode[] {
    this.advance();
    return this.removed;
  }
  tasks(): Task[] {
    this.advance();
    return [...this.tasksById.values()];
  }
  task(taskId: string): Task | undefined {
    this.advance();
    return this.tasksById.get(taskId);
  }
  diagnosis(diagnosisId: string): Diagnosis | undefined {
    this.advance();
    return this.diagnosesById.get(diagnosisId);
  }

  poolStatus(pool: NodePool): NodePoolStatus {
    this.advance();
    const nodes = this.listNodes({ nodepoolId: pool.nodepoolId });
    const count = (state: NodeState): number => nodes.filter((n) => n.state === state).length;
    const active = [...this.tasksById.values()].find((t) => t.state === 'running' && t.target.id === pool.nodepoolId);
    const running = count('running');
    return {
      state: active === undefined ? 'active' : active.taskType === 'nodepool_scaleout' ? 'scaling' : 'removing',
      total: nodes.length,
      serving: running,
      healthy: nodes.filter((n) => n.state === 'running' && !n.issues.some((i) => i.level === 'error')).length,
      initial: count('initial'),
      removing: count('removing'),
      failed: count('failed'),
    };
  }

  // ---- lookups scoped to the calling account: another tenant's resources do not exist ----

  clusterOf(account: Account, clusterId: string): Cluster {
    const cluster = this.clustersById.get(clusterId);
    if (cluster === undefined || cluster.account !== account) throw clusterNotFound(clusterId);
    return cluster;
  }

  nodepoolOf(account: Account, clusterId: string, nodepoolId: string): NodePool {
    this.clusterOf(account, clusterId);
    const pool = this.nodepoolsById.get(nodepoolId);
    if (pool === undefined || pool.clusterId !== clusterId) throw nodePoolNotFound(nodepoolId);
    return pool;
  }

  taskOf(account: Account, taskId: string): Task {
    this.advance();
    const task = this.tasksById.get(taskId);
    if (task === undefined || task.account !== account) throw taskNotFound(taskId);
    return task;
  }

  diagnosisOf(account: Account, clusterId: string, diagnosisId: string): Diagnosis {
    this.clusterOf(account, clusterId);
    this.advance();
    const diagnosis = this.diagnosesById.get(diagnosisId);
    if (diagnosis === undefined || diagnosis.clusterId !== clusterId) throw diagnosisNotFound(diagnosisId);
    return diagnosis;
  }

  // ---- mutations used by tasks.ts and diagnosis.ts ----

  addTask(task: Task): void {
    this.tasksById.set(task.taskId, task);
  }

  addDiagnosis(diagnosis: Diagnosis): void {
    this.diagnosesById.set(diagnosis.diagnosisId, diagnosis);
  }

  /** Creates a node in `pool` at the next free address of the pool's subnet. */
  launchNode(pool: NodePool, state: NodeState, at: number): Node {
    const cluster = this.clustersById.get(pool.clusterId);
    if (cluster === undefined) throw new Error(`node pool ${pool.nodepoolId} has no cluster`);
    const ipAddress = this.allocateIp(pool);
    const instanceType = pool.instanceTypes[this.listNodes({ nodepoolId: pool.nodepoolId }).length % pool.instanceTypes.length] ?? 'ecs.g7.xlarge';
    return this.insertNode(cluster, pool, { ipAddress, instanceType, state, creationTime: at, issues: [] });
  }

  /** Takes a node out of the cluster and remembers it (with whether its ECS instance was released). */
  detachNode(node: Node, taskId: string, at: number): RemovedNode {
    this.nodesById.delete(node.instanceId);
    const record: RemovedNode = { node, taskId, removedAt: at, released: false };
    this.removed.push(record);
    return record;
  }

  private allocateIp(pool: NodePool): string {
    const used = new Set(this.listNodes({ clusterId: pool.clusterId }).map((n) => n.ipAddress));
    for (let host = 10; host < 255; host++) {
      const ip = `${pool.subnetPrefix}.${host}`;
      if (!used.has(ip)) return ip;
    }
    throw new ApiError(400, 'NoAvailableIpAddress', `The vSwitch of node pool ${pool.nodepoolId} has no free IP address.`);
  }

  // ---- seeding ----

  private loadAccount(seed: SeedAccount): void {
    if (this.accountsByName.has(seed.name)) throw new Error(`seed: duplicate account ${seed.name}`);
    const account: Account = { name: seed.name, accountId: seed.accountId ?? newAccountId(), credentials: [] };
    this.accountsByName.set(account.name, account);
    for (const c of seed.credentials) {
      if (this.credentialsByKey.has(c.accessKeyId)) throw new Error(`seed: duplicate AccessKey id ${c.accessKeyId}`);
      const isSts = c.securityToken !== undefined;
      if (isSts !== c.accessKeyId.startsWith('STS.')) {
        throw new Error(`seed: ${c.accessKeyId}: STS AccessKey ids start with "STS." and always carry a securityToken`);
      }
      const credential: Credential = {
        account,
        accessKeyId: c.accessKeyId,
        accessKeySecret: c.accessKeySecret,
        kind: isSts ? 'sts' : 'ak',
        securityToken: c.securityToken,
        expiresAt: c.expiration === undefined ? undefined : parseSeedTime(c.expiration),
        deniedActions: [...(c.deniedActions ?? [])],
        principal: c.principal ?? (isSts ? `AckOperatorRole/${account.name}` : `${account.name}-operator`),
      };
      account.credentials.push(credential);
      this.credentialsByKey.set(credential.accessKeyId, credential);
    }
    seed.clusters.forEach((cluster, index) => this.loadCluster(account, cluster, index));
  }

  private loadCluster(account: Account, seed: SeedCluster, index: number): void {
    const clusterId = seed.clusterId ?? newClusterId();
    if (this.clustersById.has(clusterId)) throw new Error(`seed: duplicate cluster id ${clusterId}`);
    const firstIp = seed.nodepools.flatMap((p) => p.nodes)[0]?.ipAddress;
    const created = seed.created === undefined ? Date.now() : parseSeedTime(seed.created);
    const version = seed.currentVersion ?? '1.34.1-aliyun.1';
    const region = seed.regionId;
    const cluster: Cluster = {
      account,
      clusterId,
      name: seed.name,
      regionId: region,
      zoneId: seed.zoneId ?? `${region}-a`,
      clusterType: 'ManagedKubernetes',
      clusterSpec: seed.clusterSpec ?? 'ack.pro.small',
      profile: 'Default',
      state: 'running',
      currentVersion: version,
      initVersion: version,
      vpcId: newVpcId(region),
      vswitchIds: [newVswitchId(region), newVswitchId(region)],
      securityGroupId: newSecurityGroupId(region),
      loadBalancerId: newLoadBalancerId(region),
      resourceGroupId: newResourceGroupId(),
      workerRamRoleName: `KubernetesWorkerRole-${randomUUID()}`,
      containerCidr: '172.20.0.0/16',
      serviceCidr: '192.168.0.0/16',
      networkPrefix: firstIp === undefined ? `10.${index}` : octets(firstIp, 2),
      created,
      updated: created,
      tags: Object.entries(seed.tags ?? {}).map(([key, value]) => ({ key, value })),
      issues: seed.issues ?? [],
      controlPlaneLogs: seed.controlPlaneLogs === false
        ? undefined
        : { project: seed.controlPlaneLogs?.project ?? `k8s-log-${clusterId}`, components: seed.controlPlaneLogs?.components ?? ['apiserver', 'kcm', 'scheduler'] },
      audit: { enabled: seed.audit?.enabled ?? true, project: seed.audit?.project ?? `k8s-log-${clusterId}` },
      pods: (seed.pods ?? []).map((p) => ({ ...p, phase: p.phase ?? 'Running', issues: p.issues ?? [] })),
      services: (seed.services ?? []).map((s) => ({ ...s, type: s.type ?? 'ClusterIP', issues: s.issues ?? [] })),
      ingresses: (seed.ingresses ?? []).map((i) => ({ ...i, issues: i.issues ?? [] })),
    };
    this.clustersById.set(clusterId, cluster);
    seed.nodepools.forEach((pool, poolIndex) => this.loadNodePool(cluster, pool, poolIndex));
  }

  private loadNodePool(cluster: Cluster, seed: SeedNodePool, index: number): void {
    const nodepoolId = seed.nodepoolId ?? newNodepoolId();
    if (this.nodepoolsById.has(nodepoolId)) throw new Error(`seed: duplicate node pool id ${nodepoolId}`);
    if (seed.instanceTypes.length === 0) throw new Error(`seed: node pool ${seed.name} needs at least one instance type`);
    const created = seed.created === undefined ? cluster.created : parseSeedTime(seed.created);
    const firstIp = seed.nodes[0]?.ipAddress;
    const pool: NodePool = {
      clusterId: cluster.clusterId,
      nodepoolId,
      name: seed.name,
      isDefault: seed.isDefault ?? false,
      created,
      updated: created,
      desiredSize: seed.nodes.length,
      maxNodes: seed.maxNodes,
      instanceTypes: seed.instanceTypes,
      autoScaling: seed.autoScaling ?? { enable: false, minInstances: 0, maxInstances: 0 },
      spot: seed.spot ?? false,
      labels: seed.labels ?? {},
      vswitchIds: cluster.vswitchIds,
      scalingGroupId: newScalingGroupId(cluster.regionId),
      subnetPrefix: firstIp === undefined ? `${cluster.networkPrefix}.${index + 1}` : octets(firstIp, 3),
    };
    this.nodepoolsById.set(nodepoolId, pool);
    for (const node of seed.nodes) {
      this.insertNode(cluster, pool, {
        instanceId: node.instanceId,
        ipAddress: node.ipAddress,
        instanceType: node.instanceType ?? seed.instanceTypes[0] ?? 'ecs.g7.xlarge',
        state: node.state ?? 'running',
        creationTime: node.creationTime === undefined ? created : parseSeedTime(node.creationTime),
        issues: node.issues ?? [],
      });
    }
  }

  private insertNode(
    cluster: Cluster,
    pool: NodePool,
    spec: { instanceId?: string | undefined; ipAddress: string; instanceType: string; state: NodeState; creationTime: number; issues: Node['issues'] },
  ): Node {
    const instanceId = spec.instanceId ?? newInstanceId(cluster.regionId);
    if (this.nodesById.has(instanceId)) throw new Error(`duplicate instance id ${instanceId}`);
    const node: Node = {
      clusterId: cluster.clusterId,
      nodepoolId: pool.nodepoolId,
      instanceId,
      nodeName: `${cluster.regionId}.${spec.ipAddress}`,
      ipAddress: spec.ipAddress,
      instanceType: spec.instanceType,
      state: spec.state,
      creationTime: spec.creationTime,
      issues: spec.issues,
    };
    this.nodesById.set(instanceId, node);
    return node;
  }
}
