import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { staticCredentials } from '../src/aliyun/credentials.js';
import { AliyunClients } from '../src/aliyun/clients.js';
import type { Caller } from '../src/http/caller.js';
import { loadConfig } from '../src/config.js';
import { AckService } from '../src/services/ack.js';
import { AckKubeconfigs } from '../src/services/ack-kubeconfigs.js';
import { startCloud, type Cloud } from './emulators/cloud.js';
import { connectV2, textOf, type ToolResult } from './helpers/clients.js';
import { startHarness, type Harness, type Tenant } from './helpers/harness.js';

const kubeconfigFetches = (h: Harness, accessKeyId: string) =>
  h.emulator.record.filter((r) => r.action === 'DescribeClusterUserKubeconfig' && r.accessKeyId === accessKeyId).length;

describe('per-caller kubeconfigs', () => {
  let h: Harness;
  let teamA: Tenant;
  let prod: string;

  before(async () => {
    h = await startHarness({ env: { ACK_KUBECONFIG_TTL_MINUTES: '30' } });
    teamA = h.tenants[0]!;
    prod = teamA.clusterIds[0]!;
  });
  after(() => h.close());

  it('fetches one kubeconfig per (caller, cluster) across 50 calls, 25 of them concurrent', async () => {
    const client = await connectV2(h.server.mcpUrl, h.headersFor(teamA));
    try {
      const call = () => client.callTool({ name: 'list_kubernetes_resources', arguments: { cluster_id: prod, kind: 'ns' } }) as Promise<ToolResult>;
      const first = await Promise.all(Array.from({ length: 25 }, call));
      for (const result of first) assert.ok(!result.isError, textOf(result));
      for (let i = 0; i < 25; i++) assert.ok(!(await call()).isError);
    } finally {
      await client.close();
    }
    assert.equal(kubeconfigFetches(h, teamA.accessKeyId), 1);
    const fetch = h.emulator.record.find((r) => r.action === 'DescribeClusterUserKubeconfig' && r.accessKeyId === teamA.accessKeyId);
    assert.match(fetch?.path ?? '', new RegExp(`/k8s/${prod}/user_config`));
  });

  it('never shares a kubeconfig between credentials, even within one account', async () => {
    const viewer = await connectV2(h.server.mcpUrl, h.headersFor(h.viewer));
    try {
      const result = (await viewer.callTool({ name: 'list_kubernetes_resources', arguments: { cluster_id: prod, kind: 'ns' } })) as ToolResult;
      assert.ok(!result.isError, textOf(result));
    } finally {
      await viewer.close();
    }
    assert.equal(kubeconfigFetches(h, h.viewer.accessKeyId), 1);
    const api = h.cloud.kubernetes.get(prod)!;
    const namespaceLists = api.record.filter((r) => r.resource === 'namespaces' && r.verb === 'list');
    assert.ok(namespaceLists.some((r) => r.user === 'ack-viewer@team-a.onaliyun.com'));
    assert.ok(namespaceLists.some((r) => r.user === 'ack-operator@team-a.onaliyun.com'));
  });

  it('uses the private endpoint when configured, and says which endpoint is missing when not', async () => {
    const staging = teamA.clusterIds[1]!;
    const client = await connectV2(h.server.mcpUrl, h.headersFor(teamA));
    try {
      const result = (await client.callTool({ name: 'kubectl', arguments: { cluster_id: staging, command: 'get ns' } })) as ToolResult;
      assert.ok(result.isError);
      assert.match(textOf(result), new RegExp(`Cluster ${staging} has no public API server endpoint enabled`));
    } finally {
      await client.close();
    }
    const privateServer = await startHarness({ env: { ACK_KUBECONFIG_ENDPOINT: 'private' } });
    try {
      const tenant = privateServer.tenants[0]!;
      const client2 = await connectV2(privateServer.server.mcpUrl, privateServer.headersFor(tenant));
      const result = (await client2.callTool({ name: 'kubectl', arguments: { cluster_id: tenant.clusterIds[1]!, command: 'get ns' } })) as ToolResult;
      await client2.close();
      assert.ok(!result.isError, textOf(result));
      assert.match(textOf(result), /kube-system/);
      const fetch = privateServer.emulator.record.find((r) => r.action === 'DescribeClusterUserKubeconfig');
      assert.ok(fetch);
    } finally {
      await privateServer.close();
    }
  });
});

describe('kubeconfig cache lifetime', () => {
  let cloud: Cloud;
  before(async () => {
    cloud = await startCloud();
  });
  after(() => cloud.close());

  it('refreshes well before expiry, shares one fetch between concurrent callers, and keeps a working kubeconfig if a refresh fails', async () => {
    const account = cloud.ack.accounts[0]!;
    const credential = account.credentials[0]!;
    const config = loadConfig({ ACK_CS_ENDPOINT: cloud.ack.endpoint, ALIBABA_CLOUD_PROTOCOL: 'http', ALIBABA_CLOUD_READ_RETRIES: '0' });
    const clients = new AliyunClients(config);
    const caller: Caller = {
      principal: { name: 'test', readOnly: false, tools: undefined, credentialSource: 'headers' },
      credentials: { ok: true, credentials: staticCredentials(credential.accessKeyId, credential.accessKeySecret) },
      region: 'cn-hangzhou',
    };
    let now = Date.now();
    const kubeconfigs = new AckKubeconfigs({
      endpoint: 'public',
      minutes: 60,
      maxEntries: 10,
      now: () => now,
      ackFor: (c) => new AckService(clients.cs((c.credentials as { ok: true; credentials: never }).credentials, c.region), { retries: 0, baseMs: 1 }),
    });
    const clusterId = account.clusterIds[0]!;
    const [a, b, c] = await Promise.all([kubeconfigs.access(caller, clusterId), kubeconfigs.access(caller, clusterId), kubeconfigs.access(caller, clusterId)]);
    assert.equal(kubeconfigs.fetches, 1);
    assert.ok(a === b && b === c);
    const lifetime = a.expiresAt - Date.now();
    assert.ok(lifetime > 59 * 60_000 && lifetime <= 60 * 60_000 + 1000, `expiration from the API: ${lifetime} ms`);
    assert.match(a.kubeconfig, /certificate-authority-data/);

    now += 40 * 60_000; // 20 minutes left: still more than a quarter of the lifetime
    assert.equal(await kubeconfigs.access(caller, clusterId), a);
    now += 6 * 60_000; // 14 minutes left: refresh
    const refreshed = await kubeconfigs.access(caller, clusterId);
    assert.equal(kubeconfigs.fetches, 2);
    assert.notEqual(refreshed.kubeconfig, a.kubeconfig);

    now = refreshed.expiresAt - 10 * 60_000; // due for refresh, still valid for ten minutes
    cloud.ack.faults.add({ kind: 'server-error', action: 'DescribeClusterDetail', times: 1 });
    const kept = await kubeconfigs.access(caller, clusterId);
    assert.equal(kept, refreshed, 'a failed refresh keeps the kubeconfig that still works');
    assert.equal(kubeconfigs.fetches, 3);
  });
});

describe('in-cluster mode', () => {
  it('uses the pod service account for its own cluster only', async () => {
    const cloud = await startCloud();
    const clusterId = cloud.ack.accounts[0]!.clusterIds[0]!;
    const api = cloud.kubernetes.get(clusterId)!;
    api.bind({ user: 'system:serviceaccount:ack-mcp:ack-mcp-server', role: 'view' });
    const saDir = mkdtempSync(join(tmpdir(), 'sa-'));
    writeFileSync(join(saDir, 'token'), api.issueToken({ user: 'system:serviceaccount:ack-mcp:ack-mcp-server' }, new Date(Date.now() + 3_600_000)));
    writeFileSync(join(saDir, 'ca.crt'), api.caPem);
    const url = new URL(api.url);
    process.env['KUBERNETES_SERVICE_HOST'] = url.hostname;
    process.env['KUBERNETES_SERVICE_PORT'] = url.port;
    const h = await startHarness({
      env: { KUBERNETES_MODE: 'in-cluster', KUBERNETES_IN_CLUSTER_ID: clusterId, KUBERNETES_SERVICE_ACCOUNT_DIR: saDir },
    });
    try {
      const client = await connectV2(h.server.mcpUrl, h.headersFor(h.tenants[0]!));
      const own = (await client.callTool({ name: 'kubectl', arguments: { cluster_id: clusterId, command: 'get pods -n payments' } })) as ToolResult;
      assert.match(textOf(own), /checkout-api-7d9c8b6f5-x2k4q/);
      const other = (await client.callTool({ name: 'kubectl', arguments: { cluster_id: h.tenants[1]!.clusterIds[0]!, command: 'get pods' } })) as ToolResult;
      assert.ok(other.isError);
      assert.match(textOf(other), /runs inside cluster .* can reach only that cluster/);
      await client.close();
      assert.ok(api.record.some((r) => r.user === 'system:serviceaccount:ack-mcp:ack-mcp-server'));
      assert.equal(h.emulator.record.filter((r) => r.action === 'DescribeClusterUserKubeconfig').length, 0);
    } finally {
      delete process.env['KUBERNETES_SERVICE_HOST'];
      delete process.env['KUBERNETES_SERVICE_PORT'];
      await h.close();
      await cloud.close();
    }
  });
});
