import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import { connectV1, connectV2 } from './helpers/clients.js';
import { captureLogs } from './helpers/log-capture.js';

const SNAPSHOT = 'test/snapshots/tools-list.json';
const TOKEN = 'snapshot-test-token-0123456789';
const READER_TOKEN = 'reader-token-abcdefghijklmnop';
const ONLY_TASKS_TOKEN = 'tasks-token-abcdefghijklmnopq';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('tools/list', () => {
  let server: RunningServer;
  captureLogs();
  before(async () => {
    const tokensFile = join(mkdtempSync(join(tmpdir(), 'ack-mcp-')), 'tokens.json');
    writeFileSync(
      tokensFile,
      JSON.stringify({
        principals: [
          { name: 'readers', token_sha256: sha256(READER_TOKEN), read_only: true },
          { name: 'task-watch', token_sha256: sha256(ONLY_TASKS_TOKEN), tools: ['describe_task_info', 'scale_nodepool'] },
        ],
      }),
    );
    server = await startServer(loadConfig({ MCP_PORT: '0', MCP_AUTH_TOKEN: TOKEN, MCP_TOKENS_FILE: tokensFile }));
  });
  after(() => server.shutdown(100));

  it('matches the snapshot (names, annotations, schemas); UPDATE_SNAPSHOTS=1 rewrites it', async () => {
    const client = await connectV1(server.mcpUrl, { Authorization: `Bearer ${TOKEN}` });
    const { tools } = await client.listTools();
    await client.close();
    const actual = `${JSON.stringify(tools, null, 2)}\n`;
    if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(SNAPSHOT, actual);
    assert.ok(existsSync(SNAPSHOT), `${SNAPSHOT} is missing: run with UPDATE_SNAPSHOTS=1 and review it`);
    assert.equal(actual, readFileSync(SNAPSHOT, 'utf8'), 'tools/list changed: review the diff and run with UPDATE_SNAPSHOTS=1');
  });

  it('is identical in both protocol eras', async () => {
    const v1 = await connectV1(server.mcpUrl, { Authorization: `Bearer ${TOKEN}` });
    const v2 = await connectV2(server.mcpUrl, { Authorization: `Bearer ${TOKEN}` });
    assert.deepEqual((await v2.listTools()).tools, (await v1.listTools()).tools);
    await v1.close();
    await v2.close();
  });

  it('a read-only principal sees only tools annotated read-only, and calling a write tool says why', async () => {
    const client = await connectV2(server.mcpUrl, { Authorization: `Bearer ${READER_TOKEN}` });
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      [
        'list_clusters', 'list_nodepools', 'list_cluster_nodes', 'describe_task_info', 'get_cluster_diagnosis_result',
        'kubectl', 'list_kubernetes_resources', 'get_kubernetes_resource', 'get_pod_logs', 'list_kubernetes_events',
        'describe_cluster_observability', 'sls_execute_sql_query', 'sls_translate_text_to_sql_query', 'sls_diagnose_query',
        'cms_execute_promql_query', 'cms_translate_text_to_promql',
      ],
    );
    assert.ok(tools.every((t) => t.annotations?.readOnlyHint === true));
    await assert.rejects(client.callTool({ name: 'scale_nodepool', arguments: {} }), /not available: principal "readers" is read-only/);
    await client.close();
  });

  it("a principal's tool allow-list narrows the list", async () => {
    const client = await connectV1(server.mcpUrl, { Authorization: `Bearer ${ONLY_TASKS_TOKEN}` });
    assert.deepEqual((await client.listTools()).tools.map((t) => t.name), ['scale_nodepool', 'describe_task_info']);
    await assert.rejects(client.callTool({ name: 'list_clusters', arguments: {} }), /principal "task-watch" is not allowed to use it/);
    await client.close();
  });
});

describe('server-wide read-only mode', () => {
  it('hides every tool not annotated read-only, for every principal', async () => {
    captureLogs();
    const server = await startServer(loadConfig({ MCP_PORT: '0', MCP_AUTH_TOKEN: TOKEN, MCP_READ_ONLY: 'true', KUBECTL_ACCESS_LEVEL: 'admin' }));
    const client = await connectV2(server.mcpUrl, { Authorization: `Bearer ${TOKEN}` });
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    // kubectl stays, narrowed to read-only whatever KUBECTL_ACCESS_LEVEL says.
    const kubectl = tools.find((t) => t.name === 'kubectl');
    assert.equal(kubectl?.annotations?.readOnlyHint, true);
    assert.match(kubectl?.description ?? '', /Access level read-only/);
    assert.ok(!names.includes('scale_nodepool') && !names.includes('remove_nodepool_nodes') && !names.includes('create_cluster_diagnosis'));
    assert.ok(names.includes('list_clusters'));
    await assert.rejects(client.callTool({ name: 'remove_nodepool_nodes', arguments: {} }), /the server runs in read-only mode/);
    await client.close();
    await server.shutdown(100);
  });
});
