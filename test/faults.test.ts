import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { connectV2, textOf, type ToolResult } from './helpers/clients.js';
import { startHarness, type Harness } from './helpers/harness.js';

describe('backend faults', () => {
  let h: Harness;
  let client: Awaited<ReturnType<typeof connectV2>>;
  let cluster: string;
  let pool: string;
  before(async () => {
    h = await startHarness();
    client = await connectV2(h.server.mcpUrl, h.headersFor(h.tenants[0]!));
    const account = h.emulator.accounts[0]!;
    cluster = account.clusterIds[0]!;
    pool = account.nodepoolIds[cluster]![0]!;
  });
  beforeEach(() => h.emulator.faults.clear());
  after(async () => {
    await client.close();
    await h.close();
  });

  const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as ToolResult;
  const callsOf = (action: string, since: number) => h.emulator.record.slice(since).filter((r) => r.action === action);

  for (const kind of ['throttling', 'server-error', 'reset'] as const) {
    it(`a read retries through ${kind} (bounded) and succeeds`, async () => {
      const since = h.emulator.record.length;
      h.emulator.faults.add({ action: 'DescribeClusterNodePools', kind, times: 2, retryAfterMs: 10 });
      const result = await call('list_nodepools', { cluster_id: cluster });
      assert.ok(!result.isError, textOf(result));
      const attempts = callsOf('DescribeClusterNodePools', since);
      assert.equal(attempts.length, 3, 'two failures, then success');
      assert.equal(attempts.at(-1)?.status, 200);
    });
  }

  it('a read that keeps failing stops after the retry budget with a clear error', async () => {
    const since = h.emulator.record.length;
    h.emulator.faults.add({ action: 'DescribeClusterNodePools', kind: 'server-error', times: 10 });
    const result = await call('list_nodepools', { cluster_id: cluster });
    assert.equal(result.isError, true);
    const text = textOf(result);
    assert.match(text, /DescribeClusterNodePools failed: ServiceUnavailable \(HTTP 503\)/);
    assert.match(text, /RequestId: \S+/);
    assert.match(text, /Next step: .*Retry later/);
    assert.equal(callsOf('DescribeClusterNodePools', since).length, 1 + h.config.ALIBABA_CLOUD_READ_RETRIES);
  });

  for (const kind of ['server-error', 'throttling', 'reset'] as const) {
    it(`scale_nodepool is sent exactly once even when it meets ${kind}`, async () => {
      const since = h.emulator.record.length;
      const desired = h.emulator.state.nodepool(pool)!.desiredSize;
      h.emulator.faults.add({ action: 'ScaleClusterNodePool', kind, times: 5, retryAfterMs: 10 });
      const result = await call('scale_nodepool', { cluster_id: cluster, nodepool_id: pool, count: 2 });
      assert.equal(result.isError, true);
      assert.equal(callsOf('ScaleClusterNodePool', since).length, 1, 'a write is never resent');
      assert.equal(h.emulator.state.nodepool(pool)!.desiredSize, desired);
      if (kind === 'reset') assert.match(textOf(result), /may or may not have reached Alibaba Cloud, so it was not sent again/);
      if (kind === 'throttling') assert.match(textOf(result), /Throttling\.User.*\n(.*\n)*Next step: The API is throttled/);
    });
  }

  it('a slow backend within the timeout still answers', async () => {
    h.emulator.faults.add({ action: 'DescribeClustersV1', kind: 'latency', latencyMs: 300 });
    const started = Date.now();
    const result = await call('list_clusters', {});
    assert.ok(!result.isError, textOf(result));
    assert.ok(Date.now() - started >= 300);
  });

  it('a missing RAM permission names the action and the fix', async () => {
    const credential = h.emulator.state.credential(h.tenants[0]!.accessKeyId)!;
    credential.deniedActions.push('ScaleClusterNodePool');
    const result = await call('scale_nodepool', { cluster_id: cluster, nodepool_id: pool, count: 1 });
    credential.deniedActions.pop();
    assert.equal(result.isError, true);
    assert.match(textOf(result), /Forbidden\.RAM \(HTTP 403\)/);
    assert.match(textOf(result), /not allowed to call cs:ScaleClusterNodePool/);
  });

  it("another account's cluster is not found, with a next step", async () => {
    const foreign = h.tenants[1]!.clusterIds[0]!;
    const result = await call('list_nodepools', { cluster_id: foreign });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /ErrorClusterNotFound \(HTTP 404\)/);
    assert.match(textOf(result), /Check the cluster id with list_clusters/);
  });

  it('a failed scale task reports its error', async () => {
    const { maxNodes, desiredSize } = h.emulator.state.nodepool(pool)!;
    const result = await call('scale_nodepool', { cluster_id: cluster, nodepool_id: pool, count: maxNodes - desiredSize + 1, wait_seconds: 30 });
    assert.ok(!result.isError, textOf(result));
    const task = (result.structuredContent as { task: { state: string; error?: { code: string } } }).task;
    assert.equal(task.state, 'failed');
    assert.equal(task.error?.code, 'InstanceQuotaExceeded');
    assert.match(textOf(result), /InstanceQuotaExceeded/);
  });
});
