// The real-Prometheus backend: demo data, per-cluster restriction, Prometheus' own errors. Needs the
// prometheus and promtool binaries (Debian package `prometheus`); without them those tests are skipped.
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { renderOpenMetrics } from './openmetrics.js';
import { restrictExpression } from './restrict.js';
import { demoSeries, prometheusBinaries, startPrometheus, unavailableBackend, type PrometheusBackend } from './index.js';

const A = 'c4f2a9e1b7d3c8a6f5e2d1b9c7a4e3f21';
const B = 'c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f43';
const A_PODS = ['checkout-api-7d9c8b6f5-x2k4q', 'ledger-worker-5f7b9c6d48-w7rtx', 'storefront-5b6d7c9f8-hk2vn', 'report-builder-28811520-6xq9d'];
const MiB = 1024 * 1024;

const binaries = prometheusBinaries();
const missing = 'missing' in binaries ? binaries.missing : undefined;
if (missing !== undefined) process.stderr.write(`\n*** PROMETHEUS NOT INSTALLED — PromQL tests skipped: ${missing} ***\n\n`);

function params(entries: Record<string, string | string[]>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(entries)) for (const each of [value].flat()) out.append(key, each);
  return out;
}

interface Sample {
  metric: Record<string, string>;
  value?: [number, string];
  values?: Array<[number, string]>;
}

describe('PromQL restriction (grammar only)', () => {
  it('adds the cluster matcher to every selector and replaces a caller-written one', () => {
    assert.equal(restrictExpression('up', 'c1'), 'up{cluster_id="c1"}');
    assert.equal(restrictExpression('up{cluster_id="other", job="x"}', 'c1'), 'up{job="x", cluster_id="c1"}');
    assert.equal(
      restrictExpression('sum by (pod) (rate(foo{a=~"b.*"}[5m])) / on(pod) max_over_time(bar[1h:5m]) or {__name__="baz"}', 'c1'),
      'sum by (pod) (rate(foo{a=~"b.*", cluster_id="c1"}[5m])) / on(pod) max_over_time(bar{cluster_id="c1"}[1h:5m]) or {__name__="baz", cluster_id="c1"}',
    );
    assert.equal(restrictExpression('foo offset 5m @ 100', 'c1'), 'foo{cluster_id="c1"} offset 5m @ 100');
  });

  it('reports an expression it cannot parse', () => {
    assert.equal(restrictExpression('sum(up', 'c1'), undefined);
    assert.equal(restrictExpression('up{', 'c1'), undefined);
  });
});

describe('OpenMetrics rendering', () => {
  it('names counter families without _total, escapes labels, skips NaN samples', () => {
    const text = renderOpenMetrics([
      { metric: 'x_total', type: 'counter', help: 'Xs.', labels: { cluster_id: 'c1', v: 'a"b\\c' }, value: (t) => (t < 120 ? NaN : t) },
    ], { fromSeconds: 0, toSeconds: 180, stepSeconds: 60 }, 0, 7200);
    assert.equal(text, '# HELP x Xs.\n# TYPE x counter\nx_total{cluster_id="c1",v="a\\"b\\\\c"} 120 120\nx_total{cluster_id="c1",v="a\\"b\\\\c"} 180 180\n# EOF\n');
  });
});

describe('without Prometheus', () => {
  it('an unavailable backend says why and answers 503 in Prometheus JSON', async () => {
    const backend = unavailableBackend('prometheus is not installed');
    const answer = await backend.api(A, 'query', params({ query: 'up' }));
    assert.equal(answer.status, 503);
    assert.deepEqual(JSON.parse(answer.body), { status: 'error', errorType: 'unavailable', error: 'Prometheus is not available: prometheus is not installed' });
  });

  it('startPrometheus does not throw when the binary is missing', async () => {
    const saved = process.env['PROMETHEUS_BIN'];
    process.env['PROMETHEUS_BIN'] = '/nonexistent/prometheus';
    try {
      const backend = await startPrometheus({ series: [] });
      assert.match(backend.unavailable ?? '', /PROMETHEUS_BIN=\/nonexistent\/prometheus/);
      assert.equal((await backend.api(A, 'query', params({ query: 'up' }))).status, 503);
      await backend.close();
    } finally {
      if (saved === undefined) delete process.env['PROMETHEUS_BIN'];
      else process.env['PROMETHEUS_BIN'] = saved;
    }
  });
});

describe('real Prometheus backend', () => {
  let prom: PrometheusBackend | undefined;
  const now = Math.floor(Date.now() / 1000);

  before(async () => {
    if (missing !== undefined) return;
    const started = Date.now();
    prom = await startPrometheus({
      series: demoSeries([
        { clusterId: A, scenario: 'team-a-prod', nodes: ['cn-hangzhou.10.0.1.23', 'cn-hangzhou.10.0.1.24', 'cn-hangzhou.10.0.1.25', 'cn-hangzhou.10.0.2.11', 'cn-hangzhou.10.0.2.12'] },
        { clusterId: B, scenario: 'team-b-data', nodes: ['cn-shanghai.10.2.1.41', 'cn-shanghai.10.2.1.42', 'cn-shanghai.10.2.3.7', 'cn-shanghai.10.2.3.8', 'cn-shanghai.10.2.3.9'] },
      ]),
    });
    process.stderr.write(`prometheus backend started in ${Date.now() - started} ms\n`);
  });
  after(async () => {
    await prom?.close();
  });

  /** Runs one API call; skips the test when Prometheus is not installed. */
  async function call(t: TestContext, clusterId: string, endpoint: string, entries: Record<string, string | string[]>): Promise<{ status: number; body: string; json: any }> {
    if (prom === undefined) {
      t.skip(`prometheus not installed: ${missing}`);
      return { status: 0, body: '', json: undefined };
    }
    const answer = await prom.api(clusterId, endpoint, params(entries));
    return { status: answer.status, body: answer.body, json: JSON.parse(answer.body) };
  }

  async function vector(t: TestContext, clusterId: string, query: string, time = now): Promise<Sample[]> {
    const { status, json, body } = await call(t, clusterId, 'query', { query, time: String(time) });
    if (status === 0) return [];
    assert.equal(status, 200, body);
    assert.equal(json.data.resultType, 'vector');
    return json.data.result as Sample[];
  }

  it('is available', (t) => {
    if (prom === undefined) return t.skip(`prometheus not installed: ${missing}`);
    assert.equal(prom.unavailable, undefined);
  });

  it('answers an instant query at now: the checkout-api restart counter is about 14', async (t) => {
    const result = await vector(t, A, 'kube_pod_container_status_restarts_total{namespace="payments", pod="checkout-api-7d9c8b6f5-x2k4q", container="checkout-api"}');
    if (prom === undefined) return;
    assert.equal(result.length, 1);
    const restarts = Number(result[0]?.value?.[1]);
    assert.ok(restarts >= 13 && restarts <= 15, `restarts = ${restarts}`);
  });

  it('tells the demo story', async (t) => {
    if (prom === undefined) return t.skip(`prometheus not installed: ${missing}`);
    const peak = await vector(t, A, 'max_over_time(container_memory_working_set_bytes{container="checkout-api"}[1h])');
    const peakMiB = Number(peak[0]?.value?.[1]) / MiB;
    assert.ok(peakMiB > 650 && peakMiB <= 768, `memory peak ${peakMiB} MiB`);
    assert.ok(Number((await vector(t, A, 'increase(kube_pod_container_status_restarts_total{container="checkout-api"}[1h])'))[0]?.value?.[1]) >= 6);
    const pending = await vector(t, A, 'kube_pod_status_phase{phase="Pending"} == 1');
    assert.deepEqual(pending.map((s) => s.metric['pod']), ['ledger-worker-5f7b9c6d48-w7rtx']);
    const notReady = await vector(t, B, 'kube_node_status_condition{condition="Ready", status="false"} == 1');
    assert.deepEqual(notReady.map((s) => s.metric['node']), ['cn-shanghai.10.2.3.8']);
    const llm = await vector(t, B, 'kube_pod_container_status_restarts_total{container="llm-serving"}');
    assert.equal(llm[0]?.value?.[1], '212');
    const errors = await vector(t, A, 'sum(rate(apiserver_request_total{code=~"5.."}[1h])) > 0');
    assert.equal(errors.length, 1);
    const up = await vector(t, A, 'count by (job) (up == 1)');
    assert.deepEqual(Object.fromEntries(up.map((s) => [s.metric['job'], s.value?.[1]])), { apiserver: '1', kubelet: '5' });
    // Data runs 24 h ahead, so a long-running sandbox still has a "now".
    assert.equal((await vector(t, A, 'up{job="apiserver"}', now + 20 * 3600)).length, 1);
  });

  it('answers a range query with a matrix', async (t) => {
    const { status, json, body } = await call(t, A, 'query_range', {
      query: 'kube_pod_container_status_restarts_total{container="checkout-api"}', start: String(now - 3600), end: String(now), step: '300',
    });
    if (status === 0) return;
    assert.equal(status, 200, body);
    assert.equal(json.data.resultType, 'matrix');
    const values = (json.data.result as Sample[])[0]?.values ?? [];
    assert.equal(values.length, 13);
    const counts = values.map(([, v]) => Number(v));
    assert.deepEqual(counts, [...counts].sort((x, y) => x - y), 'the counter only rises');
    assert.ok((counts.at(-1) ?? 0) - (counts[0] ?? 0) >= 6);
  });

  it('never lets one cluster see another, whatever the query says', async (t) => {
    const queries = [
      `kube_pod_container_status_restarts_total{cluster_id="${A}"}`,
      `kube_pod_status_phase{pod="checkout-api-7d9c8b6f5-x2k4q"}`,
      `{__name__=~".+", cluster_id=~".*"}`,
      `kube_pod_status_phase{cluster_id="${A}"} or up`,
      `kube_pod_status_phase{cluster_id="${A}"} or kube_pod_status_phase{cluster_id!="${B}"}`,
      `kube_pod_container_status_restarts_total{cluster_id="${A}"} * on(namespace, pod) group_left(phase) (kube_pod_status_phase{cluster_id="${A}"} == 1)`,
      `max_over_time(kube_pod_container_status_restarts_total{cluster_id=~".+"}[1h:5m])`,
      `count by (pod, cluster_id) (kube_pod_status_phase{cluster_id!="${B}"})`,
      `sum by (pod) (rate(container_cpu_usage_seconds_total{cluster_id="${A}"}[10m]))`,
      `label_replace(up{cluster_id="${A}"}, "pod", "$1", "instance", "(.*)")`,
    ];
    for (const query of queries) {
      const { status, body } = await call(t, B, 'query', { query, time: String(now) });
      if (status === 0) return;
      assert.equal(status, 200, `${query}: ${body}`);
      for (const pod of A_PODS) assert.ok(!body.includes(pod), `${query} leaked ${pod}: ${body}`);
      assert.ok(!body.includes(A) && !body.includes('cn-hangzhou'), `${query} leaked cluster A: ${body}`);
    }
    // absent() echoes the caller's equality matchers; 1 means cluster B has no such series.
    const absent = await vector(t, B, `absent(kube_pod_status_phase{cluster_id="${A}", pod="checkout-api-7d9c8b6f5-x2k4q"})`);
    assert.deepEqual(absent.map((s) => [s.metric, s.value?.[1]]), [[{ pod: 'checkout-api-7d9c8b6f5-x2k4q' }, '1']]);
    const everything = await vector(t, B, `{__name__=~".+", cluster_id="${A}"}`);
    assert.ok(everything.length > 20, 'the cluster_id matcher is replaced, not added to');
    assert.ok(everything.some((s) => s.metric['pod'] === 'llm-serving-6f5d8c7b9-p4w8z'));
  });

  it('restricts series, labels and label values', async (t) => {
    const series = await call(t, B, 'series', { 'match[]': [`{cluster_id="${A}", __name__="kube_pod_status_phase"}`, 'up'], start: String(now - 600), end: String(now) });
    if (series.status === 0) return;
    assert.equal(series.status, 200, series.body);
    assert.ok((series.json.data as unknown[]).length > 0);
    assert.ok(!series.body.includes('checkout-api') && !series.body.includes('cn-hangzhou'), series.body);

    const pods = await call(t, B, 'label/pod/values', {});
    assert.deepEqual(pods.json.data, ['coredns-6c8f9b7d4-8xw2n', 'coredns-6c8f9b7d4-qz7lm', 'llm-serving-6f5d8c7b9-p4w8z', 'spark-driver-etl-0']);
    const podsOfA = await call(t, A, 'label/pod/values', { 'match[]': 'kube_pod_status_phase{namespace="payments"}' });
    assert.deepEqual(podsOfA.json.data, ['checkout-api-7d9c8b6f5-x2k4q', 'ledger-worker-5f7b9c6d48-w7rtx']);
    const nodes = await call(t, B, 'label/node/values', { 'match[]': `{cluster_id="${A}"}` });
    assert.ok((nodes.json.data as string[]).every((node) => node.startsWith('cn-shanghai.')), nodes.body);

    const labels = await call(t, A, 'labels', {});
    assert.ok((labels.json.data as string[]).includes('pod'));
    assert.ok(!(labels.json.data as string[]).includes('cluster_id'), 'cluster_id is hidden');
    assert.deepEqual((await call(t, A, 'label/cluster_id/values', {})).json.data, []);
  });

  it('strips the cluster_id label from every answer', async (t) => {
    const instant = await call(t, A, 'query', { query: 'up', time: String(now) });
    if (instant.status === 0) return;
    const range = await call(t, A, 'query_range', { query: 'up', start: String(now - 600), end: String(now), step: '60' });
    const series = await call(t, A, 'series', { 'match[]': 'up' });
    for (const answer of [instant, range, series]) {
      assert.equal(answer.status, 200, answer.body);
      assert.ok(!answer.body.includes('cluster_id'), answer.body);
    }
    assert.equal((instant.json.data.result as Sample[]).length, 6);
    const manyToMany = await call(t, A, 'query', { query: 'kube_pod_container_status_restarts_total + on(pod) group_left kube_pod_status_phase' });
    assert.equal(manyToMany.status, 422);
    assert.equal(manyToMany.json.errorType, 'execution');
    assert.match(manyToMany.json.error, /many-to-many matching not allowed/);
    assert.ok(!manyToMany.body.includes('cluster_id'), manyToMany.body);
    assert.deepEqual(Object.keys((series.json.data as Array<Record<string, string>>)[0] ?? {}).sort(), ['__name__', 'instance', 'job']);
  });

  it("returns Prometheus' own bad_data errors for bad PromQL", async (t) => {
    const unclosed = await call(t, A, 'query', { query: 'sum(rate(kube_pod_container_status_restarts_total[5m])' });
    if (unclosed.status === 0) return;
    assert.equal(unclosed.status, 400);
    assert.equal(unclosed.json.status, 'error');
    assert.equal(unclosed.json.errorType, 'bad_data');
    assert.match(unclosed.json.error, /^invalid parameter "query": 1:\d+: parse error: unclosed left parenthesis/);

    // Parsable by the grammar but wrong for Prometheus: positions refer to the caller's text, not the rewritten one.
    const wrongType = await call(t, A, 'query', { query: 'up{job="kubelet"} + rate(up)' });
    assert.equal(wrongType.status, 400);
    assert.match(wrongType.json.error, /^invalid parameter "query": 1:26: parse error: expected type range vector in call to function "rate", got instant vector/);

    const badMatch = await call(t, A, 'series', { 'match[]': 'up == 1' });
    assert.equal(badMatch.status, 400);
    assert.equal(badMatch.json.errorType, 'bad_data');
  });

  it('answers 404 in Prometheus JSON for other endpoints', async (t) => {
    const { status, json } = await call(t, A, 'status/config', {});
    if (status === 0) return;
    assert.equal(status, 404);
    assert.equal(json.errorType, 'not_found');
  });
});
