// Drives the ACK emulator only through the real @alicloud/cs20151215 SDK.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import CsModule, * as $Cs from '@alicloud/cs20151215';
import { $OpenApiUtil, ClientError, ServerError, ThrottlingError } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import { defaultSeed, startAckEmulator, type AckEmulator, type SeededAccount } from './index.js';

// The SDK is CommonJS with `exports.default = Client`; from ESM the default import is module.exports.
const Cs = CsModule.default;
type CsClient = InstanceType<typeof Cs>;
interface Cred {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}

const STEP_MS = 40;

function client(emu: AckEmulator, cred: Cred): CsClient {
  return new Cs(new $OpenApiUtil.Config({
    accessKeyId: cred.accessKeyId,
    accessKeySecret: cred.accessKeySecret,
    ...(cred.securityToken === undefined ? {} : { securityToken: cred.securityToken }),
    endpoint: emu.endpoint,
    protocol: 'http',
    regionId: 'cn-hangzhou',
    readTimeout: 10_000,
    connectTimeout: 10_000,
  }));
}

/** The typed body of an SDK response (the models declare it optional). */
function bodyOf<T>(response: { body?: T }): T {
  assert.ok(response.body, 'response has a body');
  return response.body;
}

/** Awaits a promise that must reject; returns the error after checking its code (and status). */
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

/** Polls `fetch` until `done` holds, collecting every observation. */
async function pollUntil<T>(fetch: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T[]> {
  const seen: T[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fetch();
    seen.push(value);
    if (done(value)) return seen;
    if (Date.now() > deadline) assert.fail(`condition not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const lastRecord = (emu: AckEmulator) => {
  const record = emu.record.at(-1);
  assert.ok(record, 'a call was recorded');
  return record;
};

const firstCredential = (account: SeededAccount): Cred => {
  const cred = account.credentials[0];
  assert.ok(cred);
  return cred;
};

describe('ACK emulator through the real CS SDK', () => {
  let emu: AckEmulator;
  let teamA: SeededAccount;
  let teamB: SeededAccount;
  let a: CsClient;
  let b: CsClient;
  let hzCluster: string;
  let bjCluster: string;
  let shCluster: string;

  before(async () => {
    emu = await startAckEmulator({ taskStepMs: STEP_MS, diagnosisStepMs: STEP_MS });
    const [accountA, accountB] = emu.accounts;
    assert.ok(accountA && accountB);
    teamA = accountA;
    teamB = accountB;
    a = client(emu, firstCredential(teamA));
    b = client(emu, firstCredential(teamB));
    [hzCluster = '', bjCluster = ''] = teamA.clusterIds;
    [shCluster = ''] = teamB.clusterIds;
  });

  after(async () => {
    await emu.close();
  });

  const poolId = (account: SeededAccount, clusterId: string, index: number): string => {
    const id = account.nodepoolIds[clusterId]?.[index];
    assert.ok(id, `node pool ${index} of ${clusterId}`);
    return id;
  };

  describe('signatures and credentials', () => {
    it('verifies AK and STS calls and records the signing key and token', async () => {
      const credA = firstCredential(teamA);
      const credB = firstCredential(teamB);
      assert.match(credA.accessKeyId, /^LTAI/);
      assert.match(credB.accessKeyId, /^STS\./);
      assert.ok(credB.securityToken);

      await a.describeClusterDetail(hzCluster);
      const akCall = lastRecord(emu);
      assert.deepEqual(
        { action: akCall.action, status: akCall.status, kind: akCall.credentialKind, account: akCall.account, ak: akCall.accessKeyId, token: akCall.securityToken },
        { action: 'DescribeClusterDetail', status: 200, kind: 'ak', account: 'team-a', ak: credA.accessKeyId, token: undefined },
      );

      await b.describeClusterDetail(shCluster);
      const stsCall = lastRecord(emu);
      assert.deepEqual(
        { action: stsCall.action, status: stsCall.status, kind: stsCall.credentialKind, account: stsCall.account, ak: stsCall.accessKeyId, token: stsCall.securityToken },
        { action: 'DescribeClusterDetail', status: 200, kind: 'sts', account: 'team-b', ak: credB.accessKeyId, token: credB.securityToken },
      );
      assert.match(stsCall.requestId, /^[0-9A-F-]{36}$/);
      assert.equal(stsCall.seq, akCall.seq + 1);
    });

    it('rejects a wrong secret with SignatureDoesNotMatch', async () => {
      const cred = firstCredential(teamA);
      const wrong = client(emu, { ...cred, accessKeySecret: `${cred.accessKeySecret}x` });
      const error = await rejection(wrong.describeClusterDetail(hzCluster), 'SignatureDoesNotMatch', 400);
      assert.ok(error instanceof ClientError);
      assert.match(String(error['message']), /signature did not match/);
      assert.match(String(error['requestId']), /^[0-9A-F-]{36}$/);
      const record = lastRecord(emu);
      assert.equal(record.status, 400);
      assert.equal(record.errorCode, 'SignatureDoesNotMatch');
      assert.equal(record.accessKeyId, cred.accessKeyId);
    });

    it('rejects a wrong STS token (Mismatch) and a missing one (Malformed)', async () => {
      const cred = firstCredential(teamB);
      const wrongToken = client(emu, { ...cred, securityToken: `${cred.securityToken ?? ''}tampered` });
      await rejection(wrongToken.describeClusterDetail(shCluster), 'InvalidSecurityToken.Mismatch', 400);
      assert.equal(lastRecord(emu).securityToken, `${cred.securityToken ?? ''}tampered`);

      const noToken = client(emu, { accessKeyId: cred.accessKeyId, accessKeySecret: cred.accessKeySecret });
      await rejection(noToken.describeClusterDetail(shCluster), 'InvalidSecurityToken.Malformed', 400);
      assert.equal(lastRecord(emu).securityToken, undefined);
      assert.equal(lastRecord(emu).credentialKind, 'sts');
    });

    it('rejects an unknown AccessKey id with InvalidAccessKeyId.NotFound', async () => {
      const stranger = client(emu, { accessKeyId: 'LTAI5tUnknownKey000000000', accessKeySecret: 'nope' });
      await rejection(stranger.describeClustersV1(new $Cs.DescribeClustersV1Request({})), 'InvalidAccessKeyId.NotFound', 404);
      const record = lastRecord(emu);
      assert.equal(record.credentialKind, 'unknown');
      assert.equal(record.account, undefined);
    });

    it('rejects a stale x-acs-date and a reused nonce (nonces are per AccessKey)', async () => {
      const runtime = new $dara.RuntimeOptions({});
      const stale = new Date(Date.now() - 20 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
      await rejection(a.describeClusterDetailWithOptions(hzCluster, { 'x-acs-date': stale }, runtime), 'InvalidTimeStamp.Expired', 400);

      const nonce = 'a'.repeat(64);
      await a.describeClusterDetailWithOptions(hzCluster, { 'x-acs-signature-nonce': nonce }, runtime);
      await rejection(a.describeClusterDetailWithOptions(hzCluster, { 'x-acs-signature-nonce': nonce }, runtime), 'SignatureNonceUsed', 400);
      await b.describeClusterDetailWithOptions(shCluster, { 'x-acs-signature-nonce': nonce }, runtime);
    });

    it('routes on the signed action and rejects a method that does not fit it', async () => {
      const params = new $OpenApiUtil.Params({
        action: 'DescribeClusterDetail', version: '2015-12-15', protocol: 'HTTPS', pathname: `/clusters/${hzCluster}`,
        method: 'POST', authType: 'AK', style: 'ROA', reqBodyType: 'json', bodyType: 'json',
      });
      await rejection(a.callApi(params, new $OpenApiUtil.OpenApiRequest({}), new $dara.RuntimeOptions({})), 'InvalidAction.Mismatch', 400);
    });
  });

  describe('clusters, node pools and nodes', () => {
    it('lists only the caller\'s clusters, with filters and paging', async () => {
      const all = bodyOf(await a.describeClustersV1(new $Cs.DescribeClustersV1Request({})));
      assert.deepEqual(all.clusters?.map((c) => c.regionId).sort(), ['cn-beijing', 'cn-hangzhou']);
      assert.equal(all.pageInfo?.totalCount, 2);
      for (const cluster of all.clusters ?? []) {
        assert.match(cluster.clusterId ?? '', /^c[0-9a-z]{32}$/);
        assert.equal(cluster.clusterType, 'ManagedKubernetes');
        assert.equal(cluster.state, 'running');
      }

      const beijing = bodyOf(await a.describeClustersV1(new $Cs.DescribeClustersV1Request({ regionId: 'cn-beijing' })));
      assert.deepEqual(beijing.clusters?.map((c) => c.clusterId), [bjCluster]);

      const named = bodyOf(await a.describeClustersV1(new $Cs.DescribeClustersV1Request({ name: 'prod', clusterType: 'ManagedKubernetes' })));
      assert.deepEqual(named.clusters?.map((c) => c.name), ['team-a-prod-hz']);

      const page2 = bodyOf(await a.describeClustersV1(new $Cs.DescribeClustersV1Request({ pageNumber: 2, pageSize: 1 })));
      assert.equal(page2.clusters?.length, 1);
      assert.deepEqual({ ...page2.pageInfo }, { pageNumber: 2, pageSize: 1, totalCount: 2 });

      const other = bodyOf(await b.describeClustersV1(new $Cs.DescribeClustersV1Request({})));
      assert.deepEqual(other.clusters?.map((c) => c.clusterId), [shCluster]);
    });

    it('describes a cluster and hides other accounts\' clusters (404 ErrorClusterNotFound)', async () => {
      const response = await a.describeClusterDetail(hzCluster);
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers?.['x-acs-request-id']), /^[0-9A-F-]{36}$/);
      const detail = bodyOf(response);
      assert.equal(detail.regionId, 'cn-hangzhou');
      assert.equal(detail.currentVersion, '1.34.1-aliyun.1');
      assert.match(detail.vpcId ?? '', /^vpc-/);
      assert.equal(detail.size, 5);

      await rejection(a.describeClusterDetail(shCluster), 'ErrorClusterNotFound', 404);
      await rejection(b.describeClusterDetail(hzCluster), 'ErrorClusterNotFound', 404);
      await rejection(b.describeClusterNodePools(hzCluster, new $Cs.DescribeClusterNodePoolsRequest({})), 'ErrorClusterNotFound', 404);
    });

    it('lists node pools (with a name filter) and describes one', async () => {
      const pools = bodyOf(await a.describeClusterNodePools(hzCluster, new $Cs.DescribeClusterNodePoolsRequest({})));
      assert.deepEqual(pools.nodepools?.map((p) => p.nodepoolInfo?.name), ['default-nodepool', 'compute-nodepool']);
      const first = pools.nodepools?.[0];
      assert.match(first?.nodepoolInfo?.nodepoolId ?? '', /^np[0-9a-z]{32}$/);
      assert.equal(first?.scalingGroup?.desiredSize, 3);
      assert.deepEqual(first?.scalingGroup?.instanceTypes, ['ecs.g7.xlarge']);
      assert.equal(first?.status?.totalNodes, 3);
      assert.equal(first?.status?.servingNodes, 3);
      assert.equal(first?.maxNodes, 10);

      const filtered = bodyOf(await a.describeClusterNodePools(hzCluster, new $Cs.DescribeClusterNodePoolsRequest({ nodepoolName: 'compute' })));
      assert.deepEqual(filtered.nodepools?.map((p) => p.nodepoolInfo?.name), ['compute-nodepool']);

      const detail = bodyOf(await a.describeClusterNodePoolDetail(hzCluster, poolId(teamA, hzCluster, 1)));
      assert.equal(detail.nodepoolInfo?.name, 'compute-nodepool');
      assert.equal(detail.autoScaling?.maxInstances, 6);
      await rejection(a.describeClusterNodePoolDetail(hzCluster, poolId(teamA, bjCluster, 0)), 'ErrorNodePoolNotFound', 404);
    });

    it('lists nodes with camelCase paging and filters', async () => {
      const page = bodyOf(await a.describeClusterNodes(hzCluster, new $Cs.DescribeClusterNodesRequest({ pageNumber: '1', pageSize: '2' })));
      assert.equal(page.nodes?.length, 2);
      assert.deepEqual({ ...page.page }, { pageNumber: 1, pageSize: 2, totalCount: 5 });
      const node = page.nodes?.[0];
      assert.match(node?.instanceId ?? '', /^i-[0-9a-z]{20}$/);
      assert.equal(node?.nodeName, 'cn-hangzhou.10.0.1.23');
      assert.deepEqual(node?.ipAddress, ['10.0.1.23']);
      assert.equal(node?.state, 'running');

      const computePool = poolId(teamA, hzCluster, 1);
      const inPool = bodyOf(await a.describeClusterNodes(hzCluster, new $Cs.DescribeClusterNodesRequest({ nodepoolId: computePool, state: 'running' })));
      assert.equal(inPool.nodes?.length, 2);
      assert.ok(inPool.nodes?.every((n) => n.nodepoolId === computePool && n.instanceType?.startsWith('ecs.c7')));

      const byId = bodyOf(await a.describeClusterNodes(hzCluster, new $Cs.DescribeClusterNodesRequest({ instanceIds: node?.instanceId ?? '' })));
      assert.deepEqual(byId.nodes?.map((n) => n.nodeName), ['cn-hangzhou.10.0.1.23']);

      await rejection(a.describeClusterNodes(hzCluster, new $Cs.DescribeClusterNodesRequest({ pageSize: '1000' })), 'InvalidParameter', 400);
    });
  });

  describe('node-pool tasks', () => {
    it('scales out: the task runs through its stages to success and adds nodes', async () => {
      const pool = poolId(teamA, hzCluster, 0);
      const scaled = bodyOf(await a.scaleClusterNodePool(hzCluster, pool, new $Cs.ScaleClusterNodePoolRequest({ count: 2 })));
      const taskId = scaled.taskId ?? '';
      assert.match(taskId, /^T-[0-9a-f]{24}$/);

      const seen = await pollUntil(async () => bodyOf(await a.describeTaskInfo(taskId)), (r) => r.state !== 'running');
      assert.equal(seen[0]?.state, 'running');
      const task = seen.at(-1);
      assert.equal(task?.state, 'success');
      assert.equal(task?.taskType, 'nodepool_scaleout');
      assert.equal(task?.clusterId, hzCluster);
      assert.deepEqual({ ...task?.target }, { id: pool, type: 'nodepool' });
      assert.deepEqual(task?.stages?.map((s) => s.state), ['success', 'success', 'success']);
      assert.ok(task?.events?.some((e) => e.reason === 'TaskSucceed'));
      assert.equal(task?.error, undefined);
      const added = task?.taskResult?.map((r) => r.data ?? '') ?? [];
      assert.equal(added.length, 2);
      assert.ok(added.every((id) => /^i-[0-9a-z]{20}$/.test(id)));

      const nodes = bodyOf(await a.describeClusterNodes(hzCluster, new $Cs.DescribeClusterNodesRequest({ nodepoolId: pool })));
      assert.equal(nodes.page?.totalCount, 5);
      for (const id of added) assert.equal(nodes.nodes?.find((n) => n.instanceId === id)?.state, 'running');
      const detail = bodyOf(await a.describeClusterNodePoolDetail(hzCluster, pool));
      assert.equal(detail.scalingGroup?.desiredSize, 5);
      assert.equal(detail.status?.state, 'active');
    });

    it('fails an over-quota scale-out with InstanceQuotaExceeded and adds nothing', async () => {
      const pool = poolId(teamA, bjCluster, 1);
      const before = bodyOf(await a.describeClusterNodePoolDetail(bjCluster, pool));
      const room = (before.maxNodes ?? 0) - (before.scalingGroup?.desiredSize ?? 0);
      const scaled = bodyOf(await a.scaleClusterNodePool(bjCluster, pool, new $Cs.ScaleClusterNodePoolRequest({ count: room + 1 })));

      const seen = await pollUntil(async () => bodyOf(await a.describeTaskInfo(scaled.taskId ?? '')), (r) => r.state !== 'running');
      const task = seen.at(-1);
      assert.equal(task?.state, 'failed');
      assert.equal(task?.error?.code, 'InstanceQuotaExceeded');
      assert.match(task?.error?.message ?? '', /at most 8 nodes/);
      assert.equal(task?.stages?.at(-1)?.state, 'failed');
      assert.equal(task?.taskResult?.length, 0);

      const after = bodyOf(await a.describeClusterNodePoolDetail(bjCluster, pool));
      assert.equal(after.scalingGroup?.desiredSize, before.scalingGroup?.desiredSize);
      assert.equal(after.status?.totalNodes, before.status?.totalNodes);
      await rejection(a.scaleClusterNodePool(bjCluster, pool, new $Cs.ScaleClusterNodePoolRequest({ count: 0 })), 'InvalidParameter', 400);
    });

    it('removes nodes: marks them removing, drains, removes and releases them', async () => {
      const pool = poolId(teamB, shCluster, 1);
      const listed = bodyOf(await b.describeClusterNodes(shCluster, new $Cs.DescribeClusterNodesRequest({ nodepoolId: pool })));
      const victim = listed.nodes?.[0]?.instanceId ?? '';
      assert.equal(listed.nodes?.length, 3);

      const removed = bodyOf(await b.removeNodePoolNodes(shCluster, pool, new $Cs.RemoveNodePoolNodesRequest({ instanceIds: [victim], drainNode: true, releaseNode: true })));
      const taskId = removed.taskId ?? '';
      assert.match(taskId, /^T-[0-9a-f]{24}$/);
      assert.match(removed.requestId ?? '', /^[0-9A-F-]{36}$/);
      const during = bodyOf(await b.describeClusterNodes(shCluster, new $Cs.DescribeClusterNodesRequest({ instanceIds: victim })));
      assert.equal(during.nodes?.[0]?.state, 'removing');

      const seen = await pollUntil(async () => bodyOf(await b.describeTaskInfo(taskId)), (r) => r.state !== 'running');
      const task = seen.at(-1);
      assert.equal(task?.state, 'success');
      assert.equal(task?.taskType, 'nodepool_remove_nodes');
      assert.deepEqual(task?.stages?.map((s) => s.outputs?.['stage']), ['DrainNodes', 'RemoveNodes', 'ReleaseInstances']);
      assert.deepEqual(task?.taskResult?.map((r) => r.data), [victim]);

      const remaining = bodyOf(await b.describeClusterNodes(shCluster, new $Cs.DescribeClusterNodesRequest({ nodepoolId: pool })));
      assert.equal(remaining.nodes?.length, 2);
      assert.ok(!remaining.nodes?.some((n) => n.instanceId === victim));
      assert.deepEqual(emu.state.removedNodes().map((r) => [r.node.instanceId, r.released]), [[victim, true]]);
    });

    it('rejects removing instances that are not in the node pool, synchronously', async () => {
      const pool = poolId(teamB, shCluster, 0);
      const foreign = bodyOf(await b.describeClusterNodes(shCluster, new $Cs.DescribeClusterNodesRequest({ nodepoolId: poolId(teamB, shCluster, 1) }))).nodes?.[0]?.instanceId ?? '';
      const error = await rejection(
        b.removeNodePoolNodes(shCluster, pool, new $Cs.RemoveNodePoolNodesRequest({ instanceIds: [foreign, 'i-uf6doesnotexist00000'] })),
        'InvalidParameter',
        400,
      );
      assert.match(String(error['message']), /do not belong to node pool/);
      assert.equal(emu.state.tasks().filter((t) => t.taskType === 'nodepool_remove_nodes').length, 1);
    });

    it('hides another account\'s task (404 ErrorTaskNotFound)', async () => {
      const [task] = emu.state.tasks().filter((t) => t.account.name === 'team-a');
      assert.ok(task);
      await rejection(b.describeTaskInfo(task.taskId), 'ErrorTaskNotFound', 404);
      await rejection(a.describeTaskInfo('T-000000000000000000000000'), 'ErrorTaskNotFound', 404);
    });
  });

  describe('cluster diagnosis', () => {
    it('runs a node diagnosis from created to completed, with a warning check item', async () => {
      const created = bodyOf(await a.createClusterDiagnosis(hzCluster, new $Cs.CreateClusterDiagnosisRequest({ type: 'node', target: { name: 'cn-hangzhou.10.0.1.24' } })));
      const diagnosisId = created.diagnosisId ?? '';
      assert.match(diagnosisId, /^[0-9a-f]{32}$/);
      assert.equal(created.clusterId, hzCluster);

      const request = new $Cs.GetClusterDiagnosisResultRequest({ language: 'en' });
      const seen = await pollUntil(async () => bodyOf(await a.getClusterDiagnosisResult(hzCluster, diagnosisId, request)), (r) => r.status === 2);
      const statuses = seen.map((r) => r.status);
      assert.equal(statuses[0], 0);
      assert.deepEqual([...new Set(statuses)], [0, 1, 2]);
      const result = seen.at(-1);
      assert.equal(result?.code, 0);
      assert.equal(result?.type, 'node');
      assert.deepEqual(JSON.parse(result?.target ?? ''), { name: 'cn-hangzhou.10.0.1.24' });
      const parsed = JSON.parse(result?.result ?? '') as { summary: { warning: number } };
      assert.equal(parsed.summary.warning, 1);
      assert.ok(result?.finished);

      const items = bodyOf(await a.getClusterDiagnosisCheckItems(hzCluster, diagnosisId, new $Cs.GetClusterDiagnosisCheckItemsRequest({ language: 'en' })));
      assert.equal(items.isSuccess, true);
      const checkItems = items.checkItems ?? [];
      assert.ok(checkItems.length >= 5);
      assert.ok(checkItems.every((i) => ['normal', 'warning', 'error'].includes(i.level ?? '')));
      const disk = checkItems.find((i) => i.name === 'DiskUsage');
      assert.equal(disk?.level, 'warning');
      assert.equal(disk?.value, '87%');
    });

    it('completes a pod diagnosis on a missing pod with code 1', async () => {
      const created = bodyOf(await b.createClusterDiagnosis(shCluster, new $Cs.CreateClusterDiagnosisRequest({ type: 'pod', target: { namespace: 'default', name: 'ghost-pod' } })));
      const diagnosisId = created.diagnosisId ?? '';
      const seen = await pollUntil(async () => bodyOf(await b.getClusterDiagnosisResult(shCluster, diagnosisId, new $Cs.GetClusterDiagnosisResultRequest({}))), (r) => r.status === 2);
      const result = seen.at(-1);
      assert.equal(result?.code, 1);
      assert.match(result?.message ?? '', /pod default\/ghost-pod not found/);
      const items = bodyOf(await b.getClusterDiagnosisCheckItems(shCluster, diagnosisId, new $Cs.GetClusterDiagnosisCheckItemsRequest({})));
      assert.deepEqual(items.checkItems, []);
    });

    it('validates the request and hides other accounts\' diagnoses', async () => {
      await rejection(a.createClusterDiagnosis(hzCluster, new $Cs.CreateClusterDiagnosisRequest({ type: 'kernel', target: {} })), 'InvalidParameter', 400);
      await rejection(a.createClusterDiagnosis(hzCluster, new $Cs.CreateClusterDiagnosisRequest({ type: 'pod', target: { name: 'x' } })), 'InvalidParameter', 400);
      const created = bodyOf(await a.createClusterDiagnosis(hzCluster, new $Cs.CreateClusterDiagnosisRequest({ type: 'cluster', target: {} })));
      const diagnosisId = created.diagnosisId ?? '';
      await rejection(b.getClusterDiagnosisResult(hzCluster, diagnosisId, new $Cs.GetClusterDiagnosisResultRequest({})), 'ErrorClusterNotFound', 404);
      await rejection(b.getClusterDiagnosisResult(shCluster, diagnosisId, new $Cs.GetClusterDiagnosisResultRequest({})), 'ErrorDiagnosisNotFound', 404);
      await rejection(a.getClusterDiagnosisResult(bjCluster, diagnosisId, new $Cs.GetClusterDiagnosisResultRequest({})), 'ErrorDiagnosisNotFound', 404);
    });
  });

  describe('fault injection', () => {
    it('server-error answers 503 ServiceUnavailable, `times` times', async () => {
      emu.faults.add({ kind: 'server-error', times: 2 });
      for (let i = 0; i < 2; i++) {
        const error = await rejection(a.describeClusterDetail(hzCluster), 'ServiceUnavailable', 503);
        assert.ok(error instanceof ServerError);
        assert.equal(lastRecord(emu).fault, 'server-error');
      }
      await a.describeClusterDetail(hzCluster);
      assert.equal(lastRecord(emu).status, 200);
    });

    it('throttling answers 429 Throttling.User with x-acs-retry-after, only for the chosen action', async () => {
      emu.faults.add({ kind: 'throttling', action: 'DescribeClusterDetail', retryAfterMs: 1500 });
      await a.describeClustersV1(new $Cs.DescribeClustersV1Request({}));
      const error = await rejection(a.describeClusterDetail(hzCluster), 'Throttling.User', 429);
      assert.ok(error instanceof ThrottlingError);
      assert.equal(error['retryAfter'], 1500);
      assert.deepEqual(emu.faults.pending(), []);
    });

    it('reset destroys the socket, which the SDK reports as a socket error', async () => {
      emu.faults.add({ kind: 'reset' });
      try {
        await a.describeClusterDetail(hzCluster);
        assert.fail('expected a socket error');
      } catch (error) {
        const e = error as { code?: string; message?: string; statusCode?: number };
        assert.equal(e.statusCode, undefined);
        assert.ok(e.code === 'ECONNRESET' || /socket hang up/.test(e.message ?? ''), `unexpected error ${e.code}: ${e.message}`);
      }
      const record = lastRecord(emu);
      assert.equal(record.status, 0);
      assert.equal(record.fault, 'reset');
      await a.describeClusterDetail(hzCluster);
    });

    it('latency delays the answer and then serves normally', async () => {
      emu.faults.add({ kind: 'latency', latencyMs: 200 });
      const started = Date.now();
      const detail = bodyOf(await a.describeClusterDetail(hzCluster));
      assert.ok(Date.now() - started >= 190);
      assert.equal(detail.clusterId, hzCluster);
      assert.equal(lastRecord(emu).fault, 'latency');
    });
  });
});

describe('ACK emulator with a custom seed', () => {
  it('denies RAM-forbidden actions with 403 Forbidden.RAM naming cs:<Action>', async () => {
    const seed = defaultSeed();
    const credential = seed.accounts[0]?.credentials[0];
    assert.ok(credential);
    credential.deniedActions = ['ScaleClusterNodePool'];
    const emu = await startAckEmulator({ seed, taskStepMs: STEP_MS, diagnosisStepMs: STEP_MS });
    try {
      const [account] = emu.accounts;
      assert.ok(account);
      const cs = client(emu, firstCredential(account));
      const [clusterId = ''] = account.clusterIds;
      const nodepoolId = account.nodepoolIds[clusterId]?.[0] ?? '';
      await cs.describeClusterDetail(clusterId);

      const error = await rejection(cs.scaleClusterNodePool(clusterId, nodepoolId, new $Cs.ScaleClusterNodePoolRequest({ count: 1 })), 'Forbidden.RAM', 403);
      assert.match(String(error['message']), /Action: cs:ScaleClusterNodePool/);
      const detail = error['accessDeniedDetail'] as Record<string, unknown>;
      assert.equal(detail['AuthAction'], 'cs:ScaleClusterNodePool');
      assert.equal(detail['AuthPrincipalOwnerId'], account.accountId);
      assert.equal(emu.state.tasks().length, 0);

      emu.state.credential(credential.accessKeyId)?.deniedActions.push('cs:DescribeClusterDetail');
      await rejection(cs.describeClusterDetail(clusterId), 'Forbidden.RAM', 403);
    } finally {
      await emu.close();
    }
  });
});
