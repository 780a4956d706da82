import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { startAckEmulator, type AckEmulator } from './emulators/ack/index.js';
import { connectV1, textOf, type ToolResult } from './helpers/clients.js';

const TOKEN = 'shutdown-test-token-0123456789';

describe('graceful shutdown (SIGTERM)', () => {
  let emulator: AckEmulator;
  before(async () => {
    emulator = await startAckEmulator({ taskStepMs: 300 });
  });
  after(() => emulator.close());

  it('finishes in-flight calls, refuses new ones, reports not ready, and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--port', '0'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        MCP_AUTH_TOKEN: TOKEN,
        ALIBABA_CLOUD_PROTOCOL: 'http',
        ACK_CS_ENDPOINT: emulator.endpoint,
        ACK_POLL_INITIAL_MS: '50',
        ACK_POLL_MAX_MS: '100',
        MCP_SHUTDOWN_GRACE_SECONDS: '20',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      for (let i = 0; i < 200 && !/"msg":"listening"/.test(stderr); i++) await new Promise((r) => setTimeout(r, 50));
      const mcpUrl = /"url":"(http:\/\/127\.0\.0\.1:\d+\/mcp\/v1)"/.exec(stderr)?.[1];
      assert.ok(mcpUrl, `server did not start:\n${stderr}`);
      const base = mcpUrl.replace('/mcp/v1', '');

      const account = emulator.accounts[0]!;
      const credential = account.credentials[0]!;
      const headers = {
        Authorization: `Bearer ${TOKEN}`,
        'X-Aliyun-Access-Key-Id': credential.accessKeyId,
        'X-Aliyun-Access-Key-Secret': credential.accessKeySecret,
        ...(credential.securityToken ? { 'X-Aliyun-Security-Token': credential.securityToken } : {}),
      };
      const client = await connectV1(mcpUrl, headers);
      const cluster = account.clusterIds[0]!;
      const inFlight = client.callTool({
        name: 'scale_nodepool',
        arguments: { cluster_id: cluster, nodepool_id: account.nodepoolIds[cluster]![0], count: 1, wait_seconds: 30 },
      }) as Promise<ToolResult>;
      for (let i = 0; i < 100 && !emulator.record.some((r) => r.action === 'DescribeTaskInfo'); i++) await new Promise((r) => setTimeout(r, 20));

      child.kill('SIGTERM');
      for (let i = 0; i < 100 && !/"msg":"draining"/.test(stderr); i++) await new Promise((r) => setTimeout(r, 20));
      const ready = await fetch(`${base}/readyz`);
      assert.equal(ready.status, 503, 'readiness fails while draining');
      const refused = await fetch(mcpUrl, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list', params: {} }),
      });
      assert.equal(refused.status, 503, 'new calls are refused');
      assert.match(JSON.stringify(await refused.json()), /shutting down/);

      const result = await inFlight;
      assert.ok(!result.isError, textOf(result));
      assert.equal((result.structuredContent as { task: { state: string } }).task.state, 'success', 'the in-flight call completed');
      const [code] = await exited;
      assert.equal(code, 0, stderr);
      assert.match(stderr, /"all_calls_finished":true/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
