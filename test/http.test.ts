import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import { captureLogs } from './helpers/log-capture.js';

const TOKEN = 'http-test-token-0123456789';
const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
};
const ACCEPT = 'application/json, text/event-stream';

describe('HTTP layer', () => {
  let server: RunningServer;
  const logs = captureLogs();
  before(async () => {
    server = await startServer(
      loadConfig({ MCP_PORT: '0', MCP_AUTH_TOKEN: TOKEN, MCP_MAX_BODY_BYTES: '2048', MCP_ALLOWED_ORIGINS: 'https://console.example.com' }),
    );
  });
  after(() => server.shutdown(100));

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(server.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, authorization: `Bearer ${TOKEN}`, ...headers },
      body,
    });

  it('answers liveness and readiness without auth', async () => {
    assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
  });

  it('401 with a Bearer challenge when the token is missing or wrong', async () => {
    const missing = await post(JSON.stringify(INIT), { authorization: '' });
    assert.equal(missing.status, 401);
    assert.match(missing.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.match(missing.headers.get('content-type') ?? '', /application\/json/);
    const wrong = await post(JSON.stringify(INIT), { authorization: 'Bearer not-the-token-at-all' });
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers.get('www-authenticate') ?? '', /invalid_token/);
    const body = (await wrong.json()) as Record<string, unknown>;
    assert.ok(!JSON.stringify(body).includes('not-the-token-at-all'));
  });

  it('403 for a disallowed Origin, 200 for an allowed one', async () => {
    const evil = await post(JSON.stringify(INIT), { origin: 'https://evil.example' });
    assert.equal(evil.status, 403);
    assert.match(JSON.stringify(await evil.json()), /Origin/);
    const good = await post(JSON.stringify(INIT), { origin: 'https://console.example.com' });
    assert.equal(good.status, 200);
    await good.text();
  });

  it('403 for a foreign Host on a loopback-bound server', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(server.mcpUrl, { method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify(INIT));
    });
    assert.equal(status, 403);
  });

  it('400 with JSON-RPC -32700 for malformed JSON', async () => {
    const res = await post('{"jsonrpc": "2.0", "id": 1, "method": ');
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: number } };
    assert.equal(body.error.code, -32700);
  });

  it('413 for an oversized body, as JSON', async () => {
    const res = await post(JSON.stringify({ ...INIT, padding: 'x'.repeat(4096) }));
    assert.equal(res.status, 413);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  });

  it('405 for GET and DELETE on the MCP endpoint, 404 JSON elsewhere', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(server.mcpUrl, { method, headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'POST');
      await res.json();
    }
    const missing = await fetch(`${server.url}/nope`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /application\/json/);
  });

  it('serves /mcp as an alias and tags responses with a request id', async () => {
    const res = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, authorization: `Bearer ${TOKEN}`, 'x-request-id': 'req-abc.1' },
      body: JSON.stringify(INIT),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-request-id'), 'req-abc.1');
    await res.text();
    assert.ok(logs.some((line) => line.includes('"request_id":"req-abc.1"')));
  });

  it('never logs the bearer token', () => {
    assert.ok(logs.length > 0);
    assert.ok(!logs.some((line) => line.includes(TOKEN)));
  });
});

describe('startup refusal', () => {
  it('refuses a non-loopback address without auth unless told to', async () => {
    await assert.rejects(startServer(loadConfig({ MCP_HOST: '0.0.0.0', MCP_PORT: '0' })), /Refusing to listen on 0\.0\.0\.0 without authentication/);
    const server = await startServer(loadConfig({ MCP_HOST: '0.0.0.0', MCP_PORT: '0' }), { allowUnauthenticated: true });
    await server.shutdown(100);
  });

  it('refuses an allow-list naming an unknown tool', async () => {
    await assert.rejects(startServer(loadConfig({ MCP_PORT: '0', MCP_TOOLS: 'list_clusters,scale_everything' })), /unknown tool "scale_everything"/);
  });
});
