// The whole emulated cloud: the ACK OpenAPI emulator, one Kubernetes API server per cluster, SLS, ARMS
// and (on request) a real Prometheus, all sharing the ACK emulator's identities, so that one tenant's
// AccessKey works everywhere its account does and nowhere else.
import { startAckEmulator, type AckEmulator, type KubeconfigRequest, type Seed } from './ack/index.js';
import { startArmsEmulator, type ArmsEmulator } from './arms/index.js';
import { demoClusterSeed, startKubernetesEmulator, type KubernetesEmulator } from './kubernetes/index.js';
import { demoSeries, startPrometheus, unavailableBackend, type PrometheusBackend } from './prometheus/index.js';
import { demoSlsProjects, startSlsEmulator, type DemoCluster, type SlsEmulator } from './sls/index.js';

export interface CloudOptions {
  seed?: Seed;
  taskStepMs?: number;
  diagnosisStepMs?: number;
  /** Clusters (by name) whose API server has only an intranet endpoint. Default: `team-a-staging-bj`. */
  intranetOnly?: readonly string[];
  /** Start a real Prometheus (about a second) behind ARMS and the SLS MetricStores; otherwise they answer 503. */
  prometheus?: boolean;
}

export interface Cloud {
  ack: AckEmulator;
  /** Emulated API server per cluster id. */
  kubernetes: ReadonlyMap<string, KubernetesEmulator>;
  sls: SlsEmulator;
  arms: ArmsEmulator;
  prometheus: PrometheusBackend;
  close(): Promise<void>;
}

type Scenario = 'team-a-prod' | 'team-b-data' | 'minimal';
const SCENARIOS: Record<string, Scenario> = { 'team-a-prod-hz': 'team-a-prod', 'team-b-data-sh': 'team-b-data' };
/**
 * Clusters with an ARMS Managed Prometheus instance. Its data also lives in the account's CMS workspace
 * MetricStore (`workspace-default-cms-<account>-<region>` / `aliyun-prom-<cluster>`), as with CMS 2.0;
 * team-b has only that MetricStore, and team-a-staging-bj has no metrics at all.
 */
const ARMS_CLUSTERS = new Set(['team-a-prod-hz']);
const METRIC_STORE_CLUSTERS = new Set(['team-a-prod-hz', 'team-b-data-sh']);
const scenarioOf = (name: string): Scenario => SCENARIOS[name] ?? 'minimal';

export async function startCloud(options: CloudOptions = {}): Promise<Cloud> {
  const kubernetes = new Map<string, KubernetesEmulator>();
  const intranetOnly = new Set<string>();
  const closers: Array<() => Promise<void>> = [];
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
  closers.push(() => ack.close());
  try {
    const wantedIntranetOnly = new Set(options.intranetOnly ?? ['team-a-staging-bj']);
    const clusters = ack.accounts.flatMap((account) =>
      account.clusterIds.map((clusterId) => ({ account, cluster: ack.state.cluster(clusterId)! })).filter((c) => c.cluster),
    );
    for (const { account, cluster } of clusters) {
      const nodes = ack.state.nodes({ clusterId: cluster.clusterId }).map((n) => ({
        name: n.nodeName,
        internalIp: n.ipAddress,
        instanceType: n.instanceType,
        zone: cluster.zoneId,
        labels: { 'alibabacloud.com/nodepool-id': n.nodepoolId },
      }));
      const api = await startKubernetesEmulator({
        clusterId: cluster.clusterId,
        version: `v${cluster.currentVersion}`,
        seed: demoClusterSeed({ nodes, workloads: scenarioOf(cluster.name) }),
        bindings: account.credentials.map((c) => ({ user: c.principal, role: c.kubernetesRole })),
      });
      kubernetes.set(cluster.clusterId, api);
      closers.push(() => api.close());
      if (wantedIntranetOnly.has(cluster.name)) intranetOnly.add(cluster.clusterId);
    }

    const prometheus = options.prometheus
      ? await startPrometheus({
          series: demoSeries(
            clusters.map(({ cluster }) => ({
              clusterId: cluster.clusterId,
              scenario: scenarioOf(cluster.name),
              nodes: ack.state.nodes({ clusterId: cluster.clusterId }).map((n) => n.nodeName),
            })),
          ),
        })
      : unavailableBackend('no Prometheus was started for this emulated cloud (startCloud({ prometheus: true }))');
    closers.push(() => prometheus.close());
    const lookup = (accessKeyId: string) => ack.state.credential(accessKeyId);
    const demoClusters: DemoCluster[] = clusters.map(({ account, cluster }) => ({
      clusterId: cluster.clusterId,
      name: cluster.name,
      regionId: cluster.regionId,
      accountId: account.accountId,
      scenario: scenarioOf(cluster.name),
      controlPlaneComponents: [...(cluster.controlPlaneLogs?.components ?? [])],
      ...(cluster.audit.project === `k8s-log-${cluster.clusterId}` ? {} : { auditProject: cluster.audit.project }),
      metricStore: METRIC_STORE_CLUSTERS.has(cluster.name),
    }));
    const sls = await startSlsEmulator({ lookup, projects: demoSlsProjects(demoClusters), prometheus });
    closers.push(() => sls.close());
    const arms = await startArmsEmulator({
      lookup,
      prometheus,
      instances: clusters
        .filter(({ cluster }) => ARMS_CLUSTERS.has(cluster.name))
        .map(({ account, cluster }) => ({ clusterId: cluster.clusterId, regionId: cluster.regionId, accountId: account.accountId, clusterName: cluster.name })),
    });
    closers.push(() => arms.close());
    return {
      ack,
      kubernetes,
      sls,
      arms,
      prometheus,
      async close() {
        await Promise.all(closers.map((close) => close()));
      },
    };
  } catch (error) {
    await Promise.allSettled(closers.map((close) => close()));
    throw error;
  }
}
