// Drives the SLS emulator only through the real @alicloud/sls20201230 SDK (and, for the MetricStore's
// Prometheus API, which has no SDK method, through fetch with HTTP Basic auth).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SlsModule, * as $Sls from '@alicloud/sls20201230';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import type { Account, Credential } from '../ack/model.js';
import type { PrometheusAnswer, PrometheusBackend } from '../prometheus/backend.js';
import { installLocalDns } from '../../helpers/local-dns.js';
import { demoSlsProjects, startSlsEmulator, type DemoCluster, type LogRow, type SlsEmulator } from './index.js';

// The SDK is CommonJS with `exports.default = Client`; from ESM the default import is module.exports.
const Sls = SlsModule.default;
type SlsClient = InstanceType<typeof Sls>;

const A_ID = '1111222233334444';
const B_ID = '5555666677778888';
const A_LOGS = 'k8s-log-c-a1';
const A_MINIMAL = 'k8s-log-c-a2';
const A_METRICS = `workspace-default-cms-${A_ID}-cn-hangzhou`;
const B_LOGS = 'k8s-log-c-b1';
const B_AUDIT = 'team-b-audit';
const B_METRICS = `workspace-default-cms-${B_ID}-cn-shanghai`;

function makeAccount(name: string, accountId: string): Account {
  return { name, accountId, credentials: [] };
}

function makeCredential(account: Account, c: Omit<Credential, 'account' | 'deniedActions'>): Credential {
  const credential: Credential = { ...c, account, deniedActions: [] };
  account.credentials.push(credential);
  return credential;
}

const teamA = makeAccount('team-a', A_ID);
const teamB = makeAccount('team-b', B_ID);
const credA = makeCredential(teamA, {
  accessKeyId: 'LTAI5tTeamAOps00000001', accessKeySecret: 'teamASecretValue000000000000001', kind: 'ak', principal: `ack-ops@${A_ID}.onaliyun.com`,
});
const credB = makeCredential(teamB, {
  accessKeyId: 'STS.NTeamBRole000000001', accessKeySecret: 'teamBStsSecret0000000000000001', kind: 'sts',
  securityToken: 'CAIS-team-b-token+/==', expiresAt: Date.now() + 3_600_000, principal: 'AckOperatorRole/team-b',
});
const credBExpired = makeCredential(teamB, {
  accessKeyId: 'STS.NTeamBRole000000002', accessKeySecret: 'teamBStsSecret0000000000000002', kind: 'sts',
  securityToken: 'CAIS-team-b-old-token', expiresAt: Date.now() - 1000, principal: 'AckOperatorRole/team-b',
});
const credentials = new Map([credA, credB, credBExpired].map((c) => [c.accessKeyId, c]));

const CLUSTERS: DemoCluster[] = [
  { clusterId: 'c-a1', name: 'team-a-prod-hz', regionId: 'cn-hangzhou', accountId: A_ID, scenario: 'team-a-prod', controlPlaneComponents: ['apiserver', 'kcm', 'scheduler'], metricStore: true },
  { clusterId: 'c-a2', name: 'team-a-staging-bj', regionId: 'cn-beijing', accountId: A_ID, scenario: 'minimal', controlPlaneComponents: [] },
  { clusterId: 'c-b1', name: 'team-b-data-sh', regionId: 'cn-shanghai', accountId: B_ID, scenario: 'team-b-data', controlPlaneComponents: ['apiserver'], auditProject: B_AUDIT, metricStore: true },
];

interface Cred {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}

function client(emu: SlsEmulator, cred: Cred, extra: Partial<$OpenApiUtil.Config> = {}): SlsClient {
  return new Sls(new $OpenApiUtil.Config({
    accessKeyId: cred.accessKeyId,
    accessKeySecret: cred.accessKeySecret,
    ...(cred.securityToken === undefined ? {} : { securityToken: cred.securityToken }),
    endpoint: emu.endpoint,
    protocol: 'http',
    readTimeout: 10_000,
    connectTimeout: 10_000,
    ...extra,
  }));
}

/** Awaits a promise that must reject with an SLS error; returns it after checking code and status. */
async function rejection(promise: Promise<unknown>, code: string, statusCode?: number): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    const e = error as Record<string, unknown>;
    assert.equal(e['code'], code, `expected ${code}, got ${String(e['code'])}: ${String(e['message'])}`);
    if (statusCode !== undefined) assert.equal(e['statusCode'], statusCode);
    return e;
  }
  assert.fail(`expected the call to fail with ${code}`);
}

function bodyOf<T>(response: { body?: T }): T {
  assert.ok(response.body, 'response has a body');
  return response.body;
}

const nowSec = (): number => Math.floor(Date.now() / 1000);

/** What GetLogs should return for a search-only query, computed from the stored rows without the emulator. */
function expectedPage(rows: readonly LogRow[], keep: (r: LogRow) => boolean, from: number, to: number, opts: { offset?: number; line?: number; reverse?: boolean } = {}): Array<Record<string, string>> {
  const hits = rows.filter((r) => r.__time__ >= from && r.__time__ < to && keep(r))
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.__time__ - b.r.__time__ || a.i - b.i)
    .map(({ r }) => r);
  if (opts.reverse) hits.reverse();
  const offset = opts.offset ?? 0;
  return hits.slice(offset, offset + (opts.line ?? 100)).map((r) => {
    const out: Record<string, string> = { __source__: '', __topic__: '' };
    for (const [k, v] of Object.entries(r)) out[k] = String(v);
    return out;
  });
}

function countBy(rows: readonly LogRow[], key: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(String(r[key]), (counts.get(String(r[key])) ?? 0) + 1);
  return counts;
}

const utc = (sec: number): Date => new Date(sec * 1000);
const pad = (n: number): string => String(n).padStart(2, '0');
const fromUnixtime = (sec: number): string => {
  const d = utc(sec);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.000`;
};

/** The text after `------answer------\n` of a CallAiTools answer, after checking the envelope. */
function aiAnswer(body: string, toolName: string): string {
  const m = /^------response------\n(\{.*\})\n------answer------\n([\s\S]*)$/.exec(body);
  assert.ok(m, `unexpected CallAiTools body: ${body}`);
  const meta = JSON.parse(m[1] ?? '{}') as { requestId?: string; toolName?: string };
  assert.equal(meta.toolName, toolName);
  assert.match(meta.requestId ?? '', /^[0-9A-F]{24}$/);
  return m[2] ?? '';
}

class RecordingPrometheus implements PrometheusBackend {
  readonly unavailable: string | undefined = undefined;
  readonly calls: Array<{ clusterId: string; endpoint: string; params: Record<string, string> }> = [];
  static readonly BODY = '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"apiserver"},"value":[1700000000,"1"]}]}}';

  async api(clusterId: string, endpoint: string, params: URLSearchParams): Promise<PrometheusAnswer> {
    this.calls.push({ clusterId, endpoint, params: Object.fromEntries(params) });
    return { status: 200, contentType: 'application/json', body: RecordingPrometheus.BODY };
  }

  async close(): Promise<void> {}
}

describe('SLS emulator through the real SLS SDK', () => {
  let emu: SlsEmulator;
  let prometheus: RecordingPrometheus;
  let a: SlsClient;
  let b: SlsClient;

  before(async () => {
    installLocalDns();
    prometheus = new RecordingPrometheus();
    emu = await startSlsEmulator({ lookup: (ak) => credentials.get(ak), projects: demoSlsProjects(CLUSTERS), prometheus });
    a = client(emu, credA);
    b = client(emu, credB);
  });

  after(async () => {
    await emu.close();
  });

  const lastRecord = () => {
    const record = emu.record.at(-1);
    assert.ok(record, 'a call was recorded');
    return record;
  };

  const getLogs = (c: SlsClient, project: string, logstore: string, request: Partial<$Sls.GetLogsRequest>) =>
    c.getLogs(project, logstore, new $Sls.GetLogsRequest({ from: nowSec() - 3 * 3600, to: nowSec() + 60, ...request }));

  describe('projects and stores', () => {
    it('ListProject returns only the caller account\'s projects', async () => {
      const listA = bodyOf(await a.listProject(new $Sls.ListProjectRequest({ offset: 0, size: 100 })));
      assert.deepEqual(listA.projects?.map((p) => p.projectName), [A_LOGS, A_MINIMAL, A_METRICS]);
      assert.equal(listA.total, 3);
      assert.equal(listA.count, 3);
      const listB = bodyOf(await b.listProject(new $Sls.ListProjectRequest({ projectName: 'k8s' })));
      assert.deepEqual(listB.projects?.map((p) => p.projectName), [B_LOGS]);
      const record = lastRecord();
      assert.equal(record.api, 'ListProject');
      assert.equal(record.project, undefined);
    });

    it('GetProject describes the project', async () => {
      const project = bodyOf(await b.getProject(B_LOGS));
      assert.equal(project.projectName, B_LOGS);
      assert.equal(project.region, 'cn-shanghai');
      assert.equal(project.owner, B_ID);
      assert.equal(project.status, 'Normal');
      assert.match(project.description ?? '', /c-b1/);
      assert.match(project.createTime ?? '', /^\d{10}$/);
    });

    it('ListLogStores and ListMetricStores list what the project holds', async () => {
      const logstores = bodyOf(await a.listLogStores(A_LOGS, new $Sls.ListLogStoresRequest({})));
      assert.deepEqual(logstores.logstores, ['apiserver-c-a1', 'audit-c-a1', 'k8s-event', 'kcm-c-a1', 'nginx-ingress', 'scheduler-c-a1']);
      const filtered = bodyOf(await a.listLogStores(A_LOGS, new $Sls.ListLogStoresRequest({ logstoreName: 'c-a1', size: 2 })));
      assert.deepEqual({ count: filtered.count, total: filtered.total, names: filtered.logstores }, { count: 2, total: 4, names: ['apiserver-c-a1', 'audit-c-a1'] });
      // team-b's audit logstore lives in its own project.
      assert.deepEqual(bodyOf(await b.listLogStores(B_LOGS, new $Sls.ListLogStoresRequest({}))).logstores, ['apiserver-c-b1', 'k8s-event', 'nginx-ingress']);
      assert.deepEqual(bodyOf(await b.listLogStores(B_AUDIT, new $Sls.ListLogStoresRequest({}))).logstores, ['audit-c-b1']);
      assert.deepEqual(bodyOf(await a.listLogStores(A_METRICS, new $Sls.ListLogStoresRequest({ telemetryType: 'Metrics' }))).logstores, ['aliyun-prom-c-a1']);
      assert.deepEqual(bodyOf(await a.listLogStores(A_METRICS, new $Sls.ListLogStoresRequest({}))).logstores, []);
      assert.deepEqual(bodyOf(await b.listMetricStores(B_METRICS, new $Sls.ListMetricStoresRequest({}))).metricstores, ['aliyun-prom-c-b1']);
    });
  });

  describe('GetLogs: search', () => {
    it('returns the matching rows of the window, oldest first, with the GetLogs headers', async () => {
      const from = nowSec() - 3 * 3600;
      const to = nowSec() + 60;
      const response = await getLogs(a, A_LOGS, 'k8s-event', { from, to, query: 'level: Warning and reason: BackOff' });
      const expected = expectedPage(emu.rows(A_LOGS, 'k8s-event'), (r) => r['level'] === 'Warning' && r['reason'] === 'BackOff', from, to);
      assert.ok(expected.length > 30);
      assert.deepEqual(response.body, expected);
      assert.equal(response.headers?.['x-log-progress'], 'Complete');
      assert.equal(response.headers?.['x-log-count'], String(expected.length));
      assert.equal(response.headers?.['x-log-has-sql'], 'false');
      assert.equal(response.headers?.['x-log-where-query'], 'level: Warning and reason: BackOff');
      assert.match(response.headers?.['x-log-requestid'] ?? '', /^[0-9A-F]{24}$/);
      assert.ok(JSON.parse(response.headers?.['x-log-query-info'] ?? '{}'));
    });

    it('pages with line, offset and reverse', async () => {
      const from = nowSec() - 3 * 3600;
      const to = nowSec() + 60;
      const rows = emu.rows(A_LOGS, 'nginx-ingress');
      const newest = await getLogs(a, A_LOGS, 'nginx-ingress', { from, to, query: '*', line: 10, offset: 5, reverse: true });
      assert.deepEqual(newest.body, expectedPage(rows, () => true, from, to, { line: 10, offset: 5, reverse: true }));
      assert.equal(newest.body?.length, 10);
      const oldest = await getLogs(a, A_LOGS, 'nginx-ingress', { from, to, line: 7 });
      assert.deepEqual(oldest.body, expectedPage(rows, () => true, from, to, { line: 7 }));
      const beyond = await getLogs(a, A_LOGS, 'nginx-ingress', { from, to, offset: rows.length });
      assert.deepEqual(beyond.body, []);
    });

    it('keeps the window half-open: [from, to)', async () => {
      const rows = emu.rows(A_LOGS, 'audit-c-a1');
      const times = [...new Set(rows.map((r) => r.__time__))].sort((x, y) => x - y);
      const from = times[10] ?? 0;
      const to = times[40] ?? 0;
      const response = await getLogs(a, A_LOGS, 'audit-c-a1', { from, to, query: '*' });
      const expected = expectedPage(rows, () => true, from, to);
      assert.deepEqual(response.body, expected);
      assert.ok(expected.some((r) => r['__time__'] === String(from)));
      assert.ok(!expected.some((r) => r['__time__'] === String(to)));
    });

    it('evaluates or/not/parentheses, prefixes, phrases, full text and numeric comparisons', async () => {
      const from = nowSec() - 3 * 3600;
      const to = nowSec() + 60;
      const events = emu.rows(A_LOGS, 'k8s-event');
      const audit = emu.rows(A_LOGS, 'audit-c-a1');
      const cases: Array<[string, readonly LogRow[], string, (r: LogRow) => boolean]> = [
        ['k8s-event', events, '(reason: BackOff or reason: OOMKilling) and not namespace: payments', (r) => r['reason'] === 'OOMKilling'],
        ['k8s-event', events, 'reason: Failed* and NAMESPACE: payments', () => false],
        ['k8s-event', events, 'reason: Failed* and namespace: PAYMENTS', (r) => String(r['reason']).startsWith('Failed')],
        ['k8s-event', events, 'message: "Insufficient memory"', (r) => String(r['message']).includes('Insufficient memory')],
        ['k8s-event', events, 'name: checkout-api-7d9c8b6f5-x2k4q and level: warning', (r) => r['name'] === 'checkout-api-7d9c8b6f5-x2k4q' && r['level'] === 'Warning'],
        ['k8s-event', events, 'oomkilled OR "java"', (r) => Object.values(r).some((v) => /oomkilled|java/i.test(String(v)))],
        ['audit-c-a1', audit, 'responseStatus.code >= 400 and not verb: delete', (r) => Number(r['responseStatus.code']) >= 400 && r['verb'] !== 'delete'],
        ['audit-c-a1', audit, 'user.username: ack-ops* and verb: delete and objectRef.resource: pods', (r) => String(r['user.username']).startsWith('ack-ops') && r['verb'] === 'delete'],
      ];
      for (const [logstore, rows, query, keep] of cases) {
        const response = await getLogs(a, A_LOGS, logstore, { from, to, query });
        assert.deepEqual(response.body, expectedPage(rows, keep, from, to), query);
      }
    });

    it('serves GetLogsV2 uncompressed with its meta block', async () => {
      const from = nowSec() - 3 * 3600;
      const to = nowSec() + 60;
      const response = await b.getLogsV2WithOptions(B_LOGS, 'k8s-event',
        new $Sls.GetLogsV2Request({ from, to, query: 'reason: GPUXidError', line: 100, reverse: false }),
        new $Sls.GetLogsV2Headers({}), new $dara.RuntimeOptions({}));
      const body = bodyOf(response);
      const expected = expectedPage(emu.rows(B_LOGS, 'k8s-event'), (r) => r['reason'] === 'GPUXidError', from, to);
      assert.deepEqual(body.data, expected);
      assert.equal(body.meta?.progress, 'Complete');
      assert.equal(body.meta?.count, expected.length);
      assert.equal(body.meta?.hasSQL, false);
      assert.equal(lastRecord().api, 'GetLogsV2');
      assert.equal(lastRecord().query, 'reason: GPUXidError');
    });
  });

  describe('GetLogs: SQL on the embedded engine', () => {
    it('groups with and without FROM', async () => {
      const from = nowSec() - 3 * 3600;
      const to = nowSec() + 60;
      const inWindow = emu.rows(A_LOGS, 'k8s-event').filter((r) => r.__time__ >= from && r.__time__ < to && r['level'] === 'Warning');
      const counts = countBy(inWindow, 'reason');
      const expected = [...counts].sort(([ra, ca], [rb, cb]) => cb - ca || ra.localeCompare(rb)).map(([reason, c]) => ({ reason, c: String(c) }));
      for (const query of [
        'level: Warning | select reason, count(*) as c group by reason order by c desc, reason',
        'level: Warning | SELECT reason, count(*) AS c FROM log GROUP BY reason ORDER BY c DESC, reason',
      ]) {
        const response = await getLogs(a, A_LOGS, 'k8s-event', { from, to, query });
        assert.deepEqual(response.body, expected, query);
        assert.equal(response.headers?.['x-log-has-sql'], 'true');
        assert.equal(response.headers?.['x-log-where-query'], 'level: Warning');
      }
      const dotted = await getLogs(a, A_LOGS, 'audit-c-a1', { from, to, query: 'verb: delete | select "user.username" as who, count(*) as n group by "user.username"' });
      assert.deepEqual(dotted.body, [{ who: `ack-ops@${A_ID}.onaliyun.com`, n: String(emu.rows(A_LOGS, 'audit-c-a1').filter((r) => r['verb'] === 'delete').length) }]);
    });

    it('provides SLS time functions', async () => {
      const from = nowSec() - 3 * 3600;
      const to = nowSec() + 60;
      const times = emu.rows(A_LOGS, 'k8s-event').filter((r) => r['level'] === 'Warning' && r.__time__ >= from && r.__time__ < to).map((r) => r.__time__);
      const first = Math.min(...times);
      const last = Math.max(...times);
      const response = await getLogs(a, A_LOGS, 'k8s-event', {
        from, to,
        query: `level: Warning | select from_unixtime(max(__time__)) as last, date_format(from_unixtime(min(__time__)), '%Y-%m-%d %H:%i') as first, date_trunc('hour', max(__time__)) as hour, strpos('abc', 'c') as p, split_part('a/b/c', '/', 2) as part`,
      });
      const d = utc(first);
      assert.deepEqual(response.body, [{
        last: fromUnixtime(last),
        first: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
        hour: String(last - (last % 3600)),
        p: '3',
        part: 'b',
      }]);
    });

    it('caps a statement without LIMIT at 100 rows and renders NULL as "null"', async () => {
      const total = emu.rows(A_LOGS, 'audit-c-a1').length;
      assert.ok(total > 150);
      const capped = await getLogs(a, A_LOGS, 'audit-c-a1', { query: '* | select __time__' });
      assert.equal(capped.body?.length, 100);
      const limited = await getLogs(a, A_LOGS, 'audit-c-a1', { query: '* | select __time__ limit 150' });
      assert.equal(limited.body?.length, 150);
      const nulls = await getLogs(a, A_LOGS, 'audit-c-a1', { query: '* | select null as missing, json_extract_scalar(\'{"a":{"b":7}}\', \'$.a.b\') as b limit 1' });
      assert.deepEqual(nulls.body, [{ missing: 'null', b: '7' }]);
    });

    it('answers bad SQL with ParameterInvalid carrying the engine message', async () => {
      const plain = await rejection(getLogs(a, A_LOGS, 'k8s-event', { query: '* | select nope from log' }), 'ParameterInvalid', 400);
      assert.match(String(plain['message']), /sql error: no such column: nope/);
      // A double-quoted unknown column is an error too (SQLite alone would read it as a string).
      const quoted = await rejection(getLogs(a, A_LOGS, 'audit-c-a1', { query: '* | select "objectRef.resourc"' }), 'ParameterInvalid', 400);
      assert.match(String(quoted['message']), /no such column: objectRef\.resourc/);
      const syntax = await rejection(getLogs(a, A_LOGS, 'k8s-event', { query: '* | selec reason' }), 'ParameterInvalid', 400);
      assert.match(String(syntax['message']), /syntax error/);
      const record = lastRecord();
      assert.deepEqual({ api: record.api, status: record.status, errorCode: record.errorCode, query: record.query }, { api: 'GetLogs', status: 400, errorCode: 'ParameterInvalid', query: '* | selec reason' });
      assert.equal((syntax['data'] as { requestId?: string }).requestId, record.requestId);
    });

    it('validates the search syntax and the paging parameters', async () => {
      await rejection(getLogs(a, A_LOGS, 'k8s-event', { query: 'level: (Warning' }), 'ParameterInvalid', 400);
      await rejection(getLogs(a, A_LOGS, 'k8s-event', { query: '*', line: 101 }), 'ParameterInvalid', 400);
      const backwards = await rejection(getLogs(a, A_LOGS, 'k8s-event', { from: nowSec(), to: nowSec() - 60 }), 'ParameterInvalid', 400);
      assert.match(String(backwards['message']), /from must be earlier than to/);
    });
  });

  describe('tenancy, RAM and missing resources', () => {
    it('reports unknown logstores and projects', async () => {
      const noStore = await rejection(getLogs(a, A_LOGS, 'nope', { query: '*' }), 'LogStoreNotExist', 404);
      assert.match(String(noStore['message']), /logstore nope does not exist/);
      await rejection(getLogs(a, 'k8s-log-nope', 'k8s-event', { query: '*' }), 'ProjectNotExist', 404);
      await rejection(a.getProject('k8s-log-nope'), 'ProjectNotExist', 404);
    });

    it('denies another account\'s project as Unauthorized naming the action and resource', async () => {
      const e = await rejection(getLogs(a, B_LOGS, 'k8s-event', { query: '*' }), 'Unauthorized', 401);
      assert.match(String(e['message']), new RegExp(`denied by sts or ram, action: log:GetLogStoreLogs, resource: acs:log:cn-shanghai:${B_ID}:project/${B_LOGS}/logstore/k8s-event`));
      const project = await rejection(b.getProject(A_LOGS), 'Unauthorized', 401);
      assert.match(String(project['message']), /action: log:GetProject/);
      await rejection(b.listLogStores(A_LOGS, new $Sls.ListLogStoresRequest({})), 'Unauthorized', 401);
    });

    it('applies the credential\'s RAM denials', async () => {
      try {
        credA.deniedActions = ['log:GetLogStoreLogs'];
        const e = await rejection(getLogs(a, A_LOGS, 'k8s-event', { query: '*' }), 'Unauthorized', 401);
        assert.match(String(e['message']), /action: log:GetLogStoreLogs/);
        assert.ok(bodyOf(await a.listLogStores(A_LOGS, new $Sls.ListLogStoresRequest({}))).logstores?.length);
        credA.deniedActions = ['log:*'];
        const list = await rejection(a.listProject(new $Sls.ListProjectRequest({})), 'Unauthorized', 401);
        assert.match(String(list['message']), new RegExp(`action: log:ListProject, resource: acs:log:\\*:${A_ID}:project/\\*`));
        credA.deniedActions = ['log:CallAiTools'];
        await rejection(a.callAiTools(new $Sls.CallAiToolsRequest({ toolName: 'text_to_sql', regionId: 'cn-hangzhou', params: { project: A_LOGS, logstore: 'k8s-event', 'sys.query': 'x' } })), 'Unauthorized', 401);
      } finally {
        credA.deniedActions = [];
      }
    });
  });

  describe('signatures and credentials', () => {
    it('records who signed each call', async () => {
      await getLogs(a, A_LOGS, 'k8s-event', { query: 'level: Warning' });
      const akCall = lastRecord();
      assert.deepEqual(
        { api: akCall.api, auth: akCall.auth, ak: akCall.accessKeyId, token: akCall.securityToken, account: akCall.account, principal: akCall.principal, project: akCall.project, logstore: akCall.logstore, query: akCall.query, status: akCall.status },
        { api: 'GetLogs', auth: 'signature', ak: credA.accessKeyId, token: undefined, account: 'team-a', principal: credA.principal, project: A_LOGS, logstore: 'k8s-event', query: 'level: Warning', status: 200 },
      );
      assert.match(akCall.host, new RegExp(`^${A_LOGS}\\.localhost:${emu.port}$`));
      await getLogs(b, B_LOGS, 'k8s-event', { query: '*' });
      const stsCall = lastRecord();
      assert.deepEqual(
        { ak: stsCall.accessKeyId, token: stsCall.securityToken, account: stsCall.account, accountId: stsCall.accountId, seq: stsCall.seq },
        { ak: credB.accessKeyId, token: credB.securityToken, account: 'team-b', accountId: B_ID, seq: akCall.seq + 1 },
      );
    });

    it('rejects a wrong secret, an unknown AccessKey and bad STS tokens', async () => {
      await rejection(client(emu, { ...credA, accessKeySecret: `${credA.accessKeySecret}x` }).listProject(new $Sls.ListProjectRequest({})), 'SignatureNotMatch', 401);
      assert.equal(lastRecord().accessKeyId, credA.accessKeyId);
      await rejection(client(emu, { accessKeyId: 'LTAI5tUnknown', accessKeySecret: 'x' }).listProject(new $Sls.ListProjectRequest({})), 'InvalidAccessKeyId', 401);
      const wrongToken = await rejection(client(emu, { ...credB, securityToken: 'CAIS-stolen' }).getProject(B_LOGS), 'Unauthorized', 401);
      assert.match(String(wrongToken['message']), /security token does not match/);
      assert.equal(lastRecord().securityToken, 'CAIS-stolen');
      const noToken = await rejection(client(emu, { accessKeyId: credB.accessKeyId, accessKeySecret: credB.accessKeySecret }).getProject(B_LOGS), 'Unauthorized', 401);
      assert.match(String(noToken['message']), /requires a security token/);
      const expired = await rejection(client(emu, credBExpired).getProject(B_LOGS), 'Unauthorized', 401);
      assert.match(String(expired['message']), /expired/);
      const tokenWithAk = await rejection(client(emu, { ...credA, securityToken: 'CAIS-x' }).getProject(A_LOGS), 'Unauthorized', 401);
      assert.match(String(tokenWithAk['message']), /not an STS key/);
    });

    it('rejects a request dated more than 15 minutes away', async (t) => {
      // The SDK dates requests with `new Date().toUTCString()`; skew only that, the emulator's clock stays right.
      const toUTCString = Date.prototype.toUTCString;
      t.mock.method(Date.prototype, 'toUTCString', function (this: Date) {
        return toUTCString.call(new Date(this.getTime() - 20 * 60_000));
      });
      await rejection(a.getProject(A_LOGS), 'RequestTimeExpired', 400);
      t.mock.restoreAll();
      assert.equal(bodyOf(await a.getProject(A_LOGS)).projectName, A_LOGS);
    });

    it('verifies SLS v4 signatures too', async () => {
      const v4 = client(emu, credB, { signatureVersion: 'v4', regionId: 'cn-shanghai' });
      // Two `*` in the query exercise the SDK's first-occurrence-only percent-encoding quirk.
      const response = await getLogs(v4, B_LOGS, 'k8s-event', { query: 'reason: Back* and level: Warn*', line: 3 });
      assert.equal(response.body?.length, 3);
      const wrong = client(emu, { ...credB, accessKeySecret: 'nope' }, { signatureVersion: 'v4', regionId: 'cn-shanghai' });
      await rejection(wrong.getProject(B_LOGS), 'SignatureNotMatch', 401);
    });
  });

  describe('faults', () => {
    it('an incomplete answer carries half the rows, then the retry is complete', async () => {
      const query = 'level: Warning';
      const complete = expectedPage(emu.rows(A_LOGS, 'k8s-event'), (r) => r['level'] === 'Warning', nowSec() - 3 * 3600, nowSec() + 60);
      emu.faults.add({ api: 'GetLogs', kind: 'incomplete' });
      assert.deepEqual(emu.faults.pending(), [{ api: 'GetLogs', kind: 'incomplete', remaining: 1 }]);
      const first = await getLogs(a, A_LOGS, 'k8s-event', { query });
      assert.equal(first.headers?.['x-log-progress'], 'Incomplete');
      assert.equal(first.body?.length, Math.floor(complete.length / 2));
      assert.deepEqual({ progress: lastRecord().progress, fault: lastRecord().fault }, { progress: 'Incomplete', fault: 'incomplete' });
      const second = await getLogs(a, A_LOGS, 'k8s-event', { query });
      assert.equal(second.headers?.['x-log-progress'], 'Complete');
      assert.deepEqual(second.body, complete);
      assert.deepEqual(emu.faults.pending(), []);
    });

    it('injects server errors, throttling, resets and latency after authentication', async () => {
      emu.faults.add({ api: 'GetProject', kind: 'server-error' });
      await rejection(a.getProject(A_LOGS), 'InternalServerError', 500);
      emu.faults.add({ kind: 'throttling' });
      await rejection(a.getProject(A_LOGS), 'ReadQuotaExceed', 429);
      // A rejected signature does not consume a fault.
      emu.faults.add({ kind: 'reset' });
      await rejection(client(emu, { ...credA, accessKeySecret: 'bad' }).getProject(A_LOGS), 'SignatureNotMatch', 401);
      await assert.rejects(a.getProject(A_LOGS), (e: Record<string, unknown>) => e['statusCode'] === undefined);
      assert.deepEqual({ status: lastRecord().status, fault: lastRecord().fault }, { status: 0, fault: 'reset' });
      emu.faults.add({ kind: 'latency', latencyMs: 120 });
      const started = Date.now();
      await a.getProject(A_LOGS);
      assert.ok(Date.now() - started >= 110);
      emu.faults.add({ kind: 'server-error', times: 3 });
      emu.faults.clear();
      assert.deepEqual(emu.faults.pending(), []);
    });
  });

  describe('CallAiTools', () => {
    const call = (c: SlsClient, toolName: string, params: Record<string, string>) =>
      c.callAiTools(new $Sls.CallAiToolsRequest({ toolName, regionId: 'cn-shanghai', params }));

    it('text_to_sql builds a query that runs on GetLogs', async () => {
      const from = nowSec() - 3 * 3600;
      const to = nowSec() + 60;
      const answer = aiAnswer(bodyOf(await call(a, 'text_to_sql', {
        project: A_LOGS, logstore: 'k8s-event', 'sys.query': 'The current time is 2026-11-21 10:00:00. How many Warning events per reason?',
      })), 'text_to_sql');
      assert.equal(answer, 'level: Warning | select reason, count(*) as count group by reason order by count desc limit 10');
      const response = await getLogs(a, A_LOGS, 'k8s-event', { from, to, query: answer });
      const counts = countBy(emu.rows(A_LOGS, 'k8s-event').filter((r) => r['level'] === 'Warning' && r.__time__ >= from && r.__time__ < to), 'reason');
      assert.ok((response.body?.length ?? 0) > 0);
      for (const row of response.body ?? []) assert.equal(row['count'], String(counts.get(String(row['reason']))));

      const deletions = aiAnswer(bodyOf(await call(b, 'text_to_sql', { project: B_AUDIT, logstore: 'audit-c-b1', 'sys.query': 'count pod deletions by user' })), 'text_to_sql');
      assert.match(deletions, /verb: delete/);
      assert.match(deletions, /group by "user\.username"/);
      const rows = (await getLogs(b, B_AUDIT, 'audit-c-b1', { from, to, query: deletions })).body ?? [];
      assert.ok(rows.some((r) => r['user.username'] === 'system:serviceaccount:analytics:spark'));

      const listing = aiAnswer(bodyOf(await call(a, 'text_to_sql', { project: A_LOGS, logstore: 'nginx-ingress', 'sys.query': 'show me the 502 responses' })), 'text_to_sql');
      assert.equal(listing, 'status: 502 | select * order by __time__ desc limit 20');
      const listed = (await getLogs(a, A_LOGS, 'nginx-ingress', { from, to, query: listing })).body ?? [];
      assert.ok(listed.length > 0 && listed.every((r) => r['status'] === '502' && r['upstream_addr'] === '10.0.1.171:8080'));
      assert.equal(lastRecord().api, 'GetLogs');
    });

    it('diagnosis_sql names the closest real column and a corrected query', async () => {
      const failing = 'level: Warning | select resaon, count(*) as c group by resaon';
      const error = await rejection(getLogs(a, A_LOGS, 'k8s-event', { query: failing }), 'ParameterInvalid');
      const answer = aiAnswer(bodyOf(await call(a, 'diagnosis_sql', {
        project: A_LOGS, logstore: 'k8s-event', 'sys.query': `Query: ${failing}\nError: ${String(error['message'])}`,
      })), 'diagnosis_sql');
      assert.match(answer, /closest field is reason/);
      const corrected = /Corrected query: (.*)$/m.exec(answer)?.[1];
      assert.equal(corrected, 'level: Warning | select reason, count(*) as c group by reason');
      const response = await getLogs(a, A_LOGS, 'k8s-event', { query: corrected });
      assert.ok((response.body?.length ?? 0) > 0);
    });

    it('text_to_promql answers from keyword templates', async () => {
      const restart = aiAnswer(bodyOf(await call(b, 'text_to_promql', { project: B_METRICS, metricstore: 'aliyun-prom-c-b1', 'sys.query': 'which pods restarted in the last hour?' })), 'text_to_promql');
      assert.equal(restart, 'increase(kube_pod_container_status_restarts_total[1h]) > 0');
      const memory = aiAnswer(bodyOf(await call(b, 'text_to_promql', { project: B_METRICS, metricstore: 'aliyun-prom-c-b1', 'sys.query': 'memory usage in the inference namespace' })), 'text_to_promql');
      assert.equal(memory, 'sum by (namespace, pod) (container_memory_working_set_bytes{namespace="inference"})');
      const record = lastRecord();
      assert.deepEqual(
        { api: record.api, token: record.securityToken, status: record.status, project: record.project, metricstore: record.metricstore },
        { api: 'CallAiTools', token: credB.securityToken, status: 200, project: B_METRICS, metricstore: 'aliyun-prom-c-b1' },
      );
    });

    it('rejects unknown tools, foreign projects and unknown stores like SLS', async () => {
      const unknown = await rejection(call(a, 'text_to_chart', { project: A_LOGS }), 'ParameterInvalid', 400);
      assert.match(String(unknown['message']), /text_to_sql, text_to_promql, diagnosis_sql/);
      await rejection(call(a, 'text_to_sql', { project: B_LOGS, logstore: 'k8s-event', 'sys.query': 'x' }), 'Unauthorized', 401);
      await rejection(call(a, 'text_to_sql', { project: A_LOGS, logstore: 'nope', 'sys.query': 'x' }), 'LogStoreNotExist', 404);
      await rejection(call(a, 'text_to_promql', { project: A_METRICS, metricstore: 'nope', 'sys.query': 'cpu' }), 'LogStoreNotExist', 404);
      await rejection(call(a, 'text_to_sql', { project: 'k8s-log-nope', logstore: 'k8s-event', 'sys.query': 'x' }), 'ProjectNotExist', 404);
    });
  });

  describe('MetricStore Prometheus API', () => {
    const promUrl = (project: string, store: string, endpoint: string): string =>
      `http://${project}.localhost:${emu.port}/prometheus/${project}/${store}/api/v1/${endpoint}`;
    const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const stsPassword = `${credB.accessKeySecret}$${credB.securityToken ?? ''}`;

    it('accepts secret$token for STS and routes to the metric store\'s cluster', async () => {
      const before = prometheus.calls.length;
      const response = await fetch(`${promUrl(B_METRICS, 'aliyun-prom-c-b1', 'query')}?query=up&time=1700000000`, {
        headers: { authorization: basic(credB.accessKeyId, stsPassword) },
      });
      assert.equal(response.status, 200);
      assert.equal(await response.text(), RecordingPrometheus.BODY);
      assert.match(response.headers.get('x-log-requestid') ?? '', /^[0-9A-F]{24}$/);
      assert.deepEqual(prometheus.calls.slice(before), [{ clusterId: 'c-b1', endpoint: 'query', params: { query: 'up', time: '1700000000' } }]);
      const record = lastRecord();
      assert.deepEqual(
        { api: record.api, auth: record.auth, ak: record.accessKeyId, token: record.securityToken, account: record.account, project: record.project, store: record.metricstore, query: record.query },
        { api: 'PrometheusApi', auth: 'basic', ak: credB.accessKeyId, token: credB.securityToken, account: 'team-b', project: B_METRICS, store: 'aliyun-prom-c-b1', query: 'up' },
      );
    });

    it('reads POST form bodies and plain AK credentials', async () => {
      const before = prometheus.calls.length;
      const response = await fetch(promUrl(A_METRICS, 'aliyun-prom-c-a1', 'query_range'), {
        method: 'POST',
        headers: { authorization: basic(credA.accessKeyId, credA.accessKeySecret), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: 'sum(rate(container_cpu_usage_seconds_total[5m]))', start: '1700000000', end: '1700003600', step: '60' }).toString(),
      });
      assert.equal(response.status, 200);
      assert.deepEqual(prometheus.calls.slice(before), [{
        clusterId: 'c-a1', endpoint: 'query_range',
        params: { query: 'sum(rate(container_cpu_usage_seconds_total[5m]))', start: '1700000000', end: '1700003600', step: '60' },
      }]);
      const labels = await fetch(promUrl(A_METRICS, 'aliyun-prom-c-a1', 'label/namespace/values'), { headers: { authorization: basic(credA.accessKeyId, credA.accessKeySecret) } });
      assert.equal(labels.status, 200);
      assert.equal(prometheus.calls.at(-1)?.endpoint, 'label/namespace/values');
    });

    it('rejects missing or wrong credentials, foreign projects and unknown stores in Prometheus style', async () => {
      const calls = prometheus.calls.length;
      const expectError = async (response: Response, status: number, errorType: string): Promise<string> => {
        assert.equal(response.status, status);
        const body = await response.json() as { status: string; errorType: string; error: string };
        assert.equal(body.status, 'error');
        assert.equal(body.errorType, errorType);
        return body.error;
      };
      const url = `${promUrl(B_METRICS, 'aliyun-prom-c-b1', 'query')}?query=up`;
      await expectError(await fetch(url), 401, 'unauthorized');
      assert.equal(lastRecord().auth, 'none');
      const noToken = await expectError(await fetch(url, { headers: { authorization: basic(credB.accessKeyId, credB.accessKeySecret) } }), 401, 'unauthorized');
      assert.match(noToken, /needs its security token/);
      await expectError(await fetch(url, { headers: { authorization: basic(credB.accessKeyId, `${credB.accessKeySecret}$CAIS-stolen`) } }), 401, 'unauthorized');
      await expectError(await fetch(url, { headers: { authorization: basic(credA.accessKeyId, 'wrong') } }), 401, 'unauthorized');
      const foreign = await expectError(await fetch(url, { headers: { authorization: basic(credA.accessKeyId, credA.accessKeySecret) } }), 401, 'unauthorized');
      assert.match(foreign, /denied by sts or ram/);
      await expectError(await fetch(`${promUrl(B_METRICS, 'nope', 'query')}?query=up`, { headers: { authorization: basic(credB.accessKeyId, stsPassword) } }), 404, 'not_found');
      await expectError(await fetch(`${promUrl(B_METRICS, 'aliyun-prom-c-b1', 'alerts')}`, { headers: { authorization: basic(credB.accessKeyId, stsPassword) } }), 404, 'not_found');
      assert.equal(prometheus.calls.length, calls);
      assert.equal(lastRecord().auth, 'basic');
    });

    it('answers 503 when the emulator has no Prometheus backend', async () => {
      const bare = await startSlsEmulator({ lookup: (ak) => credentials.get(ak), projects: demoSlsProjects(CLUSTERS.slice(0, 1)) });
      try {
        const response = await fetch(`http://${A_METRICS}.localhost:${bare.port}/prometheus/${A_METRICS}/aliyun-prom-c-a1/api/v1/query?query=up`, {
          headers: { authorization: basic(credA.accessKeyId, credA.accessKeySecret) },
        });
        assert.equal(response.status, 503);
        const body = await response.json() as { errorType: string; error: string };
        assert.equal(body.errorType, 'unavailable');
        assert.match(body.error, /no Prometheus backend/);
      } finally {
        await bare.close();
      }
    });
  });
});

describe('demo SLS data', () => {
  const now = Date.UTC(2026, 10, 21, 8, 0, 0);
  const nowS = Math.floor(now / 1000);
  const projects = demoSlsProjects(CLUSTERS, now);
  const store = (project: string, logstore: string): LogRow[] => {
    const rows = projects.find((p) => p.name === project)?.logstores[logstore];
    assert.ok(rows, `${project}/${logstore}`);
    return rows;
  };

  it('is deterministic and lies within the last two hours, newest within two minutes', () => {
    assert.deepEqual(demoSlsProjects(CLUSTERS, now), projects);
    for (const project of projects) {
      for (const [name, rows] of Object.entries(project.logstores)) {
        assert.ok(rows.length > 0 && rows.length <= 400, `${name}: ${rows.length} rows`);
        const times = rows.map((r) => r.__time__);
        assert.ok(Math.min(...times) >= nowS - 2 * 3600, `${name} oldest`);
        assert.ok(Math.max(...times) <= nowS && Math.max(...times) >= nowS - 120, `${name} newest`);
      }
    }
    assert.deepEqual(projects.map((p) => p.name).sort(), [A_LOGS, A_MINIMAL, A_METRICS, B_LOGS, B_AUDIT, B_METRICS].sort());
    assert.deepEqual(projects.find((p) => p.name === B_METRICS)?.metricstores, { 'aliyun-prom-c-b1': { clusterId: 'c-b1' } });
  });

  it('tells the team-a story', () => {
    const events = store(A_LOGS, 'k8s-event');
    const backoff = events.filter((r) => r['reason'] === 'BackOff');
    assert.ok(backoff.every((r) => r['name'] === 'checkout-api-7d9c8b6f5-x2k4q' && r['namespace'] === 'payments' && r['level'] === 'Warning'));
    assert.match(String(backoff[0]?.['message']), /^Back-off restarting failed container checkout-api in pod checkout-api-7d9c8b6f5-x2k4q_payments\(/);
    assert.equal(events.filter((r) => r['reason'] === 'OOMKilling').length, 14);
    const failedScheduling = events.filter((r) => r['reason'] === 'FailedScheduling');
    assert.ok(failedScheduling.length > 0 && failedScheduling.every((r) => r['name'] === 'ledger-worker-5f7b9c6d48-w7rtx' && r.__time__ >= nowS - 47 * 60));
    assert.match(String(failedScheduling[0]?.['message']), /^0\/5 nodes are available: 5 Insufficient memory\./);
    assert.ok(events.some((r) => r['level'] === 'Normal' && String(r['name']).startsWith('storefront-5b6d7c9f8')));
    const ingress = store(A_LOGS, 'nginx-ingress');
    assert.ok(ingress.every((r) => r['host'] === 'shop.team-a.example.com'));
    assert.ok(ingress.some((r) => r['status'] === 502 && r['upstream_addr'] === '10.0.1.171:8080'));
    assert.ok(ingress.some((r) => r['status'] === 503 && r['upstream_addr'] === '10.0.1.171:8080'));
    const audit = store(A_LOGS, 'audit-c-a1');
    assert.ok(audit.some((r) => r['verb'] === 'delete' && r['objectRef.resource'] === 'pods' && String(r['user.username']).startsWith('ack-ops@')));
    assert.ok(audit.some((r) => r['responseStatus.code'] === 403));
    assert.ok(audit.filter((r) => ['get', 'list', 'watch'].includes(String(r['verb']))).length > audit.length / 3);
  });

  it('tells the team-b and minimal stories', () => {
    const events = store(B_LOGS, 'k8s-event');
    assert.ok(events.some((r) => r['reason'] === 'BackOff' && r['name'] === 'llm-serving-6f5d8c7b9-p4w8z' && r['namespace'] === 'inference'));
    const xid = events.filter((r) => r['reason'] === 'GPUXidError');
    assert.ok(xid.length > 0 && xid.every((r) => r['name'] === 'cn-shanghai.10.2.3.8' && r['level'] === 'Warning' && /XID 79/.test(String(r['message']))));
    assert.ok(store(B_LOGS, 'nginx-ingress').every((r) => r['host'] === 'llm.team-b.example.com'));
    assert.ok(store(B_AUDIT, 'audit-c-b1').length > 0);
    const minimal = store(A_MINIMAL, 'k8s-event');
    assert.ok(minimal.length > 0 && minimal.every((r) => r['level'] === 'Normal'));
    assert.equal(projects.find((p) => p.name === A_MINIMAL)?.logstores['nginx-ingress'], undefined);
  });
});
