// The whole emulated cloud: the ACK OpenAPI emulator plus one Kubernetes API server per cluster,
// wired so that DescribeClusterUserKubeconfig hands out kubeconfigs carrying the caller's RAM principal.
import { startAckEmulator, type AckEmulator, type KubeconfigRequest, type Seed } from './ack/index.js';
import { demoClusterSeed, startKubernetesEmulator, type KubernetesEmulator } from './kubernetes/index.js';

export interface CloudOptions {
  seed?: Seed;
  taskStepMs?: number;
  diagnosisStepMs?: number;
  /** Clusters (by name) whose API server has only an intranet endpoint. Default: `team-a-staging-bj`. */
  intranetOnly?: readonly string[];
}

export interface Cloud {
  ack: AckEmulator;
  /** Emulated API server per cluster id. */
  kubernetes: ReadonlyMap<string, KubernetesEmulator>;
  close(): Promise<void>;
}

const WORKLOADS: Record<string, 'team-a-prod' | 'team-b-data'> = { 'team-a-prod-hz': 'team-a-prod', 'team-b-data-sh': 'team-b-data' };

export async function startCloud(options: CloudOptions = {}): Promise<Cloud> {
  const kubernetes = new Map<string, KubernetesEmulator>();
  const intranetOnly = new Set<string>();
  const ack = await startAckEmulator({
    ...(options.seed ? { seed: options.seed } : {}),
    ...(options.taskStepMs === undefined ? {} : { taskStepMs: options.taskStepMs }),
    ...(options.diagnosisStepMs === undefined ? {} : { diagnosisStepMs: options.diagnosisStepMs }),
    kubernetes: {
      endpoints(clusterId) {
        const api = kubernetes.get(clusterId);
        if (!api) return undefined;
        return intranetOnly.has(clusterId) ? { intranet: api.url } : { public: api.url, intranet: api.url };
      },
      kubeconfig(request: KubeconfigRequest) {
        const api = kubernetes.get(request.clusterId);
        if (!api) throw new Error(`no API server for ${request.clusterId}`);
        const token = api.issueToken({ user: request.principal, groups: [`ack:${request.accountId}`] }, request.expiresAt);
        return api.kubeconfig(token, { cluster: `kubernetes-${request.clusterId}`, user: request.principal, context: `${request.principal}@${request.clusterId}` });
      },
    },
  });
  try {
    const wantedIntranetOnly = new Set(options.intranetOnly ?? ['team-a-staging-bj']);
    for (const account of ack.accounts) {
      for (const clusterId of account.clusterIds) {
        const cluster = ack.state.cluster(clusterId);
        if (!cluster) continue;
        const nodes = ack.state.nodes({ clusterId }).map((n) => ({
          name: n.nodeName,
          internalIp: n.ipAddress,
          instanceType: n.instanceType,
          zone: cluster.zoneId,
          labels: { 'alibabacloud.com/nodepool-id': n.nodepoolId },
        }));
        const api = await startKubernetesEmulator({
          clusterId,
          version: `v${cluster.currentVersion}`,
          seed: demoClusterSeed({ nodes, workloads: WORKLOADS[cluster.name] ?? 'minimal' }),
          bindings: account.credentials.map((c) => ({ user: c.principal, role: c.kubernetesRole })),
        });
        kubernetes.set(clusterId, api);
        if (wantedIntranetOnly.has(cluster.name)) intranetOnly.add(clusterId);
      }
    }
  } catch (error) {
    await Promise.allSettled([ack.close(), ...[...kubernetes.values()].map((k) => k.close())]);
    throw error;
  }
  return {
    ack,
    kubernetes,
    async close() {
      await Promise.all([ack.close(), ...[...kubernetes.values()].map((k) => k.close())]);
    },
  };
}
