import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allTools } from '../src/tools/index.js';
import { connectV1, connectV2, textOf, type ToolResult } from './helpers/clients.js';
import { BEARER, startHarness, type Harness } from './helpers/harness.js';

const CLUSTER = `c${'a'.repeat(32)}`;
const POOL = `np${'b'.repeat(32)}`;

/** Each bad input and the words the error must contain: the field and the rule. */
const cases: Array<{ tool: string; args: Record<string, unknown>; expect: RegExp[] }> = [
  { tool: 'list_nodepools', args: { cluster_id: 'cluster-1' }, expect: [/cluster_id/, /"c" followed by 32 lowercase/] },
  { tool: 'list_nodepools', args: {}, expect: [/cluster_id: is required/] },
  { tool: 'scale_nodepool', args: { cluster_id: CLUSTER, nodepool_id: POOL, count: 0 }, expect: [/count: must be at least 1/] },
  { tool: 'scale_nodepool', args: { cluster_id: CLUSTER, nodepool_id: POOL, count: 501 }, expect: [/count: must be at most 500/] },
  { tool: 'scale_nodepool', args: { cluster_id: CLUSTER, nodepool_id: POOL, count: 2.5 }, expect: [/count: must be a whole number/] },
  { tool: 'scale_nodepool', args: { cluster_id: CLUSTER, nodepool_id: 'pool-a', count: 1 }, expect: [/nodepool_id: must be a node pool id/] },
  { tool: 'scale_nodepool', args: { cluster_id: CLUSTER, nodepool_id: POOL, count: 1, wait_seconds: 601 }, expect: [/wait_seconds: must be at most 600/] },
  { tool: 'scale_nodepool', args: { cluster_id: CLUSTER, nodepool_id: POOL, count: 1, nodes: 3 }, expect: [/nodes: is not an argument of scale_nodepool/] },
  { tool: 'remove_nodepool_nodes', args: { cluster_id: CLUSTER, nodepool_id: POOL, instance_ids: [] }, expect: [/instance_ids: must list at least one/] },
  {
    tool: 'remove_nodepool_nodes',
    args: { cluster_id: CLUSTER, nodepool_id: POOL, instance_ids: Array.from({ length: 101 }, (_, i) => `i-abcdefgh${String(i).padStart(3, '0')}`) },
    expect: [/instance_ids: must list at most 100/],
  },
  { tool: 'remove_nodepool_nodes', args: { cluster_id: CLUSTER, nodepool_id: POOL, instance_ids: ['node-1'] }, expect: [/instance_ids\[0\]: must be an ECS instance id/] },
  {
    tool: 'remove_nodepool_nodes',
    args: { cluster_id: CLUSTER, nodepool_id: POOL, instance_ids: ['i-abcdefgh12', 'i-abcdefgh12'] },
    expect: [/instance_ids: must not repeat/],
  },
  { tool: 'create_cluster_diagnosis', args: { cluster_id: CLUSTER, type: 'pod', target: { name: 'web-1' } }, expect: [/target\.namespace: is required for a pod diagnosis/] },
  { tool: 'create_cluster_diagnosis', args: { cluster_id: CLUSTER, type: 'disk' }, expect: [/type: /, /cluster.*node.*pod/] },
  {
    tool: 'create_cluster_diagnosis',
    args: { cluster_id: CLUSTER, type: 'network', target: { src: '10.0.0.1', dst: 'example', dport: 80 } },
    expect: [/target\.dst: .*IPv4 or IPv6/],
  },
  { tool: 'create_cluster_diagnosis', args: { cluster_id: CLUSTER, type: 'cluster', target: { name: 'x' } }, expect: [/target.*for a cluster diagnosis/] },
  { tool: 'describe_task_info', args: { task_id: 'task-1' }, expect: [/task_id: must be an ACK task id/] },
];

describe('input validation', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('bad arguments give an isError result naming the field and the rule, with no backend call', async () => {
    const client = await connectV2(h.server.mcpUrl, h.headersFor(h.tenants[0]!));
    const before = h.emulator.record.length;
    for (const { tool, args, expect } of cases) {
      const result = (await client.callTool({ name: tool, arguments: args })) as ToolResult;
      assert.equal(result.isError, true, `${tool} ${JSON.stringify(args)} was accepted`);
      const text = textOf(result);
      assert.match(text, new RegExp(`Invalid arguments for ${tool}`));
      for (const pattern of expect) assert.match(text, pattern, `${tool}: ${text}`);
    }
    assert.equal(h.emulator.record.length, before, 'no invalid call reached Alibaba Cloud');
    await client.close();
  });

  it('an unknown tool is a -32602 protocol error listing the tools, in both eras', async () => {
    for (const connect of [connectV1, connectV2]) {
      const client = await connect(h.server.mcpUrl, h.headersFor(h.tenants[0]!));
      await assert.rejects(client.callTool({ name: 'scale_cluster', arguments: {} }), (error: { code?: number; message?: string }) => {
        assert.equal(error.code, -32602);
        assert.match(error.message ?? '', /Unknown tool: scale_cluster\. Available tools: list_clusters/);
        return true;
      });
      await client.close();
    }
  });

  it('credential source "headers" without headers: a clear error and zero backend calls', async () => {
    const client = await connectV1(h.server.mcpUrl, { Authorization: `Bearer ${BEARER}` });
    const before = h.emulator.record.length;
    const tools = await client.listTools();
    assert.equal(tools.tools.length, allTools.length, 'tools can be listed without Alibaba Cloud credentials');
    for (const [name, args] of [
      ['list_clusters', {}],
      ['scale_nodepool', { cluster_id: h.tenants[0]!.clusterIds[0], nodepool_id: POOL, count: 1 }],
      ['kubectl', { cluster_id: h.tenants[0]!.clusterIds[0], command: 'get pods' }],
      ['get_pod_logs', { cluster_id: h.tenants[0]!.clusterIds[0], namespace: 'payments', pod: 'checkout-api-7d9c8b6f5-x2k4q' }],
    ] as const) {
      const result = (await client.callTool({ name, arguments: args })) as ToolResult;
      assert.equal(result.isError, true);
      assert.match(textOf(result), /No Alibaba Cloud credentials.*X-Aliyun-Access-Key-Id and X-Aliyun-Access-Key-Secret/);
    }
    assert.equal(h.emulator.record.length, before, 'no backend call without credentials');
    await client.close();
  });

  it('half-given credential headers are an error, never a fallback', async () => {
    const tenant = h.tenants[0]!;
    const before = h.emulator.record.length;
    const variants: Array<[Record<string, string>, RegExp]> = [
      [{ 'X-Aliyun-Access-Key-Id': tenant.accessKeyId }, /X-Aliyun-Access-Key-Secret missing/],
      [{ 'X-Aliyun-Access-Key-Secret': 'some-secret-value-123' }, /X-Aliyun-Access-Key-Id missing/],
      [{ 'X-Aliyun-Security-Token': 'CAIS-only-a-token' }, /X-Aliyun-Access-Key-Id and X-Aliyun-Access-Key-Secret missing/],
      [{ 'X-Aliyun-Access-Key-Id': 'STS.abcdefghij', 'X-Aliyun-Access-Key-Secret': 'some-secret-value-123' }, /X-Aliyun-Security-Token is required/],
      [{ ...tenant.headers, 'X-Aliyun-Region': 'Hangzhou!' }, /X-Aliyun-Region .* is not a region id/],
    ];
    for (const [headers, expected] of variants) {
      const client = await connectV2(h.server.mcpUrl, { Authorization: `Bearer ${BEARER}`, ...headers });
      const result = (await client.callTool({ name: 'list_clusters', arguments: {} })) as ToolResult;
      assert.equal(result.isError, true);
      assert.match(textOf(result), expected);
      await client.close();
    }
    assert.equal(h.emulator.record.length, before);
  });
});
