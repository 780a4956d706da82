// Control-plane logstores `${component}-${clusterId}` (apiserver, kcm, scheduler, ...): level, component, message.
import { byTime, CONTROL_PLANE_IP, DemoContext, HOUR, MINUTE } from './demo-context.js';
import type { LogRow } from './model.js';

type Level = 'info' | 'warning' | 'error';
type Line = readonly [Level, string];

function apiserver(ctx: DemoContext): Line {
  const { rand } = ctx;
  return rand.weighted<Line>([
    [6, ['info', `Trace[${rand.int(100000000, 999999999)}]: "List" accept:application/json, */*,audit-id:${rand.uuid()},client:${ctx.ip(rand.int(0, 4))},api-group:,api-version:v1,name:,subresource:,namespace:,protocol:HTTP/2.0,resource:pods,scope:cluster,url:/api/v1/pods,user-agent:kube-state-metrics/v2.13.0,verb:LIST (total time: ${rand.int(510, 980)}ms)`]],
    [3, ['info', 'Refreshing leases and certificates']],
    [2, ['warning', 'watch chan error: etcdserver: mvcc: required revision has been compacted']],
    [1, ['error', `"Unhandled Error" err="apiserver was unable to write a JSON response: http2: stream closed" logger="UnhandledError"`]],
  ]);
}

function kcm(ctx: DemoContext): Line {
  const { rand } = ctx;
  const lines: Array<readonly [number, Line]> = [
    [4, ['info', `"successfully renewed lease" lease="kube-system/kube-controller-manager"`]],
    [2, ['info', `"Finished syncing" logger="replicaset-controller" kind="ReplicaSet" key="kube-system/coredns-6c8f9b7d4" duration="${rand.int(40, 300)}µs"`]],
  ];
  if (ctx.cluster.scenario === 'team-a-prod') {
    lines.push([3, ['info', `"Event occurred" object="payments/checkout-api" fieldPath="" kind="Deployment" apiVersion="apps/v1" type="Warning" reason="ReplicaSetUnavailable" message="Deployment does not have minimum availability."`]]);
    lines.push([2, ['info', `"Finished syncing" logger="horizontal-pod-autoscaler" key="web/storefront" duration="${rand.int(2, 9)}.${rand.int(100, 999)}ms"`]]);
  }
  if (ctx.cluster.scenario === 'team-b-data') {
    lines.push([3, ['info', `"Event occurred" object="inference/llm-serving" fieldPath="" kind="Deployment" apiVersion="apps/v1" type="Warning" reason="ReplicaSetUnavailable" message="Deployment does not have minimum availability."`]]);
  }
  return rand.weighted(lines);
}

function scheduler(ctx: DemoContext): Line {
  const { rand } = ctx;
  const node = ctx.node(rand.int(0, ctx.nodeIps.length - 1));
  return rand.weighted<Line>([
    [3, ['info', `"successfully renewed lease" lease="kube-system/kube-scheduler"`]],
    [2, ['info', `"Successfully bound pod to node" pod="kube-system/ack-node-problem-detector-daemonset-${rand.podSuffix()}" node="${node}" evaluatedNodes=${ctx.nodeIps.length} feasibleNodes=${ctx.nodeIps.length}`]],
  ]);
}

function generic(ctx: DemoContext, component: string): Line {
  return ctx.rand.weighted<Line>([
    [4, ['info', `"successfully renewed lease" lease="kube-system/${component}"`]],
    [1, ['info', `${component} health check passed`]],
  ]);
}

function storyLines(ctx: DemoContext, component: string): Array<[number, Line]> {
  const n = ctx.nodeIps.length;
  if (ctx.cluster.scenario === 'team-a-prod' && component === 'scheduler') {
    return ctx.spread(19, 47 * MINUTE - 1, 125).map((ago) => [ago, ['info',
      `"Unable to schedule pod; no fit; waiting" pod="payments/ledger-worker-5f7b9c6d48-w7rtx" err="0/${n} nodes are available: ${n} Insufficient memory. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod."`]]);
  }
  if (ctx.cluster.scenario === 'team-b-data' && component === 'apiserver') {
    return ctx.spread(6, 2 * HOUR - 200, 10 * MINUTE).map((ago) => [ago, ['warning',
      `"Error getting pod logs" err="container \\"llm-serving\\" in pod \\"llm-serving-6f5d8c7b9-p4w8z\\" is waiting to start: CrashLoopBackOff" pod="inference/llm-serving-6f5d8c7b9-p4w8z"`]]);
  }
  return [];
}

export function controlPlaneLogs(ctx: DemoContext, component: string): LogRow[] {
  const line = component === 'apiserver' ? apiserver : component === 'kcm' ? kcm : component === 'scheduler' ? scheduler : (c: DemoContext) => generic(c, component);
  const rows: Array<[number, Line]> = [];
  for (let i = 0; i < 40; i += 1) rows.push([ctx.randomAgo(), line(ctx)]);
  rows.push([50, line(ctx)], ...storyLines(ctx, component));
  return byTime(rows.map(([ago, [level, message]]) => ctx.row(ago, CONTROL_PLANE_IP, component, { level, component, message })));
}
