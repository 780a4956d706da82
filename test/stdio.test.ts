// stdio transport: `ack-mcp-server --transport stdio` as a local MCP client starts it (Claude Desktop,
// Claude Code, Cursor), with the Alibaba Cloud default credential chain from its environment.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioV2 } from '@modelcontextprotocol/client/stdio';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { SeededAccount } from './emulators/ack/index.js';
import { startCloud, type Cloud } from './emulators/cloud.js';
import { kubectlPath } from './helpers/binaries.js';
import { textOf, type ToolResult } from './helpers/clients.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = [process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), '--transport', 'stdio']] as const;

let cloud: Cloud;
let workDir: string;

/** The environment a local MCP client config would give the server: settings plus one RAM identity. */
function serverEnv(account: SeededAccount): Record<string, string> {
  const credential = account.credentials[0]!;
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: workDir,
    ALIBABA_CLOUD_ACCESS_KEY_ID: credential.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: credential.accessKeySecret,
    ...(credential.securityToken ? { ALIBABA_CLOUD_SECURITY_TOKEN: credential.securityToken } : {}),
    ALIBABA_CLOUD_PROTOCOL: 'http',
    ACK_CS_ENDPOINT: cloud.ack.endpoint,
    ALIBABA_CLOUD_RETRY_BASE_MS: '5',
    KUBECTL_PATH: kubectlPath(),
    KUBECTL_WORK_DIR: workDir,
    MCP_LOG_LEVEL: 'warn',
  };
}

const account = (name: string) => cloud.ack.accounts.find((a) => a.name === name)!;

describe('stdio transport', () => {
  before(async () => {
    cloud = await startCloud({ taskStepMs: 40, diagnosisStepMs: 40 });
    workDir = mkdtempSync(join(tmpdir(), 'ack-mcp-stdio-'));
  });
  after(async () => {
    await cloud.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('v1 SDK client: lists tools and calls ACK and kubectl as the environment identity (STS)', async () => {
    const teamB = account('team-b');
    const before = cloud.ack.record.length;
    const client = new ClientV1({ name: 'stdio-v1', version: '1.0.0' });
    const transport = new StdioV1({ command: entry[0], args: [...entry[1]], env: serverEnv(teamB), stderr: 'pipe' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.ok(tools.some((t) => t.name === 'scale_nodepool') && tools.some((t) => t.name === 'kubectl'), 'the whole catalogue is offered');

      const clusters = (await client.callTool({ name: 'list_clusters', arguments: {} })) as ToolResult;
      assert.ok(!clusters.isError, textOf(clusters));
      const ids = (clusters.structuredContent as { clusters: Array<{ cluster_id: string }> }).clusters.map((c) => c.cluster_id).sort();
      assert.deepEqual(ids, [...teamB.clusterIds].sort(), 'exactly the clusters of the identity in the environment');

      const pods = (await client.callTool({ name: 'kubectl', arguments: { cluster_id: teamB.clusterIds[0], command: 'get namespaces -o name' } })) as ToolResult;
      assert.ok(!pods.isError, textOf(pods));
      assert.match((pods.structuredContent as { stdout: string }).stdout, /namespace\/default/);

      const bad = (await client.callTool({ name: 'list_nodepools', arguments: { cluster_id: 'nope' } })) as ToolResult;
      assert.equal(bad.isError, true);
      assert.match(textOf(bad), /cluster_id/);
    } finally {
      await client.close();
    }
    const calls = cloud.ack.record.slice(before);
    assert.ok(calls.length >= 2, 'ACK was called');
    const credential = teamB.credentials[0]!;
    assert.ok(credential.securityToken, 'team-b signs with STS credentials');
    for (const call of calls) {
      assert.equal(call.accessKeyId, credential.accessKeyId, `${call.action} signed by the environment's AccessKey`);
      assert.equal(call.securityToken, credential.securityToken, 'the STS token from ALIBABA_CLOUD_SECURITY_TOKEN is sent');
      assert.equal(call.status, 200);
    }
  });

  it('v2 SDK client: lists tools and follows an asynchronous scale task', async () => {
    const teamA = account('team-a');
    const client = new ClientV2({ name: 'stdio-v2', version: '1.0.0' });
    await client.connect(new StdioV2({ command: entry[0], args: [...entry[1]], env: serverEnv(teamA), stderr: 'pipe' }));
    try {
      const { tools } = await client.listTools();
      assert.equal(tools.length, 19);
      const pools = (await client.callTool({ name: 'list_nodepools', arguments: { cluster_id: teamA.clusterIds[0] } })) as ToolResult;
      assert.ok(!pools.isError, textOf(pools));
      const pool = (pools.structuredContent as { nodepools: Array<{ nodepool_id: string; desired_size?: number }> }).nodepools[0]!;
      const scaled = (await client.callTool({
        name: 'scale_nodepool',
        arguments: { cluster_id: teamA.clusterIds[0], nodepool_id: pool.nodepool_id, count: 1, wait_seconds: 30 },
      })) as ToolResult;
      assert.ok(!scaled.isError, textOf(scaled));
      assert.equal((scaled.structuredContent as { task?: { state: string } }).task?.state, 'success');
    } finally {
      await client.close();
    }
  });

  it('exits 0 when the client closes stdin', () => {
    const run = spawnSync(entry[0], [...entry[1]], { env: serverEnv(account('team-a')), input: '', encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.signal, null, 'it exited by itself, before the timeout');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '');
  });

  it('refuses ALIBABA_CLOUD_CREDENTIAL_SOURCE=headers, which cannot work without HTTP headers', () => {
    const run = spawnSync(entry[0], [...entry[1]], {
      env: { ...serverEnv(account('team-a')), ALIBABA_CLOUD_CREDENTIAL_SOURCE: 'headers' },
      input: '',
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /stdio has no request headers/);
    assert.equal(run.stdout, '', 'nothing but protocol messages may reach stdout');
  });
});
