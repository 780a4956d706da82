import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPromqlSyntax } from '../src/promql/check-syntax.js';
import { answerOf, withCurrentTime } from '../src/tools/ai-answer.js';
import { compactResult, stepFor } from '../src/tools/promql-result.js';
import { splitQuery, withRowWindow } from '../src/tools/sls-query.js';
import { toDurationSeconds, toEpochSeconds } from '../src/tools/time-range.js';

describe('time inputs', () => {
  const now = 1_800_000_000;
  it('accepts epoch seconds, now, durations ago and ISO-8601', () => {
    assert.equal(toEpochSeconds(1_700_000_000, now, 'from'), 1_700_000_000);
    assert.equal(toEpochSeconds('1700000000', now, 'from'), 1_700_000_000);
    assert.equal(toEpochSeconds('now', now, 'to'), now);
    assert.equal(toEpochSeconds('15m', now, 'from'), now - 900);
    assert.equal(toEpochSeconds('now-2h', now, 'from'), now - 7200);
    assert.equal(toEpochSeconds('-1d', now, 'from'), now - 86_400);
    assert.equal(toEpochSeconds('2026-11-21T08:00:00Z', now, 'from'), Date.parse('2026-11-21T08:00:00Z') / 1000);
  });
  it('names the argument and the accepted forms when a time is wrong', () => {
    assert.throws(() => toEpochSeconds('yesterday-ish', now, 'from'), /from: "yesterday-ish" is not a time; use epoch seconds/);
    assert.throws(() => toEpochSeconds(1_700_000_000_000, now, 'to'), /to: 1700000000000 looks like milliseconds; give epoch seconds \(1700000000\)/);
    assert.throws(() => toEpochSeconds(-5, now, 'from'), /from: must be epoch seconds/);
  });
  it('parses steps', () => {
    assert.equal(toDurationSeconds('30s', 'step'), 30);
    assert.equal(toDurationSeconds('5m', 'step'), 300);
    assert.equal(toDurationSeconds(15, 'step'), 15);
    assert.throws(() => toDurationSeconds('0s', 'step'), /step: must be more than zero/);
    assert.throws(() => toDurationSeconds('fast', 'step'), /step: "fast" is not a duration/);
  });
});

describe('SLS query parts', () => {
  it('splits search and SQL at the first pipe outside quotes', () => {
    assert.deepEqual(splitQuery('level: Warning | select count(*)'), { search: 'level: Warning', sql: 'select count(*)' });
    assert.deepEqual(splitQuery('message: "a | b" and x'), { search: 'message: "a | b" and x', sql: undefined });
    assert.deepEqual(splitQuery('| select 1'), { search: '*', sql: 'select 1' });
  });
  it('appends a row window only when the SQL has no LIMIT of its own', () => {
    assert.deepEqual(withRowWindow('* | select reason, count(*) as c group by reason', 20, 11), {
      query: '* | select reason, count(*) as c group by reason limit 20,11',
      applied: true,
    });
    assert.deepEqual(withRowWindow('* | select * limit 5', 0, 21), { query: '* | select * limit 5', applied: false });
    assert.deepEqual(withRowWindow('level: Warning', 0, 21), { query: 'level: Warning', applied: false });
  });
});

describe('PromQL syntax check (Prometheus grammar)', () => {
  it('accepts valid PromQL', () => {
    for (const q of ['up', 'sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="payments"}[5m]))', 'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))', 'increase(kube_pod_container_status_restarts_total[1h]) > 0']) {
      assert.equal(checkPromqlSyntax(q), undefined, q);
    }
  });
  it('reports the position of the first error', () => {
    assert.deepEqual(checkPromqlSyntax('sum by (pod) (up'), { offset: 16, line: 1, column: 17, message: 'unexpected end of query (an unclosed bracket or a missing operand?)' });
    assert.equal(checkPromqlSyntax('rate(x[5m]))')?.column, 12);
    assert.equal(checkPromqlSyntax('up\nand foo{')?.line, 2);
    assert.match(checkPromqlSyntax('my_rate(up[5m])')?.message ?? '', /unknown function "my_rate"/);
  });
});

describe('AI answers', () => {
  it('keeps what follows the answer marker, without later sections or code fences', () => {
    assert.equal(answerOf('------response------\n{"requestId":"x"}\n------answer------\n* | select 1\n'), '* | select 1');
    assert.equal(answerOf('------answer------\n```sql\n* | select 2\n```\n------sql------\nignored'), '* | select 2');
    assert.equal(answerOf('plain text'), 'plain text');
  });
  it('prefixes the current time the way the SLS tools expect', () => {
    assert.equal(withCurrentTime('q', new Date('2026-11-21T08:09:10Z')), '当前时间: 2026-11-21 08:09:10 (UTC), 问题:q');
  });
});

describe('PromQL result shaping', () => {
  it('caps series and keeps the newest points, numbers as numbers', () => {
    const values = Array.from({ length: 10 }, (_, i): [number, string] => [100 + i, String(i)]);
    const compact = compactResult(
      { resultType: 'matrix', result: [{ metric: { pod: 'a' }, values }, { metric: { pod: 'b' }, values: [[1, 'NaN']] }, { metric: { pod: 'c' }, values: [] }] },
      { maxSeries: 2, maxPoints: 3 },
    );
    assert.equal(compact.series_total, 3);
    assert.equal(compact.series_truncated, true);
    assert.equal(compact.points_truncated, true);
    assert.deepEqual(compact.series[0], { labels: { pod: 'a' }, values: [[107, 7], [108, 8], [109, 9]], points_total: 10 });
    assert.deepEqual(compact.series[1], { labels: { pod: 'b' }, values: [[1, 'NaN']] });
  });
  it('chooses a step that fits the point cap', () => {
    assert.equal(stepFor(3600, 120), 60);
    assert.equal(stepFor(6 * 3600, 120), 300);
    assert.ok(3600 / stepFor(3600, 11) <= 11);
  });
});
