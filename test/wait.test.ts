import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { connectV1, connectV2, textOf, type ToolResult } from './helpers/clients.js';
import { startHarness, type Harness } from './helpers/harness.js';

describe('wait_seconds', () => {
  let fast: Harness;
  before(async () => {
    fast = await startHarness({ taskStepMs: 60, diagnosisStepMs: 60 });
  });
  after(() => fast.close());

  const target = (h: Harness) => {
    const account = h.emulator.accounts[0]!;
    const cluster = account.clusterIds[0]!;
    return { cluster, pool: account.nodepoolIds[cluster]![0]! };
  };

  for (const [era, connect] of [
    ['2026-07-28', connectV2],
    ['2025-11-25', connectV1],
  ] as const) {
    it(`sends progress notifications to a ${era} client that asked for them, then the final state`, async () => {
      const client = await connect(fast.server.mcpUrl, fast.headersFor(fast.tenants[0]!));
      const { cluster, pool } = target(fast);
      const progress: Array<{ progress: number; message?: string }> = [];
      const params = { name: 'scale_nodepool', arguments: { cluster_id: cluster, nodepool_id: pool, count: 1, wait_seconds: 30 } };
      const options = { onprogress: (p: { progress: number; message?: string }) => progress.push(p), resetTimeoutOnProgress: true };
      // The v2 client takes (params, options); the v1 client (params, resultSchema, options).
      const result = (era === '2026-07-28'
        ? await (client as Awaited<ReturnType<typeof connectV2>>).callTool(params, options)
        : await (client as Awaited<ReturnType<typeof connectV1>>).callTool(params, undefined, options)) as ToolResult;
      assert.ok(!result.isError, textOf(result));
      const output = result.structuredContent as { task: { state: string }; waited: { finished: boolean; stopped_because: string } };
      assert.equal(output.task.state, 'success');
      assert.equal(output.waited.stopped_because, 'finished');
      assert.ok(progress.length >= 2, `expected several progress notifications, got ${progress.length}`);
      assert.deepEqual(progress.map((p) => p.progress), progress.map((_, i) => i + 1), 'progress increases');
      assert.match(progress.at(-1)?.message ?? '', /task T-\S+: success/);
      await client.close();
    });
  }

  it('create_cluster_diagnosis waits for the check items', async () => {
    const client = await connectV2(fast.server.mcpUrl, fast.headersFor(fast.tenants[0]!));
    const { cluster } = target(fast);
    const node = fast.emulator.state.nodes({ clusterId: cluster })[0]!;
    const result = (await client.callTool({
      name: 'create_cluster_diagnosis',
      arguments: { cluster_id: cluster, type: 'node', target: { name: node.nodeName }, wait_seconds: 30 },
    })) as ToolResult;
    assert.ok(!result.isError, textOf(result));
    const output = result.structuredContent as { diagnosis: { status: string; code: string; check_items: unknown[] } };
    assert.equal(output.diagnosis.status, 'completed');
    assert.equal(output.diagnosis.code, 'success');
    assert.ok(output.diagnosis.check_items.length > 0);
    await client.close();
  });
});

describe('wait_seconds against a slow task', () => {
  let slow: Harness;
  before(async () => {
    slow = await startHarness({ taskStepMs: 60_000 });
  });
  after(() => slow.close());

  const start = () => {
    const account = slow.emulator.accounts[0]!;
    const cluster = account.clusterIds[0]!;
    return { cluster_id: cluster, nodepool_id: account.nodepoolIds[cluster]![0]!, count: 1 };
  };
  const polls = () => slow.emulator.record.filter((r) => r.action === 'DescribeTaskInfo').length;

  it('returns the current state when the time is up', async () => {
    const client = await connectV2(slow.server.mcpUrl, slow.headersFor(slow.tenants[0]!));
    const result = (await client.callTool({ name: 'scale_nodepool', arguments: { ...start(), wait_seconds: 1 } })) as ToolResult;
    const output = result.structuredContent as { task: { state: string; finished: boolean }; waited: { stopped_because: string; seconds: number } };
    assert.equal(output.waited.stopped_because, 'time_limit');
    assert.equal(output.task.state, 'running');
    assert.equal(output.task.finished, false);
    assert.ok(output.waited.seconds >= 0.9 && output.waited.seconds < 3);
    await client.close();
  });

  /** Starts a long wait, lets the server poll a few times, runs `cancel`, then checks the polling stopped. */
  async function pollingStopsAfter(cancel: () => Promise<void>, pending: Promise<unknown>): Promise<void> {
    pending.catch(() => {});
    const polling = polls();
    for (let i = 0; i < 100 && polls() < polling + 3; i++) await sleep(20);
    assert.ok(polls() >= polling + 3, 'the server was polling');
    await cancel();
    await assert.rejects(pending);
    await sleep(150);
    const afterCancel = polls();
    await sleep(600);
    assert.equal(polls(), afterCancel, 'no DescribeTaskInfo call after the cancellation');
  }

  it('stops polling when a 2026-07-28 client cancels the request (the stream closes)', async () => {
    const client = await connectV2(slow.server.mcpUrl, slow.headersFor(slow.tenants[0]!));
    const abort = new AbortController();
    const pending = client.callTool({ name: 'scale_nodepool', arguments: { ...start(), wait_seconds: 120 } }, { signal: abort.signal });
    await pollingStopsAfter(async () => abort.abort(), pending);
    await client.close();
  });

  it('stops polling when a 2025-11-25 client closes the connection', async () => {
    const client = await connectV1(slow.server.mcpUrl, slow.headersFor(slow.tenants[0]!));
    const pending = client.callTool({ name: 'scale_nodepool', arguments: { ...start(), wait_seconds: 120 } });
    await pollingStopsAfter(() => client.close(), pending);
  });
});
