// The `audit-${clusterId}` logstore: Kubernetes API audit events (stage ResponseComplete, level Metadata).
// Mostly get/list/watch from the control plane, kubelets and CoreDNS; for team-a also `delete pods` by the
// ops user and a few 403s.
import { byTime, CONTROL_PLANE_IP, DemoContext, HOUR } from './demo-context.js';
import type { LogRow } from './model.js';

const K8S_VERSION = 'v1.31.1';
const UA = (component: string): string => `${component}/${K8S_VERSION} (linux/amd64) kubernetes/8f94681`;
const KUBECTL = `kubectl/${K8S_VERSION} (darwin/arm64) kubernetes/8f94681`;
const OFFICE_IP = '203.0.113.24';

const GROUPS: Record<string, string> = {
  leases: 'coordination.k8s.io/v1', deployments: 'apps/v1', replicasets: 'apps/v1', endpointslices: 'discovery.k8s.io/v1',
};

interface Call {
  verb: string;
  user: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  code?: number;
  ip: string;
  userAgent: string;
}

function requestUri(c: Call, rand: DemoContext['rand']): string {
  const base = GROUPS[c.resource] ? `/apis/${GROUPS[c.resource]}` : '/api/v1';
  let path = c.namespace ? `${base}/namespaces/${c.namespace}/${c.resource}` : `${base}/${c.resource}`;
  if (c.name && !['list', 'watch', 'create'].includes(c.verb)) path += `/${c.name}`;
  if (c.subresource) path += `/${c.subresource}`;
  if (c.verb === 'list') return `${path}?limit=500&resourceVersion=0`;
  if (c.verb === 'watch') return `${path}?allowWatchBookmarks=true&resourceVersion=${rand.int(4_000_000, 4_900_000)}&timeout=${rand.int(5, 9)}m${rand.int(0, 59)}s&timeoutSeconds=${rand.int(300, 600)}&watch=true`;
  return path;
}

function entry(ctx: DemoContext, ago: number, c: Call): LogRow {
  return ctx.row(ago, c.ip, 'k8s_audit', {
    verb: c.verb,
    'user.username': c.user,
    'objectRef.resource': c.resource,
    'objectRef.namespace': c.namespace ?? '',
    'objectRef.name': c.name ?? '',
    'responseStatus.code': c.code ?? (c.verb === 'create' ? 201 : 200),
    sourceIPs: c.ip,
    userAgent: c.userAgent,
    requestURI: requestUri(c, ctx.rand),
    stage: 'ResponseComplete',
    level: 'Metadata',
  });
}

/** The steady background: control-plane components, kubelets and CoreDNS doing their loops. */
function background(ctx: DemoContext, workloads: ReadonlyArray<readonly [string, string]>): () => Call {
  const { rand } = ctx;
  const kubelet = (): Call => {
    const i = rand.int(0, ctx.nodeIps.length - 1);
    const node = ctx.node(i);
    const base = { user: `system:node:${node}`, ip: ctx.ip(i), userAgent: UA('kubelet') };
    const [ns, pod] = rand.pick(workloads);
    return rand.weighted<Call>([
      [4, { ...base, verb: 'update', resource: 'leases', namespace: 'kube-node-lease', name: node }],
      [3, { ...base, verb: 'get', resource: 'pods', namespace: ns, name: pod }],
      [2, { ...base, verb: 'patch', resource: 'pods', namespace: ns, name: pod, subresource: 'status' }],
      [2, { ...base, verb: 'create', resource: 'events', namespace: ns }],
      [1, { ...base, verb: 'patch', resource: 'nodes', name: node, subresource: 'status' }],
    ]);
  };
  const scheduler = { user: 'system:kube-scheduler', ip: CONTROL_PLANE_IP, userAgent: `${UA('kube-scheduler')}/scheduler` };
  const kcm = { user: 'system:kube-controller-manager', ip: CONTROL_PLANE_IP, userAgent: `${UA('kube-controller-manager')}/leader-election` };
  const coredns = { user: 'system:serviceaccount:kube-system:coredns', ip: ctx.ip(0), userAgent: 'coredns/v1.11.3' };
  return () => rand.weighted<() => Call>([
    [10, kubelet],
    [3, () => ({ ...scheduler, verb: 'watch', resource: 'pods' })],
    [2, () => ({ ...scheduler, verb: 'list', resource: 'nodes' })],
    [2, () => ({ ...scheduler, verb: 'update', resource: 'leases', namespace: 'kube-system', name: 'kube-scheduler' })],
    [3, () => ({ ...kcm, verb: 'update', resource: 'leases', namespace: 'kube-system', name: 'kube-controller-manager' })],
    [2, () => ({ ...kcm, verb: 'get', resource: 'deployments', namespace: rand.pick(workloads)[0], name: rand.pick(workloads)[1].replace(/-[a-z0-9]+-[a-z0-9]+$/, '') })],
    [2, () => ({ ...kcm, verb: 'list', resource: 'replicasets' })],
    [2, () => ({ ...coredns, verb: 'watch', resource: 'endpointslices' })],
    [1, () => ({ ...coredns, verb: 'watch', resource: 'services' })],
    [1, () => ({ ...coredns, verb: 'list', resource: 'namespaces' })],
  ])();
}

function opsLookups(ctx: DemoContext, ns: string, pod: string): Call[] {
  const base = { user: ctx.opsUser, ip: OFFICE_IP, userAgent: KUBECTL };
  return [
    { ...base, verb: 'list', resource: 'pods', namespace: ns },
    { ...base, verb: 'get', resource: 'pods', namespace: ns, name: pod },
    { ...base, verb: 'list', resource: 'events', namespace: ns },
    { ...base, verb: 'get', resource: 'pods', namespace: ns, name: pod, subresource: 'log' },
  ];
}

export function auditLogs(ctx: DemoContext): LogRow[] {
  const { rand, cluster } = ctx;
  const rows: LogRow[] = [];
  const add = (ago: number, c: Call): void => {
    rows.push(entry(ctx, ago, c));
  };
  const scenario = cluster.scenario;
  const workloads: ReadonlyArray<readonly [string, string]> = scenario === 'team-a-prod'
    ? [['payments', 'checkout-api-7d9c8b6f5-x2k4q'], ['payments', 'ledger-worker-5f7b9c6d48-w7rtx'], ['web', 'storefront-5b6d7c9f8-hk2vn'], ['kube-system', 'coredns-6c8f9b7d4-qz7lm']]
    : scenario === 'team-b-data'
      ? [['inference', 'llm-serving-6f5d8c7b9-p4w8z'], ['analytics', 'spark-driver-etl-0'], ['kube-system', 'coredns-6c8f9b7d4-qz7lm']]
      : [['kube-system', 'coredns-6c8f9b7d4-qz7lm'], ['default', 'nginx-demo-6b7f9c8d5-m2x7k']];
  const next = background(ctx, workloads);
  const count = scenario === 'minimal' ? 60 : 200;
  for (let i = 0; i < count; i += 1) add(ctx.randomAgo(), next());
  add(35, next());

  if (scenario === 'team-a-prod') {
    for (const [i, c] of opsLookups(ctx, 'payments', 'checkout-api-7d9c8b6f5-x2k4q').entries()) add(40 * 60 - i * 20, c);
    // Clean-up of finished report pods by the ops user.
    const ops = { user: ctx.opsUser, ip: OFFICE_IP, userAgent: KUBECTL };
    ctx.spread(4, 100 * 60, 30 * 60).forEach((ago, i) => add(ago, {
      ...ops, verb: 'delete', resource: 'pods', namespace: 'batch', name: `report-builder-${28811520 - (i + 1) * 1440}-${rand.podSuffix()}`,
    }));
    add(12 * 60, { ...ops, verb: 'delete', resource: 'pods', namespace: 'payments', name: 'ledger-worker-5f7b9c6d48-q9d7v', code: 404 });
    // The storefront service account has no business reading the payments secrets.
    const storefront = { user: 'system:serviceaccount:web:storefront', ip: '10.0.1.188', userAgent: 'Go-http-client/2.0' };
    for (const ago of ctx.spread(3, 80 * 60, 20 * 60)) add(ago, { ...storefront, verb: 'get', resource: 'secrets', namespace: 'payments', name: 'checkout-api-db', code: 403 });
    add(55 * 60, { verb: 'list', user: 'system:anonymous', resource: 'nodes', code: 403, ip: '198.51.100.77', userAgent: 'curl/8.5.0' });
  } else if (scenario === 'team-b-data') {
    for (const [i, c] of opsLookups(ctx, 'inference', 'llm-serving-6f5d8c7b9-p4w8z').entries()) add(HOUR - i * 20, c);
    const spark = { user: 'system:serviceaccount:analytics:spark', ip: ctx.ip(0), userAgent: 'fabric8-kubernetes-client/6.10.0' };
    for (const ago of ctx.spread(5, 2 * HOUR - 10 * 60, 8 * 60)) {
      add(ago, { ...spark, verb: 'create', resource: 'pods', namespace: 'analytics' });
      add(Math.max(35, ago - 5 * 60), { ...spark, verb: 'delete', resource: 'pods', namespace: 'analytics', name: `etl-daily-events-exec-${rand.int(1, 2)}` });
    }
  }
  return byTime(rows);
}
