import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { connectV2, textOf, type ToolResult } from './helpers/clients.js';

interface SandboxInfo {
  mcpUrl: string;
  bearerToken: string;
  tenants: Array<{ name: string; kubernetesRole: string; headers: Record<string, string>; clusterIds: string[] }>;
  emulators: { cs: string; sls: string; arms: string; kubernetes: string[] };
  prometheus: string;
}

describe('npm run sandbox', () => {
  it('writes the info file and serves isolated tenants (AK and STS) with kubectl until SIGTERM', async () => {
    const infoFile = join(mkdtempSync(join(tmpdir(), 'ack-sandbox-')), 'sandbox.json');
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sandbox.ts', '--info-file', infoFile, '--quiet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null]>;
    try {
      for (let i = 0; i < 300 && !existsSync(infoFile); i++) await new Promise((r) => setTimeout(r, 50));
      const info = JSON.parse(readFileSync(infoFile, 'utf8')) as SandboxInfo;
      assert.match(info.mcpUrl, /^http:\/\/127\.0\.0\.1:\d+\/mcp\/v1$/);
      assert.deepEqual(info.tenants.map((t) => t.name), ['team-a', 'team-a-view', 'team-b']);
      assert.equal(info.emulators.kubernetes.length, 3);
      assert.match(info.emulators.sls, /^http:\/\/localhost:\d+$/);
      assert.match(info.prometheus, /^(available|unavailable: .+)$/);
      assert.ok(info.tenants.some((t) => t.headers['X-Aliyun-Security-Token']), 'one tenant uses STS');
      assert.ok(info.tenants.some((t) => !t.headers['X-Aliyun-Security-Token']), 'one tenant uses an AccessKey');
      for (const tenant of info.tenants) {
        const client = await connectV2(info.mcpUrl, { Authorization: `Bearer ${info.bearerToken}`, ...tenant.headers });
        const result = (await client.callTool({ name: 'list_clusters', arguments: {} })) as ToolResult;
        assert.ok(!result.isError, textOf(result));
        const ids = (result.structuredContent as { clusters: Array<{ cluster_id: string }> }).clusters.map((c) => c.cluster_id);
        assert.deepEqual(ids.sort(), [...tenant.clusterIds].sort());
        for (const id of ids) assert.match(id, /^c[a-z0-9]{32}$/);
        const pods = (await client.callTool({ name: 'kubectl', arguments: { cluster_id: tenant.clusterIds[0], command: 'get namespaces' } })) as ToolResult;
        assert.ok(!pods.isError, textOf(pods));
        assert.match(textOf(pods), /kube-system/);
        // Logs and metrics tell the same story as kubectl: the crash-looping pod.
        const warnings = (await client.callTool({
          name: 'sls_execute_sql_query',
          arguments: { cluster_id: tenant.clusterIds[0], query: 'reason: BackOff | select name, count(*) as c group by name order by c desc' },
        })) as ToolResult;
        assert.ok(!warnings.isError, textOf(warnings));
        const crashing = (warnings.structuredContent as { rows: Array<{ name: string }> }).rows[0]?.name ?? '';
        assert.match(crashing, /^(checkout-api|llm-serving)-/);
        if (info.prometheus === 'available') {
          const restarts = (await client.callTool({
            name: 'cms_execute_promql_query',
            arguments: { cluster_id: tenant.clusterIds[0], query: `kube_pod_container_status_restarts_total{pod="${crashing}"}` },
          })) as ToolResult;
          assert.ok(!restarts.isError, textOf(restarts));
          assert.ok(Number((restarts.structuredContent as { series: Array<{ value: [number, number] }> }).series[0]?.value[1]) > 0);
        }
        await client.close();
      }
      const unauthenticated = await fetch(info.mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(unauthenticated.status, 401);
      child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0, output);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
