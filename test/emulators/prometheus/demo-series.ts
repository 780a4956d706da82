// Demo metrics that tell the same story as the Kubernetes emulator's demo clusters (demo-team-a.ts,
// demo-team-b.ts, demo-system.ts): kube-state-metrics, cAdvisor, apiserver and `up` series, anchored on
// the time demoSeries() is called. Metric and label names are a contract with the server's tools.
import { CLUSTER_LABEL, type SeriesSeed } from './series.js';

export interface DemoMetricsCluster {
  clusterId: string;
  scenario: 'team-a-prod' | 'team-b-data' | 'minimal';
  /** Node names, e.g. `cn-hangzhou.10.0.1.23`. */
  nodes: string[];
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MiB = 1024 * 1024;
const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;
type Phase = (typeof PHASES)[number];

interface Container {
  readonly name: string;
  restarts(t: number): number;
  cpuSeconds(t: number): number;
  memoryBytes(t: number): number;
}

interface Pod {
  readonly namespace: string;
  readonly name: string;
  readonly phase: Phase;
  readonly createdAt: number;
  readonly containers: readonly Container[];
}

/** A small deterministic wobble in [-1, 1], different per `seed`. */
const wobble = (t: number, seed: number): number => Math.sin(t / (11 * MINUTE) + seed) * 0.6 + Math.sin(t / (37 * MINUTE) + 2 * seed) * 0.4;

/** A container that has been running since `since` at a steady pace. */
function steady(name: string, since: number, restarts: number, cores: number, memory: number, seed: number): Container {
  return {
    name,
    restarts: () => restarts,
    // cores·t plus a wobble whose slope stays within ±cores/4, so the counter never decreases.
    cpuSeconds: (t) => cores * (t - since) + ((cores / 2) * 11 * MINUTE * (1 - Math.cos((t - since) / (11 * MINUTE)))) / 2,
    memoryBytes: (t) => Math.round(memory * (1 + 0.04 * wobble(t, seed))),
  };
}

interface CrashLoop {
  readonly createdAt: number;
  /** When the `restarts`-th restart happened; restarts keep coming every `periodSeconds`, past and future. */
  readonly lastRestartAt: number;
  readonly restarts: number;
  readonly periodSeconds: number;
  readonly cores: number;
  /** Working set right after a start and just before the container dies. */
  readonly memoryFrom: number;
  readonly memoryPeak: number;
}

/** A container that dies and restarts on a fixed period; memory climbs from each start to the peak. */
function crashLooping(name: string, c: CrashLoop): Container {
  const count = (t: number): number => Math.max(0, c.restarts + Math.floor((t - c.lastRestartAt) / c.periodSeconds));
  const restartAt = (k: number): number => (k === 0 ? c.createdAt : c.lastRestartAt + (k - c.restarts) * c.periodSeconds);
  return {
    name,
    restarts: count,
    cpuSeconds: (t) => c.cores * (t - restartAt(count(t))),
    memoryBytes: (t) => {
      const k = count(t);
      const start = restartAt(k);
      const share = (t - start) / (restartAt(k + 1) - start);
      return Math.round(c.memoryFrom + (c.memoryPeak - c.memoryFrom) * share);
    },
  };
}

function corednsPods(now: number): Pod[] {
  return ['coredns-6c8f9b7d4-qz7lm', 'coredns-6c8f9b7d4-8xw2n'].map((name, i) => ({
    namespace: 'kube-system', name, phase: 'Running', createdAt: now - 47 * DAY,
    containers: [steady('coredns', now - 47 * DAY, 0, 0.004, 24 * MiB, i + 1)],
  }));
}

function teamAPods(now: number): Pod[] {
  const checkoutCreated = now - (2 * HOUR + 14 * MINUTE);
  return [
    {
      namespace: 'payments', name: 'checkout-api-7d9c8b6f5-x2k4q', phase: 'Running', createdAt: checkoutCreated,
      // OOMKilled at the -Xmx768m ceiling about every 8 minutes: the 14th restart was 3m20s ago.
      containers: [crashLooping('checkout-api', {
        createdAt: checkoutCreated, lastRestartAt: now - 200, restarts: 14, periodSeconds: 8 * MINUTE, cores: 0.35, memoryFrom: 210 * MiB, memoryPeak: 768 * MiB,
      })],
    },
    { namespace: 'payments', name: 'ledger-worker-5f7b9c6d48-w7rtx', phase: 'Pending', createdAt: now - 47 * MINUTE, containers: [] },
    {
      namespace: 'web', name: 'storefront-5b6d7c9f8-hk2vn', phase: 'Running', createdAt: now - 6 * DAY,
      containers: [steady('storefront', now - 6 * DAY, 0, 0.08, 310 * MiB, 7)],
    },
    { namespace: 'batch', name: 'report-builder-28811520-6xq9d', phase: 'Succeeded', createdAt: now - 9 * HOUR, containers: [] },
    ...corednsPods(now),
  ];
}

function teamBPods(now: number): Pod[] {
  const llmCreated = now - 26 * HOUR;
  return [
    {
      namespace: 'inference', name: 'llm-serving-6f5d8c7b9-p4w8z', phase: 'Running', createdAt: llmCreated,
      // CUDA error on start-up: 212 restarts in 26 hours, the last one 4m12s ago.
      containers: [crashLooping('llm-serving', {
        createdAt: llmCreated, lastRestartAt: now - 252, restarts: 212, periodSeconds: 440, cores: 0.9, memoryFrom: 380 * MiB, memoryPeak: 2100 * MiB,
      })],
    },
    {
      namespace: 'analytics', name: 'spark-driver-etl-0', phase: 'Running', createdAt: now - 5 * DAY,
      containers: [steady('spark-driver', now - 5 * DAY, 1, 1.4, 5.2 * 1024 * MiB, 3)],
    },
    ...corednsPods(now),
  ];
}

/** Nodes that are NotReady, and since when. */
function notReadyNodes(cluster: DemoMetricsCluster, now: number): Map<string, number> {
  // The GPU that fell off the bus (XID 79) in the ACK emulator's team-b seed.
  return new Map(cluster.scenario === 'team-b-data' ? [['cn-shanghai.10.2.3.8', now - 95 * MINUTE]] : []);
}

const APISERVER_TRAFFIC: ReadonlyArray<readonly [verb: string, code: string, resource: string, perSecond: number]> = [
  ['GET', '200', 'pods', 6],
  ['LIST', '200', 'pods', 0.8],
  ['WATCH', '200', 'pods', 0.2],
  ['GET', '200', 'nodes', 1.5],
  ['PATCH', '200', 'nodes', 0.4],
  ['POST', '201', 'events', 0.6],
  ['GET', '404', 'pods', 0.15],
  ['GET', '500', 'pods', 0.002],
  ['LIST', '503', 'nodes', 0.001],
];

const nodeIp = (node: string): string => /(\d+\.\d+\.\d+\.\d+)$/.exec(node)?.[1] ?? node;

function clusterSeries(cluster: DemoMetricsCluster, now: number): SeriesSeed[] {
  const series: SeriesSeed[] = [];
  const add = (metric: string, type: SeriesSeed['type'], help: string, labels: Record<string, string>, value: (t: number) => number): void => {
    series.push({ metric, type, help, labels: { ...labels, [CLUSTER_LABEL]: cluster.clusterId }, value });
  };
  const pods = cluster.scenario === 'team-a-prod' ? teamAPods(now) : cluster.scenario === 'team-b-data' ? teamBPods(now) : corednsPods(now);
  for (const pod of pods) {
    const exists = (t: number): boolean => t >= pod.createdAt;
    const ids = { namespace: pod.namespace, pod: pod.name };
    for (const phase of PHASES) {
      add('kube_pod_status_phase', 'gauge', 'The pods current phase.', { ...ids, phase }, (t) => (exists(t) ? Number(pod.phase === phase) : NaN));
    }
    for (const c of pod.containers) {
      const labels = { ...ids, container: c.name };
      add('kube_pod_container_status_restarts_total', 'counter', 'The number of container restarts per container.', labels, (t) => (exists(t) ? c.restarts(t) : NaN));
      add('container_cpu_usage_seconds_total', 'counter', 'Cumulative cpu time consumed in seconds.', labels, (t) => (exists(t) ? c.cpuSeconds(t) : NaN));
      add('container_memory_working_set_bytes', 'gauge', 'Current working set in bytes.', labels, (t) => (exists(t) ? c.memoryBytes(t) : NaN));
    }
  }

  const notReady = notReadyNodes(cluster, now);
  for (const node of cluster.nodes) {
    const since = notReady.get(node) ?? Infinity;
    const status = (t: number): string => (t >= since ? 'false' : 'true');
    for (const value of ['true', 'false', 'unknown']) {
      add('kube_node_status_condition', 'gauge', 'The condition of a cluster node.', { node, condition: 'Ready', status: value }, (t) => Number(status(t) === value));
    }
    add('up', 'gauge', 'Whether the target was reachable on its last scrape.', { job: 'kubelet', instance: `${nodeIp(node)}:10250` }, (t) => Number(t < since));
  }

  const network = nodeIp(cluster.nodes[0] ?? '').split('.').slice(0, 2).join('.') || '10.0';
  add('up', 'gauge', 'Whether the target was reachable on its last scrape.', { job: 'apiserver', instance: `${network}.0.250:6443` }, () => 1);
  const apiserverStart = now - 47 * DAY;
  for (const [verb, code, resource, perSecond] of APISERVER_TRAFFIC) {
    add('apiserver_request_total', 'counter', 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
      { verb, code, resource }, (t) => Math.floor(perSecond * (t - apiserverStart)));
  }
  return series;
}

export function demoSeries(clusters: DemoMetricsCluster[]): SeriesSeed[] {
  const now = Math.floor(Date.now() / 1000);
  return clusters.flatMap((cluster) => clusterSeries(cluster, now));
}
