import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectV1, connectV2, textOf, type ToolResult } from './helpers/clients.js';
import { startHarness, type Harness, type Tenant } from './helpers/harness.js';

const CALLS_PER_TENANT = 120;

/** One call per backend request: list_clusters, list_nodepools, list_cluster_nodes, describe_task_info. */
function plan(tenant: Tenant, h: Harness, taskId: string): Array<{ name: string; args: Record<string, unknown>; cluster?: string }> {
  const account = h.emulator.accounts.find((a) => a.name === tenant.name)!;
  return Array.from({ length: CALLS_PER_TENANT }, (_, i) => {
    const cluster = tenant.clusterIds[i % tenant.clusterIds.length]!;
    switch (i % 4) {
      case 0:
        return { name: 'list_clusters', args: {} };
      case 1:
        return { name: 'list_nodepools', args: { cluster_id: cluster }, cluster };
      case 2:
        return { name: 'list_cluster_nodes', args: { cluster_id: cluster, nodepool_id: account.nodepoolIds[cluster]![0] }, cluster };
      default:
        return { name: 'describe_task_info', args: { task_id: taskId } };
    }
  });
}

describe('tenant isolation', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it(`${2 * CALLS_PER_TENANT} concurrent mixed calls from two tenants (AK and STS, v1 and v2 clients) never cross over`, async () => {
    const [a, b] = h.tenants as [Tenant, Tenant];
    const clients = {
      [a.name]: [await connectV2(h.server.mcpUrl, h.headersFor(a)), await connectV1(h.server.mcpUrl, h.headersFor(a))],
      [b.name]: [await connectV1(h.server.mcpUrl, h.headersFor(b)), await connectV2(h.server.mcpUrl, h.headersFor(b))],
    };
    // Each tenant owns one task, so describe_task_info has something of its own to find.
    const taskOf: Record<string, string> = {};
    for (const tenant of [a, b]) {
      const account = h.emulator.accounts.find((x) => x.name === tenant.name)!;
      const cluster = tenant.clusterIds[0]!;
      const started = (await clients[tenant.name]![0]!.callTool({
        name: 'scale_nodepool',
        arguments: { cluster_id: cluster, nodepool_id: account.nodepoolIds[cluster]![0], count: 1 },
      })) as ToolResult;
      taskOf[tenant.name] = (started.structuredContent as { task_id: string }).task_id;
    }
    const before = h.emulator.record.length;

    const calls = [a, b].flatMap((tenant) =>
      plan(tenant, h, taskOf[tenant.name]!).map((step, i) => ({ tenant, step, client: clients[tenant.name]![i % 2]! })),
    );
    calls.sort(() => Math.random() - 0.5);
    const results = await Promise.all(
      calls.map(async ({ tenant, step, client }) => ({ tenant, step, result: (await client.callTool({ name: step.name, arguments: step.args })) as ToolResult })),
    );

    for (const { tenant, step, result } of results) {
      assert.ok(!result.isError, `${tenant.name} ${step.name}: ${textOf(result)}`);
      const body = JSON.stringify(result.structuredContent);
      const other = h.tenants.find((t) => t !== tenant)!;
      for (const foreign of other.clusterIds) assert.ok(!body.includes(foreign), `${tenant.name} saw ${other.name}'s cluster ${foreign}`);
      if (step.name === 'list_clusters') {
        const ids = (result.structuredContent as { clusters: Array<{ cluster_id: string }> }).clusters.map((c) => c.cluster_id).sort();
        assert.deepEqual(ids, [...tenant.clusterIds].sort());
      }
      if (step.name === 'describe_task_info') assert.equal((result.structuredContent as { task_id: string }).task_id, taskOf[tenant.name]);
    }

    const backend = h.emulator.record.slice(before);
    assert.equal(backend.length, calls.length, 'exactly one backend call per tool call');
    for (const tenant of [a, b]) {
      const signed = backend.filter((r) => r.accessKeyId === tenant.accessKeyId);
      assert.equal(signed.length, CALLS_PER_TENANT, `${tenant.name} signed exactly its own ${CALLS_PER_TENANT} calls`);
      for (const record of signed) {
        assert.equal(record.status, 200);
        assert.equal(record.account, tenant.name);
        assert.equal(record.securityToken, tenant.headers['X-Aliyun-Security-Token']);
        const clusterInPath = /\/clusters\/(c[a-z0-9]{32})/.exec(record.path)?.[1];
        if (clusterInPath) assert.ok(tenant.clusterIds.includes(clusterInPath), `${tenant.name} signed a call for a foreign cluster`);
      }
    }
    for (const list of Object.values(clients)) for (const client of list) await client.close();
  });

  it('a caller with the same AccessKey id but another secret gets no cached client: the emulator rejects it', async () => {
    const a = h.tenants[0]!;
    const impostor = { ...h.headersFor(a), 'X-Aliyun-Access-Key-Secret': 'not-the-real-secret-0000' };
    const client = await connectV2(h.server.mcpUrl, impostor);
    const result = (await client.callTool({ name: 'list_clusters', arguments: {} })) as ToolResult;
    assert.equal(result.isError, true);
    assert.match(textOf(result), /SignatureDoesNotMatch/);
    assert.match(textOf(result), /X-Aliyun-Access-Key-Secret/);
    assert.equal(h.emulator.record.at(-1)?.errorCode, 'SignatureDoesNotMatch');
    await client.close();
  });

  it('a wrong STS token is rejected by the emulator and reported clearly', async () => {
    const b = h.tenants.find((t) => t.headers['X-Aliyun-Security-Token'])!;
    const client = await connectV1(h.server.mcpUrl, { ...h.headersFor(b), 'X-Aliyun-Security-Token': 'CAIS-forged-token-value' });
    const result = (await client.callTool({ name: 'list_clusters', arguments: {} })) as ToolResult;
    assert.equal(result.isError, true);
    assert.match(textOf(result), /InvalidSecurityToken/);
    assert.match(textOf(result), /RequestId: /);
    assert.match(textOf(result), /STS token/);
    await client.close();
  });

  it('logs never contain an AccessKey secret, STS token or the bearer token', () => {
    assert.ok(h.logs.length > 2 * CALLS_PER_TENANT);
    const secrets = [...h.tenants.flatMap((t) => t.secrets), 'not-the-real-secret-0000', 'CAIS-forged-token-value', h.config.MCP_AUTH_TOKEN!];
    for (const line of h.logs) for (const secret of secrets) assert.ok(!line.includes(secret), `secret leaked into: ${line.slice(0, 200)}`);
    assert.ok(h.logs.some((line) => line.includes('"audit":true') && line.includes('"tool":"scale_nodepool"')));
  });
});
