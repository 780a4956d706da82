// The `k8s-event` logstore: Kubernetes events as kube-eventer ships them, flattened to
// level, reason, message, namespace, kind, name, source, host, count.
import { byTime, DemoContext, HOUR, MINUTE } from './demo-context.js';
import type { LogRow } from './model.js';

interface Event {
  level: 'Normal' | 'Warning';
  reason: string;
  message: string;
  namespace: string;
  kind: string;
  name: string;
  source: string;
  host?: string;
  count?: number;
}

type Emit = (agoSeconds: number, event: Event) => void;

function emitter(ctx: DemoContext, rows: LogRow[]): Emit {
  return (ago, e) => rows.push(ctx.row(ago, 'kube-eventer', 'k8s_event', {
    level: e.level, reason: e.reason, message: e.message, namespace: e.namespace, kind: e.kind, name: e.name,
    source: e.source, host: e.host ?? '', count: e.count ?? 1,
  }));
}

/** Scale-up then scale-down of a Deployment by its HPA: the ordinary noise of a healthy workload. */
function hpaCycle(ctx: DemoContext, emit: Emit, ns: string, deploy: string, hash: string, container: string, image: string, upAgo: number): void {
  const rs = `${deploy}-${hash}`;
  const pod = `${rs}-${ctx.rand.podSuffix()}`;
  const nodeIndex = ctx.rand.int(0, ctx.nodeIps.length - 1);
  const node = ctx.node(nodeIndex);
  const kubelet = { namespace: ns, kind: 'Pod', name: pod, source: 'kubelet', host: node };
  emit(upAgo, { level: 'Normal', reason: 'SuccessfulRescale', message: 'New size: 2; reason: cpu resource utilization (percentage of request) above target', namespace: ns, kind: 'HorizontalPodAutoscaler', name: deploy, source: 'horizontal-pod-autoscaler' });
  emit(upAgo - 1, { level: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${rs} to 2 from 1`, namespace: ns, kind: 'Deployment', name: deploy, source: 'deployment-controller' });
  emit(upAgo - 1, { level: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod}`, namespace: ns, kind: 'ReplicaSet', name: rs, source: 'replicaset-controller' });
  emit(upAgo - 2, { level: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${ns}/${pod} to ${node}`, namespace: ns, kind: 'Pod', name: pod, source: 'default-scheduler' });
  emit(upAgo - 3, { ...kubelet, level: 'Normal', reason: 'Pulled', message: `Container image "${image}" already present on machine` });
  emit(upAgo - 3, { ...kubelet, level: 'Normal', reason: 'Created', message: `Created container: ${container}` });
  emit(upAgo - 4, { ...kubelet, level: 'Normal', reason: 'Started', message: `Started container ${container}` });
  const downAgo = Math.max(40, upAgo - ctx.rand.int(10, 20) * MINUTE);
  emit(downAgo, { level: 'Normal', reason: 'SuccessfulRescale', message: 'New size: 1; reason: All metrics below target', namespace: ns, kind: 'HorizontalPodAutoscaler', name: deploy, source: 'horizontal-pod-autoscaler' });
  emit(downAgo - 1, { level: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled down replica set ${rs} to 1 from 2`, namespace: ns, kind: 'Deployment', name: deploy, source: 'deployment-controller' });
  emit(downAgo - 1, { level: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod}`, namespace: ns, kind: 'ReplicaSet', name: rs, source: 'replicaset-controller' });
  emit(downAgo - 2, { ...kubelet, level: 'Normal', reason: 'Killing', message: `Stopping container ${container}` });
}

function teamA(ctx: DemoContext, emit: Emit): void {
  const checkout = 'checkout-api-7d9c8b6f5-x2k4q';
  const checkoutNode = ctx.node(1);
  const kubelet = { namespace: 'payments', kind: 'Pod', name: checkout, source: 'kubelet', host: checkoutNode };
  const uid = ctx.rand.uuid();
  ctx.spread(42, 2 * HOUR - 60, 38).forEach((ago, i) => emit(ago, {
    ...kubelet, level: 'Warning', reason: 'BackOff', count: 246 + i,
    message: `Back-off restarting failed container checkout-api in pod ${checkout}_payments(${uid})`,
  }));
  // 14 restarts: each start runs ~38 s, then the kernel OOM-kills the JVM (limit 512Mi, heap 768m).
  ctx.spread(14, 2 * HOUR - 100, 161).forEach((oomAgo, i) => {
    const startAgo = oomAgo + 39;
    emit(startAgo + 1, { ...kubelet, level: 'Normal', reason: 'Pulled', count: i + 2, message: 'Container image "registry.cn-hangzhou.aliyuncs.com/team-a/checkout-api:v2.14.3" already present on machine' });
    emit(startAgo + 1, { ...kubelet, level: 'Normal', reason: 'Created', count: i + 2, message: 'Created container: checkout-api' });
    emit(startAgo, { ...kubelet, level: 'Normal', reason: 'Started', count: i + 2, message: 'Started container checkout-api' });
    emit(oomAgo, {
      level: 'Warning', reason: 'OOMKilling', namespace: 'default', kind: 'Node', name: checkoutNode, source: 'kernel-monitor', host: checkoutNode, count: i + 1,
      message: `Memory cgroup out of memory: Killed process ${ctx.rand.int(3000, 32000)} (java) total-vm:4213944kB, anon-rss:${ctx.rand.int(520000, 524000)}kB, file-rss:21712kB, shmem-rss:0kB, UID:0 pgtables:1540kB oom_score_adj:984`,
    });
    if (i % 5 === 2) {
      emit(oomAgo + 8, { ...kubelet, level: 'Normal', reason: 'Killing', count: Math.floor(i / 5) + 1, message: 'Container checkout-api failed liveness probe, will be restarted' });
    }
  });

  const ledger = 'ledger-worker-5f7b9c6d48-w7rtx';
  emit(47 * MINUTE, { level: 'Normal', reason: 'ScalingReplicaSet', message: 'Scaled up replica set ledger-worker-5f7b9c6d48 to 1', namespace: 'payments', kind: 'Deployment', name: 'ledger-worker', source: 'deployment-controller' });
  emit(47 * MINUTE, { level: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${ledger}`, namespace: 'payments', kind: 'ReplicaSet', name: 'ledger-worker-5f7b9c6d48', source: 'replicaset-controller' });
  const n = ctx.nodeIps.length;
  const unschedulable = `0/${n} nodes are available: ${n} Insufficient memory. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.`;
  ctx.spread(19, 47 * MINUTE - 1, 125).forEach((ago, i) => emit(ago, {
    level: 'Warning', reason: 'FailedScheduling', message: unschedulable, namespace: 'payments', kind: 'Pod', name: ledger, source: 'default-scheduler', count: i + 1,
  }));

  for (const upAgo of ctx.spread(4, 2 * HOUR - 5 * MINUTE, 25 * MINUTE)) {
    hpaCycle(ctx, emit, 'web', 'storefront', '5b6d7c9f8', 'storefront', 'registry.cn-hangzhou.aliyuncs.com/team-a/storefront:v5.2.1', upAgo);
  }
}

function teamB(ctx: DemoContext, emit: Emit): void {
  const llm = 'llm-serving-6f5d8c7b9-p4w8z';
  const gpuNode = ctx.node(3);
  const podIp = '10.2.3.130';
  const kubelet = { namespace: 'inference', kind: 'Pod', name: llm, source: 'kubelet', host: gpuNode };
  const uid = ctx.rand.uuid();
  ctx.spread(48, 2 * HOUR - 60, 51).forEach((ago, i) => emit(ago, {
    ...kubelet, level: 'Warning', reason: 'BackOff', count: 4844 + i,
    message: `Back-off restarting failed container llm-serving in pod ${llm}_inference(${uid})`,
  }));
  ctx.spread(24, 2 * HOUR - 90, 248).forEach((ago, i) => emit(ago, {
    ...kubelet, level: 'Warning', reason: 'Unhealthy', count: 73 + i,
    message: `Readiness probe failed: Get "http://${podIp}:8000/v1/health": dial tcp ${podIp}:8000: connect: connection refused`,
  }));
  ctx.spread(22, 2 * HOUR - 120, 252).forEach((ago, i) => {
    emit(ago + 1, { ...kubelet, level: 'Normal', reason: 'Pulled', count: 192 + i, message: 'Container image "registry.cn-beijing.aliyuncs.com/team-b/llm-serving:v3.1.0-cu124" already present on machine' });
    emit(ago, { ...kubelet, level: 'Normal', reason: 'Started', count: 192 + i, message: 'Started container llm-serving' });
  });
  ctx.spread(4, 2 * HOUR - 300, 15 * MINUTE).forEach((ago, i) => emit(ago, {
    level: 'Warning', reason: 'GPUXidError', namespace: 'default', kind: 'Node', name: gpuNode, source: 'ack-node-problem-detector', host: gpuNode, count: i + 1,
    message: 'NVIDIA XID 79 on GPU 0 (PCI 0000:00:07.0): GPU has fallen off the bus. The GPU is unavailable until the node is rebooted.',
  }));

  // Spark executors come and go: the healthy background of the analytics namespace.
  for (const ago of ctx.spread(5, 2 * HOUR - 10 * MINUTE, 8 * MINUTE)) {
    const app = `etl-daily-events-${ctx.rand.chars('0123456789abcdef', 16)}`;
    for (const exec of [1, 2]) {
      const pod = `${app}-exec-${exec}`;
      const node = ctx.node(exec - 1);
      const k = { namespace: 'analytics', kind: 'Pod', name: pod, source: 'kubelet', host: node };
      emit(ago, { level: 'Normal', reason: 'Scheduled', message: `Successfully assigned analytics/${pod} to ${node}`, namespace: 'analytics', kind: 'Pod', name: pod, source: 'default-scheduler' });
      emit(ago - 1, { ...k, level: 'Normal', reason: 'Pulled', message: 'Container image "registry.cn-beijing.aliyuncs.com/team-b/spark-etl:3.5.1-r7" already present on machine' });
      emit(ago - 2, { ...k, level: 'Normal', reason: 'Created', message: 'Created container: spark-kubernetes-executor' });
      emit(ago - 2, { ...k, level: 'Normal', reason: 'Started', message: 'Started container spark-kubernetes-executor' });
      emit(Math.max(35, ago - ctx.rand.int(4, 7) * MINUTE), { ...k, level: 'Normal', reason: 'Killing', message: 'Stopping container spark-kubernetes-executor' });
    }
  }
}

function minimal(ctx: DemoContext, emit: Emit): void {
  const pod = 'nginx-demo-6b7f9c8d5-m2x7k';
  const node = ctx.node(0);
  const k = { namespace: 'default', kind: 'Pod', name: pod, source: 'kubelet', host: node };
  emit(95 * MINUTE, { level: 'Normal', reason: 'ScalingReplicaSet', message: 'Scaled up replica set nginx-demo-6b7f9c8d5 to 1', namespace: 'default', kind: 'Deployment', name: 'nginx-demo', source: 'deployment-controller' });
  emit(95 * MINUTE - 1, { level: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod}`, namespace: 'default', kind: 'ReplicaSet', name: 'nginx-demo-6b7f9c8d5', source: 'replicaset-controller' });
  emit(95 * MINUTE - 2, { level: 'Normal', reason: 'Scheduled', message: `Successfully assigned default/${pod} to ${node}`, namespace: 'default', kind: 'Pod', name: pod, source: 'default-scheduler' });
  emit(95 * MINUTE - 3, { ...k, level: 'Normal', reason: 'Pulling', message: 'Pulling image "nginx:1.27"' });
  emit(95 * MINUTE - 6, { ...k, level: 'Normal', reason: 'Pulled', message: 'Successfully pulled image "nginx:1.27" in 2.817s (2.817s including waiting). Image size: 72404038 bytes.' });
  emit(95 * MINUTE - 6, { ...k, level: 'Normal', reason: 'Created', message: 'Created container: nginx' });
  emit(95 * MINUTE - 7, { ...k, level: 'Normal', reason: 'Started', message: 'Started container nginx' });
  emit(90, { level: 'Normal', reason: 'NodeHasSufficientMemory', message: `Node ${ctx.node(1)} status is now: NodeHasSufficientMemory`, namespace: 'default', kind: 'Node', name: ctx.node(1), source: 'kubelet', host: ctx.node(1) });
}

export function k8sEvents(ctx: DemoContext): LogRow[] {
  const rows: LogRow[] = [];
  const emit = emitter(ctx, rows);
  if (ctx.cluster.scenario === 'team-a-prod') teamA(ctx, emit);
  else if (ctx.cluster.scenario === 'team-b-data') teamB(ctx, emit);
  else minimal(ctx, emit);
  return byTime(rows);
}
