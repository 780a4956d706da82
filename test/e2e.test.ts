import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectV1, connectV2, textOf, type ToolResult } from './helpers/clients.js';
import { startHarness, type Harness } from './helpers/harness.js';

type AnyClient = Awaited<ReturnType<typeof connectV1>> | Awaited<ReturnType<typeof connectV2>>;

const TOOLS = [
  'list_clusters',
  'list_nodepools',
  'list_cluster_nodes',
  'scale_nodepool',
  'remove_nodepool_nodes',
  'describe_task_info',
  'create_cluster_diagnosis',
  'get_cluster_diagnosis_result',
  'kubectl',
  'list_kubernetes_resources',
  'get_kubernetes_resource',
  'get_pod_logs',
  'list_kubernetes_events',
  'describe_cluster_observability',
  'sls_execute_sql_query',
  'sls_translate_text_to_sql_query',
  'sls_diagnose_query',
  'cms_execute_promql_query',
  'cms_translate_text_to_promql',
];

/** The crash-looping pod each tenant's first cluster is seeded with. */
const CRASHING_POD: Record<string, { namespace: string; pod: string }> = {
  'team-a': { namespace: 'payments', pod: 'checkout-api-7d9c8b6f5-x2k4q' },
  'team-b': { namespace: 'inference', pod: 'llm-serving-6f5d8c7b9-p4w8z' },
};

async function call(client: AnyClient, name: string, args: Record<string, unknown>): Promise<ToolResult> {
  const result = (await client.callTool({ name, arguments: args })) as ToolResult;
  assert.ok(!result.isError, `${name} failed: ${textOf(result)}`);
  assert.ok(result.structuredContent, `${name} returned no structuredContent`);
  assert.ok(textOf(result).length > 0);
  return result;
}

/** Calls every tool in a realistic order; the emulator's state proves each call took effect. */
async function exerciseEveryTool(h: Harness, client: AnyClient, tenantIndex: number): Promise<void> {
  const tenant = h.tenants[tenantIndex]!;
  const clusters = (await call(client, 'list_clusters', {})).structuredContent as { clusters: Array<{ cluster_id: string; region_id: string }> };
  assert.deepEqual(new Set(clusters.clusters.map((c) => c.cluster_id)), new Set(tenant.clusterIds));
  const clusterId = tenant.clusterIds[0]!;

  const pools = (await call(client, 'list_nodepools', { cluster_id: clusterId })).structuredContent as {
    nodepools: Array<{ nodepool_id: string; desired_size: number }>;
  };
  const pool = pools.nodepools[0]!;
  assert.equal(pool.desired_size, h.emulator.state.nodepool(pool.nodepool_id)?.desiredSize);

  const scaled = (await call(client, 'scale_nodepool', { cluster_id: clusterId, nodepool_id: pool.nodepool_id, count: 1, wait_seconds: 30 }))
    .structuredContent as { task_id: string; task: { state: string; finished: boolean }; waited: { finished: boolean } };
  assert.equal(scaled.task.state, 'success');
  assert.equal(scaled.waited.finished, true);

  const task = (await call(client, 'describe_task_info', { task_id: scaled.task_id })).structuredContent as { state: string; stages: unknown[] };
  assert.equal(task.state, 'success');
  assert.ok(task.stages.length > 0);

  const nodes = (await call(client, 'list_cluster_nodes', { cluster_id: clusterId, nodepool_id: pool.nodepool_id })).structuredContent as {
    nodes: Array<{ instance_id: string; node_name: string }>;
    total_count: number;
  };
  assert.equal(nodes.total_count, pool.desired_size + 1, 'the scale-out added one node');

  const victim = nodes.nodes.at(-1)!;
  const removed = (await call(client, 'remove_nodepool_nodes', {
    cluster_id: clusterId,
    nodepool_id: pool.nodepool_id,
    instance_ids: [victim.instance_id],
  })).structuredContent as { task_id: string; waited: { stopped_because: string } };
  assert.equal(removed.waited.stopped_because, 'not_requested');
  assert.match(removed.task_id, /^T-/);

  const diagnosis = (await call(client, 'create_cluster_diagnosis', {
    cluster_id: clusterId,
    type: 'node',
    target: { name: nodes.nodes[0]!.node_name },
  })).structuredContent as { diagnosis_id: string };
  let result: { status: string; check_items: unknown[]; code?: string } | undefined;
  for (let i = 0; i < 50; i++) {
    result = (await call(client, 'get_cluster_diagnosis_result', { cluster_id: clusterId, diagnosis_id: diagnosis.diagnosis_id }))
      .structuredContent as typeof result;
    if (result?.status === 'completed') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(result?.status, 'completed');
  assert.equal(result?.code, 'success');
  assert.ok((result?.check_items.length ?? 0) > 0);

  // Kubernetes, as the caller's own RAM identity: the same crash-looping pod through every tool.
  const { namespace, pod } = CRASHING_POD[tenant.name]!;
  const kubectl = (await call(client, 'kubectl', { cluster_id: clusterId, command: `get pods -n ${namespace}` })).structuredContent as { exit_code: number; stdout: string };
  assert.equal(kubectl.exit_code, 0);
  assert.match(kubectl.stdout, new RegExp(`${pod}\\s+0/1\\s+CrashLoopBackOff`));
  const listed = (await call(client, 'list_kubernetes_resources', { cluster_id: clusterId, kind: 'pods', namespace })).structuredContent as { rows: string[][] };
  assert.ok(listed.rows.some((row) => row[0] === pod && row[2] === 'CrashLoopBackOff'));
  const object = (await call(client, 'get_kubernetes_resource', { cluster_id: clusterId, kind: 'pod', name: pod, namespace })).structuredContent as { yaml: string };
  assert.match(object.yaml, /restartCount: \d+/);
  const logs = (await call(client, 'get_pod_logs', { cluster_id: clusterId, namespace, pod, previous: true })).structuredContent as { lines: number };
  assert.ok(logs.lines > 0);
  const events = (await call(client, 'list_kubernetes_events', { cluster_id: clusterId, namespace, warnings_only: true })).structuredContent as {
    events: Array<{ reason: string; object: string }>;
  };
  assert.ok(events.events.some((e) => e.reason === 'BackOff' && e.object === `Pod/${pod}`));

  // The same pod in the cluster's logs (SLS) and metrics (Prometheus), located from cluster_id alone.
  const observability = (await call(client, 'describe_cluster_observability', { cluster_id: clusterId })).structuredContent as { log_project: { value: string } };
  assert.equal(observability.log_project.value, `k8s-log-${clusterId}`);
  const backoff = (await call(client, 'sls_execute_sql_query', {
    cluster_id: clusterId,
    query: 'reason: BackOff | select name, count(*) as c group by name order by c desc',
  })).structuredContent as { rows: Array<{ name: string; c: string }> };
  assert.equal(backoff.rows[0]?.name, pod);
  const translated = (await call(client, 'sls_translate_text_to_sql_query', { cluster_id: clusterId, text: 'count the BackOff warnings by name' }))
    .structuredContent as { query: string };
  assert.match(translated.query, /BackOff/);
  const diagnosed = (await call(client, 'sls_diagnose_query', { cluster_id: clusterId, query: '* | select nmae, count(*) as c group by nmae' }))
    .structuredContent as { diagnosis: string };
  assert.match(diagnosed.diagnosis, /\bname\b/);
  const promql = (await call(client, 'cms_translate_text_to_promql', { cluster_id: clusterId, text: 'which pods restarted in the last hour' }))
    .structuredContent as { query: string; syntax_error?: string };
  assert.equal(promql.syntax_error, undefined);
  if (h.cloud.prometheus.unavailable !== undefined) {
    process.stderr.write(`\n*** PROMETHEUS NOT INSTALLED — cms_execute_promql_query checked for its clear error only: ${h.cloud.prometheus.unavailable} ***\n`);
    const unavailable = (await client.callTool({ name: 'cms_execute_promql_query', arguments: { cluster_id: clusterId, query: promql.query } })) as ToolResult;
    assert.match(textOf(unavailable), /HTTP 503/);
    return;
  }
  const restarts = (await call(client, 'cms_execute_promql_query', { cluster_id: clusterId, query: promql.query })).structuredContent as {
    series: Array<{ labels: Record<string, string> }>;
  };
  assert.ok(restarts.series.some((s) => s.labels['pod'] === pod), `${pod} restarted in the last hour`);
}

describe('end to end over HTTP', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ prometheus: true });
  });
  after(() => h.close());

  it('2026-07-28 client (SDK v2): lists tools and calls every tool', async () => {
    const client = await connectV2(h.server.mcpUrl, h.headersFor(h.tenants[0]!));
    const tools = await client.listTools();
    assert.deepEqual(tools.tools.map((t) => t.name), TOOLS);
    await exerciseEveryTool(h, client, 0);
    await client.close();
  });

  it('2025-11-25 client (@modelcontextprotocol/sdk v1): lists tools and calls every tool', async () => {
    const client = await connectV1(h.server.mcpUrl, h.headersFor(h.tenants[1]!));
    assert.equal(client.getServerVersion()?.name, 'ack-mcp-server');
    const tools = await client.listTools();
    assert.deepEqual(tools.tools.map((t) => t.name), TOOLS);
    await exerciseEveryTool(h, client, 1);
    await client.close();
  });

  it('every backend call was signed by the calling tenant', () => {
    const byTenant = new Map(h.tenants.map((t) => [t.accessKeyId, t.name]));
    const accepted = h.emulator.record.filter((r) => r.status === 200);
    assert.ok(accepted.length >= 20);
    for (const record of accepted) assert.equal(byTenant.get(record.accessKeyId ?? ''), record.account);
  });
});
