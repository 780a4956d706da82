import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import type { LogRow } from './emulators/sls/index.js';
import { connectV1, connectV2, textOf, type ToolResult } from './helpers/clients.js';
import { startHarness, type Harness, type Tenant } from './helpers/harness.js';

// Cluster context discovery and the logs and metrics tools, through the server, against the SLS and
// ARMS emulators (SQL on sql.js, PromQL on a real Prometheus when it is installed).
interface Sourced {
  value: string;
  source: 'argument' | 'discovered' | 'convention';
  via: string;
}
interface SqlResult {
  project: Sourced;
  logstore: Sourced;
  rows: Array<Record<string, string>>;
  truncated: boolean;
  next_offset?: number;
  complete: boolean;
  attempts: number;
  query: string;
  notes: string[];
}
interface PromResult {
  backend: Sourced;
  result_type: string;
  series: Array<{ labels: Record<string, string>; value?: [number, number | string]; values?: Array<[number, number | string]> }>;
  series_total: number;
  step?: number;
}

describe('observability: cluster context, logs and metrics', () => {
  let h: Harness;
  let teamA: Tenant;
  let teamB: Tenant;
  let prod: string;
  let staging: string;
  let data: string;
  const errors: string[] = [];

  async function call(name: string, args: Record<string, unknown>, tenant: Tenant = teamA, server?: RunningServer): Promise<ToolResult> {
    const client = await connectV2((server ?? h.server).mcpUrl, h.headersFor(tenant));
    try {
      const result = (await client.callTool({ name, arguments: args })) as ToolResult;
      if (result.isError) errors.push(textOf(result));
      return result;
    } finally {
      await client.close();
    }
  }
  async function ok<T>(name: string, args: Record<string, unknown>, tenant: Tenant = teamA): Promise<T> {
    const result = await call(name, args, tenant);
    assert.ok(!result.isError, `${name}: ${textOf(result)}`);
    return result.structuredContent as T;
  }
  async function fails(name: string, args: Record<string, unknown>, tenant: Tenant = teamA): Promise<string> {
    const result = await call(name, args, tenant);
    assert.equal(result.isError, true, `${name} should fail: ${textOf(result)}`);
    return textOf(result);
  }
  function needPrometheus(t: TestContext): boolean {
    const reason = h.cloud.prometheus.unavailable;
    if (reason === undefined) return true;
    process.stderr.write(`\n*** PROMETHEUS NOT INSTALLED — PromQL test skipped: ${reason} ***\n`);
    t.skip(`Prometheus unavailable: ${reason}`);
    return false;
  }
  const rowsIn = (rows: readonly LogRow[], from: number, to: number) => rows.filter((r) => r.__time__ >= from && r.__time__ < to);

  before(async () => {
    h = await startHarness({ prometheus: true });
    teamA = h.tenants[0]!;
    teamB = h.tenants[1]!;
    [prod, staging] = teamA.clusterIds as [string, string];
    data = teamB.clusterIds[0]!;
  });
  after(() => h.close());

  it('describe_cluster_observability: discovered values win over conventions, per value', async () => {
    const a = await ok<{
      log_project: Sourced;
      control_plane_components: string[];
      audit_project: Sourced;
      prometheus: { kind: string; source: string; public_url?: string };
      logstores: Array<{ project: string; names: string[] }>;
      metricstores: unknown[];
      account_id: string;
    }>('describe_cluster_observability', { cluster_id: prod });
    assert.deepEqual(a.log_project, { value: `k8s-log-${prod}`, source: 'discovered', via: 'CheckControlPlaneLogEnable' });
    assert.deepEqual(a.control_plane_components, ['apiserver', 'kcm', 'scheduler']);
    assert.equal(a.audit_project.source, 'discovered');
    assert.equal(a.prometheus.kind, 'arms');
    assert.equal(a.prometheus.source, 'discovered');
    assert.match(a.prometheus.public_url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/prometheus\//);
    const stores = a.logstores[0]!.names;
    for (const name of ['k8s-event', `audit-${prod}`, `apiserver-${prod}`, `kcm-${prod}`, 'nginx-ingress']) assert.ok(stores.includes(name), `${name} in ${stores}`);
    assert.deepEqual(a.metricstores, [], 'with ARMS discovered, the conventional metric project is not listed');

    // Control-plane logging and auditing off: the conventions fill in, and say so.
    const s = await ok<{ log_project: Sourced; audit_project: Sourced; audit_enabled: boolean; prometheus: { kind: string; source: string; project: string } }>(
      'describe_cluster_observability',
      { cluster_id: staging },
    );
    assert.deepEqual(s.log_project, { value: `k8s-log-${staging}`, source: 'convention', via: 'k8s-log-{cluster_id}' });
    assert.equal(s.audit_project.source, 'convention');
    assert.equal(s.audit_enabled, false);
    assert.deepEqual([s.prometheus.kind, s.prometheus.source], ['sls-metricstore', 'convention']);

    // team-b sends its audit log to a project of its own, and keeps metrics in an SLS MetricStore.
    const b = await ok<{ audit_project: Sourced; prometheus: { kind: string; metricstore: string }; metricstores: Array<{ names: string[] }>; logstores: Array<{ project: string; names: string[] }> }>(
      'describe_cluster_observability',
      { cluster_id: data },
      teamB,
    );
    assert.deepEqual(b.audit_project, { value: 'team-b-audit-logs', source: 'discovered', via: 'GetClusterAuditProject' });
    assert.equal(b.prometheus.kind, 'sls-metricstore');
    assert.deepEqual(b.metricstores[0]!.names, [`aliyun-prom-${data}`]);
    assert.ok(b.logstores.some((l) => l.project === 'team-b-audit-logs' && l.names.includes(`audit-${data}`)));
  });

  it('a failed discovery step falls back to the convention and says why', async () => {
    const viewer = h.viewer;
    const credential = h.emulator.state.credential(viewer.accessKeyId)!;
    credential.deniedActions.push('CheckControlPlaneLogEnable');
    try {
      const v = await ok<{ log_project: Sourced; notes: string[] }>('describe_cluster_observability', { cluster_id: staging }, viewer);
      assert.equal(v.log_project.source, 'convention');
      assert.match(v.notes.join(' '), /CheckControlPlaneLogEnable failed \(Forbidden\.RAM/);
    } finally {
      credential.deniedActions.length = 0;
    }
  });

  it('sls_execute_sql_query: search and SQL on the discovered project, answers checked against the stored rows', async () => {
    const to = Math.floor(Date.now() / 1000);
    const from = to - 3 * 3600;
    const events = rowsIn(h.cloud.sls.rows(`k8s-log-${prod}`, 'k8s-event'), from, to);
    const backoff = events.filter((r) => r['level'] === 'Warning' && r['reason'] === 'BackOff');
    assert.ok(backoff.length > 3, 'the seed has BackOff warnings');

    const search = await ok<SqlResult>('sls_execute_sql_query', { cluster_id: prod, query: 'level: Warning and reason: BackOff', from, to, limit: 3 });
    assert.equal(search.project.source, 'discovered');
    assert.deepEqual(search.logstore, { value: 'k8s-event', source: 'convention', via: 'k8s-event' });
    assert.equal(search.rows.length, 3);
    assert.equal(search.truncated, true);
    assert.equal(search.next_offset, 3);
    for (const row of search.rows) assert.match(row['message'] ?? '', /checkout-api/);
    const newest = Math.max(...backoff.map((r) => r.__time__));
    assert.equal(Number(search.rows[0]!['__time__']), newest, 'newest first');

    const expected = new Map<string, number>();
    for (const r of events) expected.set(String(r['reason']), (expected.get(String(r['reason'])) ?? 0) + 1);
    const sql = await ok<SqlResult>('sls_execute_sql_query', {
      cluster_id: prod,
      query: '* | select reason, count(*) as c group by reason order by c desc, reason',
      from,
      to,
      limit: 100,
    });
    assert.equal(sql.truncated, false);
    assert.deepEqual(new Map(sql.rows.map((r) => [r['reason']!, Number(r['c'])])), expected);

    const page1 = await ok<SqlResult>('sls_execute_sql_query', { cluster_id: prod, query: '* | select reason, count(*) as c group by reason order by c desc, reason', from, to, limit: 2 });
    assert.equal(page1.truncated, true);
    assert.match(page1.query, /limit 0,3$/);
    const page2 = await ok<SqlResult>('sls_execute_sql_query', {
      cluster_id: prod,
      query: '* | select reason, count(*) as c group by reason order by c desc, reason',
      from,
      to,
      limit: 2,
      offset: page1.next_offset,
    });
    assert.deepEqual([...page1.rows, ...page2.rows].map((r) => r['reason']), sql.rows.slice(0, 4).map((r) => r['reason']));
  });

  it('explicit project and logstore win; the audit logstore follows the discovered audit project', async () => {
    const audit = await ok<SqlResult>('sls_execute_sql_query', { cluster_id: data, logstore: `audit-${data}`, query: '* | select count(*) as n' }, teamB);
    assert.deepEqual(audit.project, { value: 'team-b-audit-logs', source: 'discovered', via: 'GetClusterAuditProject' });
    assert.ok(Number(audit.rows[0]!['n']) > 0);
    const explicit = await ok<SqlResult>(
      'sls_execute_sql_query',
      { cluster_id: data, project: `k8s-log-${data}`, logstore: 'nginx-ingress', query: 'status: 502 | select count(*) as n' },
      teamB,
    );
    assert.deepEqual(explicit.project, { value: `k8s-log-${data}`, source: 'argument', via: 'project' });
    assert.deepEqual(explicit.logstore, { value: 'nginx-ingress', source: 'argument', via: 'logstore' });
  });

  it('discovers once per (caller, cluster) across 50 calls, 25 of them concurrent', async () => {
    const viewer = h.viewer;
    const count = (action: string) => h.emulator.record.filter((r) => r.action === action && r.accessKeyId === viewer.accessKeyId && r.path.includes(prod)).length;
    const before = { detail: count('DescribeClusterDetail'), logs: count('CheckControlPlaneLogEnable'), audit: count('GetClusterAuditProject') };
    const arms = () => h.cloud.arms.record.filter((r) => r.api === 'GetPrometheusInstance' && r.accessKeyId === viewer.accessKeyId && r.clusterId === prod).length;
    const armsBefore = arms();
    const client = await connectV2(h.server.mcpUrl, h.headersFor(viewer));
    try {
      const one = () => client.callTool({ name: 'sls_execute_sql_query', arguments: { cluster_id: prod, query: '* | select count(*) as n' } }) as Promise<ToolResult>;
      const concurrent = await Promise.all(Array.from({ length: 25 }, one));
      for (let i = 0; i < 25; i++) concurrent.push(await one());
      for (const r of concurrent) assert.ok(!r.isError, textOf(r));
    } finally {
      await client.close();
    }
    assert.deepEqual(
      { detail: count('DescribeClusterDetail') - before.detail, logs: count('CheckControlPlaneLogEnable') - before.logs, audit: count('GetClusterAuditProject') - before.audit, arms: arms() - armsBefore },
      { detail: 1, logs: 1, audit: 1, arms: 1 },
    );
  });

  it('two tenants at once: every SLS and Prometheus request carries its own caller, and no result crosses over', async (t) => {
    const withMetrics = h.cloud.prometheus.unavailable === undefined;
    const slsBefore = h.cloud.sls.record.length;
    const armsBefore = h.cloud.arms.record.length;
    const work = (tenant: Tenant, cluster: string) =>
      Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0 || !withMetrics
          ? ok<SqlResult>('sls_execute_sql_query', { cluster_id: cluster, query: 'level: Warning | select name, count(*) as c group by name order by c desc' }, tenant)
          : ok<PromResult>('cms_execute_promql_query', { cluster_id: cluster, query: 'kube_pod_container_status_restarts_total' }, tenant),
      );
    const [a, b] = await Promise.all([Promise.all(work(teamA, prod)), Promise.all(work(teamB, data))]);
    const textA = JSON.stringify(a);
    const textB = JSON.stringify(b);
    assert.match(textA, /checkout-api/);
    assert.doesNotMatch(textA, /llm-serving|spark-driver/);
    assert.match(textB, /llm-serving/);
    assert.doesNotMatch(textB, /checkout-api|storefront/);

    const slsCalls = h.cloud.sls.record.slice(slsBefore);
    assert.ok(slsCalls.length >= 8);
    for (const r of slsCalls) {
      const owner = r.project === `k8s-log-${prod}` ? teamA : teamB;
      assert.equal(r.accessKeyId, owner.accessKeyId, `${r.api} on ${r.project} signed by its owner`);
      assert.equal(r.status, 200);
      if (owner === teamB) assert.equal(r.securityToken, teamB.headers['X-Aliyun-Security-Token']);
    }
    if (!withMetrics) return t.skip('Prometheus not installed: SQL half only');
    const armsCalls = h.cloud.arms.record.slice(armsBefore).filter((r) => r.api === 'PrometheusApi');
    assert.equal(armsCalls.length, 4);
    for (const r of armsCalls) assert.equal(r.accessKeyId, teamA.accessKeyId);
    const metricStoreCalls = slsCalls.filter((r) => r.api === 'PrometheusApi');
    assert.equal(metricStoreCalls.length, 4);
    for (const r of metricStoreCalls) {
      assert.equal(r.auth, 'basic');
      assert.equal(r.securityToken, teamB.headers['X-Aliyun-Security-Token'], 'STS password is secret$token');
    }
  });

  it('team-b cannot read team-a\'s logs even when naming team-a\'s project', async () => {
    const text = await fails('sls_execute_sql_query', { cluster_id: data, project: `k8s-log-${prod}`, query: '*' }, teamB);
    assert.match(text, /Unauthorized/);
    assert.match(text, /log:GetLogStoreLogs/);
  });

  it('bad input and backend errors come back clearly, with the backend\'s own message', async () => {
    const sql = await fails('sls_execute_sql_query', { cluster_id: prod, query: '* | select nope, count(*) group by nope' });
    assert.match(sql, /ParameterInvalid/);
    assert.match(sql, /no such column: nope/);
    assert.match(sql, /Next step: Fix the query/);

    const store = await fails('sls_execute_sql_query', { cluster_id: prod, logstore: 'no-such-store', query: '*' });
    assert.match(store, /LogStoreNotExist/);
    assert.match(store, /describe_cluster_observability/);

    assert.match(await fails('sls_execute_sql_query', { cluster_id: prod, query: '*', from: 'now', to: '1h' }), /to \(.*\) must be after from/);
    assert.match(await fails('sls_execute_sql_query', { cluster_id: prod, query: '*', from: 'last tuesday' }), /from: "last tuesday" is not a time/);
    assert.match(await fails('sls_execute_sql_query', { cluster_id: prod, query: '*', limit: 0 }), /limit: must be 1 or more/);
    assert.match(await fails('sls_execute_sql_query', { cluster_id: prod, query: '*', limit: 1000 }), /limit: must be at most 100/);

    const armsBefore = h.cloud.arms.record.length;
    const promql = await fails('cms_execute_promql_query', { cluster_id: prod, query: 'sum by (pod) (rate(container_cpu_usage_seconds_total[5m])' });
    assert.match(promql, /PromQL syntax error at line 1, column 58: unexpected end of query/);
    assert.match(promql, /\n {2}\^|\^$/m);
    assert.equal(h.cloud.arms.record.length, armsBefore, 'a syntax error never reaches the backend');
    assert.match(await fails('cms_execute_promql_query', { cluster_id: prod, query: 'up', start: 'now', end: '1h' }), /end \(.*\) must be after start/);
    assert.match(await fails('cms_execute_promql_query', { cluster_id: prod, query: 'up', end: 'now' }), /give start as well/);
  });

  it('an Incomplete result is repeated until complete; one that stays Incomplete is returned as partial', async () => {
    h.cloud.sls.faults.add({ api: 'GetLogs', kind: 'incomplete', times: 2 });
    const done = await ok<SqlResult>('sls_execute_sql_query', { cluster_id: prod, query: '* | select count(*) as n' });
    assert.equal(done.complete, true);
    assert.equal(done.attempts, 3);
    const progress = h.cloud.sls.record.slice(-3).map((r) => r.progress);
    assert.deepEqual(progress, ['Incomplete', 'Incomplete', 'Complete']);

    h.cloud.sls.faults.add({ api: 'GetLogs', kind: 'incomplete', times: 50 });
    try {
      const partial = await ok<SqlResult>('sls_execute_sql_query', { cluster_id: prod, query: 'level: Warning', limit: 5 });
      assert.equal(partial.complete, false);
      assert.equal(partial.attempts, h.config.SLS_QUERY_MAX_ATTEMPTS);
      assert.match(partial.notes.join(' '), /partial/);
    } finally {
      h.cloud.sls.faults.clear();
    }
  });

  it('cms_execute_promql_query: ARMS discovered for team-a, the conventional SLS MetricStore for team-b, arguments win', async (t) => {
    if (!needPrometheus(t)) return;
    const restarts = await ok<PromResult>('cms_execute_promql_query', {
      cluster_id: prod,
      query: 'kube_pod_container_status_restarts_total{namespace="payments"}',
    });
    assert.deepEqual([restarts.backend.source, restarts.backend.via], ['discovered', 'GetPrometheusInstance']);
    const checkout = restarts.series.find((s) => s.labels['pod'] === 'checkout-api-7d9c8b6f5-x2k4q');
    const value = Number(checkout?.value?.[1]);
    assert.ok(value >= 12 && value <= 16, `restart counter near 14, got ${value}`);

    const range = await ok<PromResult>('cms_execute_promql_query', { cluster_id: prod, query: 'sum(container_memory_working_set_bytes)', start: '1h' });
    assert.equal(range.result_type, 'matrix');
    assert.equal(range.step, 60);
    const points = range.series[0]!.values!.length;
    assert.ok(points > 50 && points <= h.config.PROMQL_MAX_POINTS, `${points} points`);

    const b = await ok<PromResult>('cms_execute_promql_query', { cluster_id: data, query: 'increase(kube_pod_container_status_restarts_total[1h]) > 0' }, teamB);
    assert.equal(b.backend.source, 'convention');
    assert.deepEqual(b.series.map((s) => s.labels['pod']), ['llm-serving-6f5d8c7b9-p4w8z']);

    const explicit = await ok<PromResult>(
      'cms_execute_promql_query',
      { cluster_id: data, query: 'up', project: `workspace-default-cms-${h.emulator.accounts[1]!.accountId}-cn-shanghai`, metricstore: `aliyun-prom-${data}` },
      teamB,
    );
    assert.equal(explicit.backend.source, 'argument');
    assert.ok(explicit.series.length > 0);

    const backendError = await fails('cms_execute_promql_query', { cluster_id: prod, query: 'rate(up)' });
    assert.match(backendError, /ARMS Prometheus query failed \(HTTP 400\), bad_data: .*range vector/);
    const missing = await fails('cms_execute_promql_query', { cluster_id: staging, query: 'up' });
    assert.match(missing, /SLS MetricStore query failed \(HTTP 404\)/);
    assert.match(missing, /describe_cluster_observability/);
  });

  it('natural language: text → SQL runs, a failing query is diagnosed, text → PromQL parses', async (t) => {
    const translated = await ok<{ query: string; logstore: Sourced }>('sls_translate_text_to_sql_query', {
      cluster_id: prod,
      text: 'count the BackOff warnings by name',
    });
    assert.match(translated.query, /BackOff/);
    const ran = await ok<SqlResult>('sls_execute_sql_query', { cluster_id: prod, query: translated.query });
    assert.ok(ran.rows.length > 0);
    const call = h.cloud.sls.record.filter((r) => r.api === 'CallAiTools').at(-1);
    assert.equal(call?.accessKeyId, teamA.accessKeyId);

    const diagnosed = await ok<{ error_message: string; diagnosis: string; ran_without_error: boolean }>('sls_diagnose_query', {
      cluster_id: prod,
      query: '* | select resaon, count(*) as c group by resaon',
    });
    assert.equal(diagnosed.ran_without_error, false);
    assert.match(diagnosed.error_message, /no such column: resaon/);
    assert.match(diagnosed.diagnosis, /reason/);
    const fine = await ok<{ ran_without_error: boolean }>('sls_diagnose_query', { cluster_id: prod, query: '* | select count(*) as n' });
    assert.equal(fine.ran_without_error, true);

    const promql = await ok<{ query: string; syntax_error?: string; metricstore: Sourced }>('cms_translate_text_to_promql', {
      cluster_id: data,
      text: 'which pods restarted in the last hour',
    }, teamB);
    assert.equal(promql.syntax_error, undefined);
    assert.equal(promql.metricstore.source, 'convention');
    if (!needPrometheus(t)) return;
    const result = await ok<PromResult>('cms_execute_promql_query', { cluster_id: data, query: promql.query }, teamB);
    assert.ok(result.series.some((s) => s.labels['pod'] === 'llm-serving-6f5d8c7b9-p4w8z'));
  });

  it('SLS_AI_TOOLS_ENABLED=false hides the three CallAiTools tools', async () => {
    const server = await startServer(loadConfig({ ...envOf(h), SLS_AI_TOOLS_ENABLED: 'false' }));
    try {
      const client = await connectV1(server.mcpUrl, h.headersFor(teamA));
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      await client.close();
      for (const hidden of ['sls_translate_text_to_sql_query', 'sls_diagnose_query', 'cms_translate_text_to_promql']) assert.ok(!names.includes(hidden), hidden);
      assert.ok(names.includes('sls_execute_sql_query'));
      const refused = await call('sls_diagnose_query', { cluster_id: prod, query: '*' }, teamA, server).catch((e: Error) => e);
      assert.match(String(refused instanceof Error ? refused.message : textOf(refused)), /switched off \(SLS_AI_TOOLS_ENABLED=false\)/);
    } finally {
      await server.shutdown(500);
    }
  });

  it('no AccessKey secret, STS token or Basic credential appears in logs or errors', () => {
    const basic = (tenant: Tenant) => {
      const token = tenant.headers['X-Aliyun-Security-Token'];
      const password = token ? `${tenant.headers['X-Aliyun-Access-Key-Secret']}$${token}` : tenant.headers['X-Aliyun-Access-Key-Secret']!;
      return Buffer.from(`${tenant.accessKeyId}:${password}`).toString('base64');
    };
    const everything = [...h.logs, ...errors].join('\n');
    assert.ok(errors.length > 5, 'errors were collected');
    for (const tenant of [teamA, teamB, h.viewer]) {
      for (const secret of [...tenant.secrets, basic(tenant)]) assert.ok(!everything.includes(secret), `a secret of ${tenant.name} leaked`);
    }
  });
});

/** The harness's settings as environment variables, for a second server on the same emulators. */
function envOf(h: Harness): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(h.config)) {
    if (value === undefined) continue;
    env[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return { ...env, MCP_PORT: '0' };
}
