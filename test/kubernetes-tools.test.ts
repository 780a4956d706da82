import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectV1, connectV2, textOf, type ToolResult } from './helpers/clients.js';
import { startHarness, type Harness, type Tenant } from './helpers/harness.js';

// The structured Kubernetes tools (no process spawn) on @kubernetes/client-node, against the emulator.
describe('structured Kubernetes tools', () => {
  let h: Harness;
  let teamA: Tenant;
  let prod: string;

  async function call(name: string, args: Record<string, unknown>, tenant: Tenant = teamA): Promise<ToolResult> {
    const client = await connectV2(h.server.mcpUrl, h.headersFor(tenant));
    try {
      return (await client.callTool({ name, arguments: { cluster_id: prod, ...args } })) as ToolResult;
    } finally {
      await client.close();
    }
  }

  async function ok<T>(name: string, args: Record<string, unknown>, tenant?: Tenant): Promise<T> {
    const result = await call(name, args, tenant);
    assert.ok(!result.isError, `${name}: ${textOf(result)}`);
    return result.structuredContent as T;
  }

  before(async () => {
    h = await startHarness();
    teamA = h.tenants[0]!;
    prod = teamA.clusterIds[0]!;
  });
  after(() => h.close());

  it('list_kubernetes_resources: server-side table columns, any spelling of the kind, selectors, paging', async () => {
    const pods = await ok<{ kind: string; columns: string[]; rows: string[][] }>('list_kubernetes_resources', { kind: 'po', namespace: 'payments' });
    assert.equal(pods.kind, 'Pod');
    assert.deepEqual(pods.columns.slice(0, 5), ['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    const crashing = pods.rows.find((r) => r[0] === 'checkout-api-7d9c8b6f5-x2k4q');
    assert.equal(crashing?.[2], 'CrashLoopBackOff');
    assert.ok(pods.rows.some((r) => r[2] === 'Pending'), 'the pending pod is listed');

    const everywhere = await ok<{ columns: string[]; rows: string[][] }>('list_kubernetes_resources', { kind: 'deployments.apps' });
    assert.equal(everywhere.columns[0], 'Namespace');
    assert.ok(everywhere.rows.some((r) => r[0] === 'kube-system' && r[1] === 'coredns'));

    const selected = await ok<{ rows: string[][] }>('list_kubernetes_resources', { kind: 'Pod', field_selector: 'status.phase=Pending' });
    assert.ok(selected.rows.length >= 1 && selected.rows.every((r) => r[3] === 'Pending'), JSON.stringify(selected.rows));

    const page = await ok<{ count: number; continue_token?: string }>('list_kubernetes_resources', { kind: 'pods', limit: 2 });
    assert.equal(page.count, 2);
    assert.ok(page.continue_token);
    const next = await ok<{ rows: string[][] }>('list_kubernetes_resources', { kind: 'pods', limit: 2, continue_token: page.continue_token });
    assert.ok(next.rows.length >= 1);

    const nodes = await ok<{ namespaced: boolean; rows: string[][] }>('list_kubernetes_resources', { kind: 'nodes' });
    assert.equal(nodes.namespaced, false);
    assert.equal(nodes.rows.length, h.emulator.state.nodes({ clusterId: prod }).length);
  });

  it('get_kubernetes_resource: YAML without managedFields; Secret data masked', async () => {
    const deployment = await ok<{ yaml: string; kind: string }>('get_kubernetes_resource', { kind: 'deploy', name: 'checkout-api', namespace: 'payments' });
    assert.equal(deployment.kind, 'Deployment');
    assert.match(deployment.yaml, /^kind: Deployment$/m);
    assert.doesNotMatch(deployment.yaml, /managedFields/);

    const secret = await ok<{ yaml: string; masked_secret: boolean }>('get_kubernetes_resource', { kind: 'secret', name: 'checkout-api-db', namespace: 'payments' });
    assert.equal(secret.masked_secret, true);
    assert.match(secret.yaml, /password: '?<masked: \d+ bytes>'?/);
    assert.doesNotMatch(secret.yaml, /password: (?!'?<masked)/);
  });

  it('get_pod_logs: tail, previous container, byte cap', async () => {
    const previous = await ok<{ log: string; lines: number }>('get_pod_logs', { namespace: 'payments', pod: 'checkout-api-7d9c8b6f5-x2k4q', previous: true, tail_lines: 5 });
    assert.match(previous.log, /OutOfMemoryError/);
    assert.ok(previous.lines <= 5);
    const capped = await ok<{ log: string; truncated: boolean }>('get_pod_logs', { namespace: 'web', pod: 'storefront-5b6d7c9f8-hk2vn', tail_lines: 10_000, max_bytes: 1024 });
    assert.ok(Buffer.byteLength(capped.log) <= 1024);
  });

  it('list_kubernetes_events: newest first, warnings only, for one object', async () => {
    const warnings = await ok<{ events: Array<{ type: string; reason: string; object: string; last_seen?: string }> }>('list_kubernetes_events', { warnings_only: true });
    assert.ok(warnings.events.length >= 2);
    assert.ok(warnings.events.every((e) => e.type === 'Warning'));
    assert.ok(warnings.events.some((e) => e.reason === 'BackOff'));
    assert.ok(warnings.events.some((e) => e.reason === 'FailedScheduling'));
    const times = warnings.events.map((e) => e.last_seen ?? '');
    assert.deepEqual(times, [...times].sort().reverse());

    const forPod = await ok<{ events: Array<{ object: string }> }>('list_kubernetes_events', {
      namespace: 'payments', object_kind: 'Pod', object_name: 'checkout-api-7d9c8b6f5-x2k4q',
    });
    assert.ok(forPod.events.length >= 1);
    assert.ok(forPod.events.every((e) => e.object === 'Pod/checkout-api-7d9c8b6f5-x2k4q'));
  });

  it('clear errors: unknown kind, missing object, RBAC denial of the caller, endpoint not enabled', async () => {
    const unknown = await call('list_kubernetes_resources', { kind: 'widgets' });
    assert.ok(unknown.isError);
    assert.match(textOf(unknown), /no resource type "widgets"/);

    const missing = await call('get_kubernetes_resource', { kind: 'pod', name: 'nope', namespace: 'payments' });
    assert.ok(missing.isError);
    assert.match(textOf(missing), /404 NotFound: pods "nope" not found/);

    const denied = await call('get_kubernetes_resource', { kind: 'secret', name: 'checkout-api-db', namespace: 'payments' }, h.viewer);
    assert.ok(denied.isError);
    assert.match(textOf(denied), /403 Forbidden: secrets "checkout-api-db" is forbidden: User "ack-viewer@team-a.onaliyun.com" cannot get resource "secrets"/);
    assert.match(textOf(denied), /RBAC/);

    const staging = teamA.clusterIds[1]!;
    const noEndpoint = await call('list_kubernetes_resources', { kind: 'pods', cluster_id: staging });
    assert.ok(noEndpoint.isError);
    assert.match(textOf(noEndpoint), /no public API server endpoint enabled.*ACK_KUBECONFIG_ENDPOINT=private/s);
  });

  it('serves the 2025-era client as well', async () => {
    const client = await connectV1(h.server.mcpUrl, h.headersFor(teamA));
    try {
      const result = (await client.callTool({ name: 'list_kubernetes_resources', arguments: { cluster_id: prod, kind: 'ns' } })) as ToolResult;
      assert.match(textOf(result), /kube-system/);
    } finally {
      await client.close();
    }
  });
});
