// Drives the ARMS emulator through the real generic `@alicloud/openapi-core` client (GetPrometheusInstance)
// and plain fetch with Basic auth (the instance's Prometheus HTTP API).
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import CoreModule, { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import { newAccessKeyId, newAccessKeySecret, newAccountId, newSecurityToken, newStsAccessKeyId } from '../ack/ids.js';
import type { Account, Credential } from '../ack/model.js';
import { installLocalDns } from '../../helpers/local-dns.js';
import { demoSeries, startPrometheus, unavailableBackend, type PrometheusBackend } from '../prometheus/index.js';
import { startArmsEmulator, type ArmsCallRecord, type ArmsEmulator } from './index.js';

// The core is CommonJS with `exports.default = Client`; from ESM the default import is module.exports.
const OpenApi = CoreModule.default;

const A = 'c4f2a9e1b7d3c8a6f5e2d1b9c7a4e3f21';
const B = 'c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f43';

function account(name: string): Account {
  return { name, accountId: newAccountId(), credentials: [] };
}
const teamA = account('team-a');
const teamB = account('team-b');
const alice: Credential = { accessKeyId: newAccessKeyId(), accessKeySecret: newAccessKeySecret(), kind: 'ak', account: teamA, deniedActions: [], principal: 'alice@team-a' };
const noArms: Credential = { accessKeyId: newAccessKeyId(), accessKeySecret: newAccessKeySecret(), kind: 'ak', account: teamA, deniedActions: ['arms:GetPrometheusInstance'], principal: 'intern@team-a' };
const noArmsAtAll: Credential = { ...noArms, accessKeyId: newAccessKeyId(), deniedActions: ['arms:*'], principal: 'auditor@team-a' };
const bob: Credential = {
  accessKeyId: newStsAccessKeyId(), accessKeySecret: newAccessKeySecret(), kind: 'sts', securityToken: newSecurityToken(), expiresAt: Date.now() + 3_600_000,
  account: teamB, deniedActions: [], principal: 'ops-role/bob@team-b',
};
const expired: Credential = { ...bob, accessKeyId: newStsAccessKeyId(), securityToken: newSecurityToken(), expiresAt: Date.now() - 1000, principal: 'ops-role/old@team-b' };
const credentials = new Map([alice, noArms, noArmsAtAll, bob, expired].map((c) => [c.accessKeyId, c]));
const lookup = (accessKeyId: string): Credential | undefined => credentials.get(accessKeyId);

const instances = [
  { clusterId: A, regionId: 'cn-hangzhou', accountId: teamA.accountId, clusterName: 'team-a-prod-hz' },
  { clusterId: B, regionId: 'cn-shanghai', accountId: teamB.accountId, clusterName: 'team-b-data-sh' },
];

interface Cred {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}

function client(emu: ArmsEmulator, cred: Cred): InstanceType<typeof OpenApi> {
  return new OpenApi(new $OpenApiUtil.Config({
    accessKeyId: cred.accessKeyId,
    accessKeySecret: cred.accessKeySecret,
    ...(cred.securityToken === undefined ? {} : { securityToken: cred.securityToken }),
    endpoint: emu.endpoint,
    protocol: 'http',
    readTimeout: 10_000,
    connectTimeout: 10_000,
  }));
}

interface InstanceBody {
  RequestId: string;
  Code: number;
  Data: Record<string, unknown> | null;
}

async function getPrometheusInstance(emu: ArmsEmulator, cred: Cred, query: Record<string, string>, version = '2019-08-08', action = 'GetPrometheusInstance'): Promise<InstanceBody> {
  const params = new $OpenApiUtil.Params({
    action, version, protocol: 'HTTPS', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json',
  });
  const response = await client(emu, cred).callApi(params, new $OpenApiUtil.OpenApiRequest({ query }), new $dara.RuntimeOptions({}));
  assert.equal(response['statusCode'], 200);
  return response['body'] as InstanceBody;
}

/** Awaits a call that must fail; returns the SDK error after checking its code and status. */
async function rejection(promise: Promise<unknown>, code: string, statusCode: number): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    const e = error as Record<string, unknown>;
    assert.equal(e['code'], code, `expected ${code}, got ${String(e['code'])}: ${String(e['message'])}`);
    assert.equal(e['statusCode'], statusCode);
    return e;
  }
  assert.fail(`expected the call to fail with ${code}`);
}

function basic(cred: Cred, password = cred.securityToken ? `${cred.accessKeySecret}$${cred.securityToken}` : cred.accessKeySecret): string {
  return `Basic ${Buffer.from(`${cred.accessKeyId}:${password}`).toString('base64')}`;
}

interface PromReply {
  status: number;
  headers: Headers;
  json: any;
}

async function promApi(baseUrl: string, endpoint: string, authorization: string | undefined, form: Record<string, string>, method: 'GET' | 'POST' = 'POST'): Promise<PromReply> {
  const body = new URLSearchParams(form);
  const headers: Record<string, string> = authorization ? { authorization } : {};
  const response = method === 'POST'
    ? await fetch(`${baseUrl}/api/v1/${endpoint}`, { method, headers, body })
    : await fetch(`${baseUrl}/api/v1/${endpoint}?${body.toString()}`, { headers });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

const last = (emu: ArmsEmulator): ArmsCallRecord => {
  const record = emu.record.at(-1);
  assert.ok(record, 'a request was recorded');
  return record;
};

describe('ARMS emulator', () => {
  let prometheus: PrometheusBackend;
  let emu: ArmsEmulator;
  let urlA: { public: string; intranet: string };
  let urlB: string;

  before(async () => {
    installLocalDns();
    prometheus = await startPrometheus({
      series: demoSeries([
        { clusterId: A, scenario: 'team-a-prod', nodes: ['cn-hangzhou.10.0.1.23', 'cn-hangzhou.10.0.1.24'] },
        { clusterId: B, scenario: 'team-b-data', nodes: ['cn-shanghai.10.2.3.7', 'cn-shanghai.10.2.3.8'] },
      ]),
    });
    if (prometheus.unavailable) process.stderr.write(`\n*** PROMETHEUS NOT INSTALLED — ARMS queries only reach the 503 path: ${prometheus.unavailable} ***\n\n`);
    emu = await startArmsEmulator({ lookup, instances, prometheus });
    const a = await getPrometheusInstance(emu, alice, { RegionId: 'cn-hangzhou', ClusterId: A });
    const b = await getPrometheusInstance(emu, bob, { RegionId: 'cn-shanghai', ClusterId: B });
    urlA = { public: String(a.Data?.['HttpApiInterUrl']), intranet: String(a.Data?.['HttpApiIntraUrl']) };
    urlB = String(b.Data?.['HttpApiInterUrl']);
  });
  after(async () => {
    await emu?.close();
    await prometheus?.close();
  });

  describe('GetPrometheusInstance', () => {
    it('answers an AK caller for its own cluster', async () => {
      const body = await getPrometheusInstance(emu, alice, { RegionId: 'cn-hangzhou', ClusterId: A });
      assert.equal(body.Code, 200);
      assert.match(body.RequestId, /^[0-9A-F-]{36}$/);
      const data = body.Data ?? {};
      assert.equal(data['ClusterId'], A);
      assert.equal(data['RegionId'], 'cn-hangzhou');
      assert.equal(data['UserId'], teamA.accountId);
      assert.equal(data['ClusterName'], 'team-a-prod-hz');
      assert.equal(data['ClusterType'], 'aliyun-cs');
      assert.equal(data['EnableAuthToken'], 'false');
      const path = `/api/v1/prometheus/[0-9a-f]{32}/${teamA.accountId}/${A}/cn-hangzhou`;
      assert.match(String(data['HttpApiInterUrl']), new RegExp(`^http://127\\.0\\.0\\.1:${emu.port}${path}$`));
      assert.match(String(data['HttpApiIntraUrl']), new RegExp(`^http://intranet\\.localhost:${emu.port}${path}$`));
      assert.match(String(data['RemoteWriteInterUrl']), /\/api\/v3\/write$/);
      const record = last(emu);
      assert.equal(record.api, 'GetPrometheusInstance');
      assert.equal(record.accessKeyId, alice.accessKeyId);
      assert.equal(record.account, 'team-a');
      assert.equal(record.principal, 'alice@team-a');
      assert.equal(record.clusterId, A);
      assert.equal(record.status, 200);
      assert.equal(record.securityToken, undefined);
    });

    it('answers an STS caller and records its token', async () => {
      const body = await getPrometheusInstance(emu, bob, { RegionId: 'cn-shanghai', ClusterId: B });
      assert.equal(body.Data?.['ClusterId'], B);
      assert.equal(body.Data?.['UserId'], teamB.accountId);
      const record = last(emu);
      assert.equal(record.accessKeyId, bob.accessKeyId);
      assert.equal(record.securityToken, bob.securityToken);
      assert.equal(record.account, 'team-b');
    });

    it('rejects a wrong secret and a wrong token', async () => {
      await rejection(getPrometheusInstance(emu, { ...alice, accessKeySecret: 'not-the-secret' }, { RegionId: 'cn-hangzhou', ClusterId: A }), 'SignatureDoesNotMatch', 400);
      assert.equal(last(emu).errorCode, 'SignatureDoesNotMatch');
      await rejection(getPrometheusInstance(emu, { ...bob, securityToken: newSecurityToken() }, { RegionId: 'cn-shanghai', ClusterId: B }), 'InvalidSecurityToken.Mismatch', 400);
      await rejection(getPrometheusInstance(emu, expired, { RegionId: 'cn-shanghai', ClusterId: B }), 'InvalidSecurityToken.Expired', 400);
      await rejection(getPrometheusInstance(emu, { ...alice, accessKeyId: newAccessKeyId() }, { RegionId: 'cn-hangzhou', ClusterId: A }), 'InvalidAccessKeyId.NotFound', 404);
    });

    it("answers Data: null for another account's cluster, an unknown cluster or the wrong region", async () => {
      assert.equal((await getPrometheusInstance(emu, alice, { RegionId: 'cn-shanghai', ClusterId: B })).Data, null);
      assert.equal((await getPrometheusInstance(emu, bob, { RegionId: 'cn-hangzhou', ClusterId: A })).Data, null);
      assert.equal((await getPrometheusInstance(emu, alice, { RegionId: 'cn-hangzhou', ClusterId: `c${'0'.repeat(32)}` })).Data, null);
      assert.equal((await getPrometheusInstance(emu, alice, { RegionId: 'cn-beijing', ClusterId: A })).Data, null);
    });

    it('requires RegionId and ClusterId', async () => {
      const error = await rejection(getPrometheusInstance(emu, alice, { RegionId: 'cn-hangzhou' }), 'MissingClusterId', 400);
      assert.match(String(error['message']), /ClusterId is mandatory for this action/);
      await rejection(getPrometheusInstance(emu, alice, { ClusterId: A }), 'MissingRegionId', 400);
    });

    it('denies a RAM identity without arms:GetPrometheusInstance', async () => {
      const error = await rejection(getPrometheusInstance(emu, noArms, { RegionId: 'cn-hangzhou', ClusterId: A }), 'Forbidden.RAM', 403);
      assert.match(String(error['message']), /Action: arms:GetPrometheusInstance/);
      const detail = error['accessDeniedDetail'] as Record<string, unknown>;
      assert.equal(detail['AuthAction'], 'arms:GetPrometheusInstance');
      assert.equal(detail['AuthPrincipalDisplayName'], 'intern@team-a');
      await rejection(getPrometheusInstance(emu, noArmsAtAll, { RegionId: 'cn-hangzhou', ClusterId: A }), 'Forbidden.RAM', 403);
      assert.equal(last(emu).errorCode, 'Forbidden.RAM');
    });

    it('checks the API version and the action', async () => {
      await rejection(getPrometheusInstance(emu, alice, { RegionId: 'cn-hangzhou', ClusterId: A }, '2015-12-15'), 'InvalidVersion', 400);
      await rejection(getPrometheusInstance(emu, alice, { RegionId: 'cn-hangzhou', ClusterId: A }, '2019-08-08', 'ListPrometheusInstances'), 'InvalidAction.NotFound', 404);
      assert.equal(last(emu).api, 'Unknown');
    });

    it('accepts the parameters as a form body too', async () => {
      const params = new $OpenApiUtil.Params({
        action: 'GetPrometheusInstance', version: '2019-08-08', protocol: 'HTTPS', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json',
      });
      const response = await client(emu, alice).callApi(params, new $OpenApiUtil.OpenApiRequest({ body: { RegionId: 'cn-hangzhou', ClusterId: A } }), new $dara.RuntimeOptions({}));
      assert.equal((response['body'] as InstanceBody).Data?.['ClusterId'], A);
    });

    it('injects faults', async () => {
      emu.faults.add({ action: 'GetPrometheusInstance', kind: 'server-error' });
      await rejection(getPrometheusInstance(emu, alice, { RegionId: 'cn-hangzhou', ClusterId: A }), 'ServiceUnavailable', 503);
      assert.equal(last(emu).fault, 'server-error');
      emu.faults.add({ action: 'GetPrometheusInstance', kind: 'throttling', retryAfterMs: 1500 });
      const throttled = await rejection(getPrometheusInstance(emu, alice, { RegionId: 'cn-hangzhou', ClusterId: A }), 'Throttling.User', 429);
      assert.equal(throttled['retryAfter'], 1500);
      emu.faults.add({ action: 'GetPrometheusInstance', kind: 'reset' });
      await assert.rejects(getPrometheusInstance(emu, alice, { RegionId: 'cn-hangzhou', ClusterId: A }));
      assert.equal(last(emu).status, 0);
      assert.equal((await getPrometheusInstance(emu, alice, { RegionId: 'cn-hangzhou', ClusterId: A })).Data?.['ClusterId'], A);
    });
  });

  describe('Prometheus HTTP API', () => {
    const installed = (t: TestContext): boolean => {
      if (prometheus.unavailable === undefined) return true;
      t.skip(`prometheus not installed: ${prometheus.unavailable}`);
      return false;
    };

    it('takes Basic auth with AccessKeyId:AccessKeySecret and answers from the cluster', async (t) => {
      const reply = await promApi(urlA.public, 'query', basic(alice), { query: 'kube_pod_container_status_restarts_total{container="checkout-api", cluster_id="other"}' });
      const record = last(emu);
      assert.equal(record.api, 'PrometheusApi');
      assert.equal(record.endpointKind, 'public');
      assert.equal(record.accessKeyId, alice.accessKeyId);
      assert.equal(record.account, 'team-a');
      assert.equal(record.clusterId, A);
      assert.equal(record.endpoint, 'query');
      assert.match(record.query ?? '', /checkout-api/);
      if (!installed(t)) return;
      assert.equal(reply.status, 200, JSON.stringify(reply.json));
      const [series] = reply.json.data.result as Array<{ metric: Record<string, string>; value: [number, string] }>;
      assert.equal(series?.metric['pod'], 'checkout-api-7d9c8b6f5-x2k4q');
      assert.equal(series?.metric['cluster_id'], undefined);
      const restarts = Number(series?.value[1]);
      assert.ok(restarts >= 13 && restarts <= 15, `restarts = ${restarts}`);
    });

    it('takes AccessKeySecret$SecurityToken for STS, and GET with a query string', async (t) => {
      const reply = await promApi(urlB, 'label/pod/values', basic(bob), {}, 'GET');
      const record = last(emu);
      assert.equal(record.securityToken, bob.securityToken);
      assert.equal(record.endpoint, 'label/pod/values');
      if (!installed(t)) return;
      assert.equal(reply.status, 200);
      assert.ok((reply.json.data as string[]).includes('llm-serving-6f5d8c7b9-p4w8z'));
      assert.ok(!(reply.json.data as string[]).includes('checkout-api-7d9c8b6f5-x2k4q'));
      const sneaky = await promApi(urlB, 'query', basic(bob), { query: `kube_pod_status_phase{cluster_id="${A}"}` });
      assert.ok(!JSON.stringify(sneaky.json).includes('checkout-api'));
    });

    it('relays range queries and Prometheus errors verbatim', async (t) => {
      if (!installed(t)) return;
      const now = Math.floor(Date.now() / 1000);
      const range = await promApi(urlA.public, 'query_range', basic(alice), { query: 'up', start: String(now - 600), end: String(now), step: '60' });
      assert.equal(range.status, 200);
      assert.equal(range.json.data.resultType, 'matrix');
      const bad = await promApi(urlA.public, 'query', basic(alice), { query: 'sum(up' });
      assert.equal(bad.status, 400);
      assert.deepEqual(Object.keys(bad.json).sort(), ['error', 'errorType', 'status']);
      assert.equal(bad.json.errorType, 'bad_data');
      assert.match(bad.json.error, /parse error: unclosed left parenthesis/);
      assert.equal(last(emu).errorCode, 'bad_data');
    });

    it('rejects missing or wrong credentials with 401', async () => {
      const cases: Array<[string | undefined, RegExp]> = [
        [undefined, /authentication required/],
        [basic(alice, 'wrong-secret'), /invalid AccessKey ID or AccessKey secret/],
        [basic({ ...alice, accessKeyId: newAccessKeyId() }), /invalid AccessKey ID/],
        [basic(bob, bob.accessKeySecret), /needs its security token/],
        [basic(bob, `${bob.accessKeySecret}$${newSecurityToken()}`), /security token does not match/],
        [basic(expired), /expired/],
        [basic(alice, `${alice.accessKeySecret}$${newSecurityToken()}`), /not an STS credential/],
      ];
      for (const [authorization, message] of cases) {
        const reply = await promApi(urlA.public, 'query', authorization, { query: 'up' });
        assert.equal(reply.status, 401, String(authorization));
        assert.equal(reply.headers.get('www-authenticate'), 'Basic realm="prometheus"');
        assert.equal(reply.json.status, 'error');
        assert.equal(reply.json.errorType, 'unauthorized');
        assert.match(reply.json.error, message);
        assert.equal(last(emu).status, 401);
      }
    });

    it("refuses another account's instance with 403", async () => {
      const reply = await promApi(urlB, 'query', basic(alice), { query: 'up' });
      assert.equal(reply.status, 403);
      assert.equal(reply.json.errorType, 'forbidden');
      assert.match(reply.json.error, /belongs to another account/);
      assert.equal(last(emu).account, 'team-a');
      const denied = await promApi(urlA.public, 'query', basic(noArmsAtAll), { query: 'up' });
      assert.equal(denied.status, 403);
      assert.match(denied.json.error, /AliyunPrometheusMetricReadAccess/);
    });

    it('serves the intranet URL on the same server and records which one was used', async (t) => {
      assert.match(urlA.intranet, /^http:\/\/intranet\.localhost:/);
      const reply = await promApi(urlA.intranet, 'query', basic(alice), { query: 'up' });
      assert.equal(last(emu).endpointKind, 'intranet');
      assert.equal(last(emu).clusterId, A);
      if (!installed(t)) return;
      assert.equal(reply.status, 200);
    });

    it('answers 404 for unknown instances and endpoints', async (t) => {
      const unknown = await promApi(urlA.public.replace(/\/prometheus\/[0-9a-f]{32}\//, `/prometheus/${'0'.repeat(32)}/`), 'query', basic(alice), { query: 'up' });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.errorType, 'not_found');
      if (!installed(t)) return;
      const endpoint = await promApi(urlA.public, 'status/config', basic(alice), {}, 'GET');
      assert.equal(endpoint.status, 404);
    });

    it('injects faults on PrometheusApi', async () => {
      emu.faults.add({ action: 'PrometheusApi', kind: 'server-error' });
      const reply = await promApi(urlA.public, 'query', basic(alice), { query: 'up' });
      assert.equal(reply.status, 503);
      assert.equal(reply.json.errorType, 'unavailable');
      assert.equal(last(emu).fault, 'server-error');
    });

    it('answers 503 saying why when the Prometheus backend is unavailable', async () => {
      const offline = await startArmsEmulator({ lookup, instances, prometheus: unavailableBackend('prometheus is not installed on this machine') });
      try {
        const instance = await getPrometheusInstance(offline, alice, { RegionId: 'cn-hangzhou', ClusterId: A });
        const reply = await promApi(String(instance.Data?.['HttpApiInterUrl']), 'query', basic(alice), { query: 'up' });
        assert.equal(reply.status, 503);
        assert.deepEqual(reply.json, { status: 'error', errorType: 'unavailable', error: 'Prometheus is not available: prometheus is not installed on this machine' });
        assert.equal(offline.record.at(-1)?.errorCode, 'unavailable');
      } finally {
        await offline.close();
      }
    });
  });
});
