// GET /metrics: after a few real calls, the Prometheus text lists tool, backend, kubectl, cache and
// HTTP series with the right labels and counts — and nothing about tenants or their secrets.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { connectV2, textOf, type ToolResult } from './helpers/clients.js';
import { BEARER, startHarness, type Harness } from './helpers/harness.js';
import { prometheusBinaries } from './emulators/prometheus/binaries.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text exposition format (0.0.4): HELP/TYPE comments and samples. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    assert.ok(sample, `not a valid sample line: ${line}`);
    const labels: Record<string, string> = {};
    const labelText = sample[2] ?? '';
    const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;
    let match: RegExpExecArray | null;
    let consumed = 0;
    while ((match = labelPattern.exec(labelText)) !== null) {
      labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      consumed = labelPattern.lastIndex;
    }
    assert.equal(consumed, labelText.length, `labels not fully parsed: ${line}`);
    const value = Number(sample[3] === '+Inf' ? Infinity : sample[3] === '-Inf' ? -Infinity : sample[3]);
    assert.ok(!Number.isNaN(value) || sample[3] === 'NaN', `bad value in ${line}`);
    samples.push({ name: sample[1]!, labels, value });
  }
  return { samples, types };
}

function value(samples: Sample[], name: string, labels: Record<string, string>): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.reduce((sum, s) => sum + s.value, 0);
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${url}/metrics`, { headers });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('/metrics', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ prometheus: true });
  });
  after(async () => {
    await h.close();
  });

  it('lists tool, backend, kubectl, cache, in-flight and HTTP series after a few calls', async () => {
    const [teamA, teamB] = h.tenants;
    const clusterId = teamA!.clusterIds[0]!;
    const client = await connectV2(h.server.mcpUrl, h.headersFor(teamA!));
    const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as ToolResult;
    try {
      assert.ok(!(await call('list_clusters', {})).isError);
      assert.equal((await call('list_nodepools', { cluster_id: 'not-a-cluster' })).isError, true);
      const foreign = await call('list_nodepools', { cluster_id: teamB!.clusterIds[0] });
      assert.equal(foreign.isError, true, 'another tenant’s cluster is not visible');
      assert.ok(!(await call('kubectl', { cluster_id: clusterId, command: 'get pods -A' })).isError);
      const failing = await call('kubectl', { cluster_id: clusterId, command: 'get nosuchkinds' });
      assert.notEqual((failing.structuredContent as { exit_code: number }).exit_code, 0, textOf(failing));
      assert.ok(!(await call('list_kubernetes_resources', { cluster_id: clusterId, kind: 'pods', namespace: 'default' })).isError);
      for (let i = 0; i < 2; i++) {
        const sql = await call('sls_execute_sql_query', { cluster_id: clusterId, query: '* | select count(*) as n' });
        assert.ok(!sql.isError, textOf(sql));
      }
      await call('cms_execute_promql_query', { cluster_id: clusterId, query: 'up' });
    } finally {
      await client.close();
    }
    assert.equal((await fetch(`${h.server.url}/no-such-page`)).status, 404);
    assert.equal((await fetch(h.server.mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status, 401);

    // Scraped without the bearer token and with a Host that is not allowed for MCP: like a Prometheus scraping a pod IP.
    const scraped = await scrape(h.server.url, { Host: '10.1.2.3:8080' });
    assert.equal(scraped.status, 200);
    assert.match(scraped.type ?? '', /^text\/plain; version=0\.0\.4/);
    const { samples, types } = parseExposition(scraped.text);

    assert.equal(types.get('ack_mcp_tool_calls_total'), 'counter');
    assert.equal(value(samples, 'ack_mcp_tool_calls_total', { tool: 'list_clusters', outcome: 'ok' }), 1);
    assert.equal(value(samples, 'ack_mcp_tool_calls_total', { tool: 'list_nodepools', outcome: 'invalid_arguments' }), 1);
    assert.equal(value(samples, 'ack_mcp_tool_calls_total', { tool: 'list_nodepools', outcome: 'error' }), 1);
    assert.equal(value(samples, 'ack_mcp_tool_errors_total', { tool: 'list_nodepools', error_type: 'invalid_arguments' }), 1);
    const foreignError = samples.find((s) => s.name === 'ack_mcp_tool_errors_total' && s.labels['tool'] === 'list_nodepools' && s.labels['error_type']?.startsWith('aliyun_'));
    assert.ok(foreignError, 'the Alibaba Cloud failure is counted by error type');
    assert.equal(value(samples, 'ack_mcp_tool_calls_total', { tool: 'sls_execute_sql_query', outcome: 'ok' }), 2);
    assert.equal(types.get('ack_mcp_tool_call_duration_seconds'), 'histogram');
    assert.equal(value(samples, 'ack_mcp_tool_call_duration_seconds_count', { tool: 'kubectl', outcome: 'ok' }), 2);
    assert.equal(value(samples, 'ack_mcp_tool_calls_in_flight', { tool: 'kubectl' }), 0, 'in-flight tool calls return to zero');

    assert.equal(value(samples, 'ack_mcp_backend_requests_total', { service: 'ack', api: 'DescribeClustersV1', status: '200' }), 1);
    assert.ok(value(samples, 'ack_mcp_backend_requests_total', { service: 'ack', api: 'DescribeClusterUserKubeconfig', status: '200' }) >= 1);
    assert.ok(value(samples, 'ack_mcp_backend_requests_total', { service: 'ack', api: 'DescribeClusterNodePools' }) >= 1);
    assert.ok(samples.some((s) => s.name === 'ack_mcp_backend_requests_total' && s.labels['api'] === 'DescribeClusterNodePools' && /^4\d\d$/.test(s.labels['status'] ?? '')));
    assert.equal(value(samples, 'ack_mcp_backend_requests_total', { service: 'sls', api: 'GetLogs', status: '200' }), 2);
    assert.ok(value(samples, 'ack_mcp_backend_requests_total', { service: 'kubernetes', api: 'list', status: '200' }) >= 1);
    assert.ok(value(samples, 'ack_mcp_backend_requests_total', { service: 'kubernetes', api: 'discovery' }) >= 1);
    const promStatus = 'missing' in prometheusBinaries() ? '503' : '200';
    assert.equal(value(samples, 'ack_mcp_backend_requests_total', { service: 'prometheus', api: 'query', status: promStatus }), 1);
    assert.ok(value(samples, 'ack_mcp_backend_requests_total', { service: 'arms', api: 'GetPrometheusInstance' }) >= 1);
    assert.ok(value(samples, 'ack_mcp_backend_request_duration_seconds_count', { service: 'ack', api: 'DescribeClustersV1' }) >= 1);

    assert.equal(value(samples, 'ack_mcp_kubectl_exits_total', { verb: 'get', exit_code: '0' }), 1);
    assert.equal(value(samples, 'ack_mcp_kubectl_exits_total', { verb: 'get', exit_code: '1' }), 1);
    assert.equal(value(samples, 'ack_mcp_kubectl_duration_seconds_count', { verb: 'get' }), 2);

    assert.ok(value(samples, 'ack_mcp_cache_lookups_total', { cache: 'kubeconfig', result: 'miss' }) >= 1);
    assert.ok(value(samples, 'ack_mcp_cache_lookups_total', { cache: 'kubeconfig', result: 'hit' }) >= 1);
    assert.equal(value(samples, 'ack_mcp_cache_lookups_total', { cache: 'cluster_context', result: 'miss' }), 1);
    assert.ok(value(samples, 'ack_mcp_cache_lookups_total', { cache: 'cluster_context', result: 'hit' }) >= 2);
    assert.ok(value(samples, 'ack_mcp_cache_lookups_total', { cache: 'sdk_client', result: 'hit' }) >= 1);

    assert.ok(value(samples, 'ack_mcp_http_requests_total', { method: 'POST', route: '/mcp/v1', status: '200' }) >= 9);
    assert.equal(value(samples, 'ack_mcp_http_requests_total', { method: 'POST', route: '/mcp/v1', status: '401' }), 1);
    assert.equal(value(samples, 'ack_mcp_http_requests_total', { route: 'other', status: '404' }), 1);
    assert.equal(types.get('ack_mcp_http_requests_in_flight'), 'gauge');
    assert.equal(value(samples, 'ack_mcp_http_requests_in_flight', {}), 1, 'only the scrape itself is in flight');
    assert.ok(samples.some((s) => s.name === 'process_cpu_seconds_total'), 'process metrics are included');

    // Nothing about tenants: no bearer, no AccessKey id or secret, no STS token, no cluster id.
    const forbidden = [BEARER, ...h.tenants.flatMap((t) => [t.accessKeyId, ...t.secrets, ...t.clusterIds])];
    for (const secret of forbidden) assert.ok(!scraped.text.includes(secret), 'a tenant value leaked into /metrics');
  });

  it('passes promtool check metrics when Prometheus is installed', async (t) => {
    const binaries = prometheusBinaries();
    if ('missing' in binaries) {
      process.stderr.write(`\n*** PROMETHEUS NOT INSTALLED — promtool lint of /metrics skipped: ${binaries.missing} ***\n`);
      return t.skip('promtool not installed');
    }
    const { text } = await scrape(h.server.url);
    const run = spawnSync(binaries.promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.ok(run.status !== null, `promtool ran: ${run.error?.message ?? ''}`);
    // prom-client's default `nodejs_active_*_total` gauges draw a naming lint; every other line is a problem.
    const problems = `${run.stdout}${run.stderr}`
      .split('\n')
      .filter((line) => line.trim() !== '' && !/^nodejs_active_\w+_total non-counter metrics should not have "_total" suffix$/.test(line));
    assert.deepEqual(problems, [], 'promtool finds no problem in the server’s own metrics');
  });

  it('is not served when MCP_METRICS_ENABLED=false', async () => {
    const server = await startServer(loadConfig({ MCP_HOST: '127.0.0.1', MCP_PORT: '0', MCP_AUTH_TOKEN: BEARER, MCP_METRICS_ENABLED: 'false' }));
    try {
      assert.equal((await scrape(server.url)).status, 404);
    } finally {
      await server.shutdown(100);
    }
  });
});
