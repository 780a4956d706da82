import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AliyunClients } from '../src/aliyun/clients.js';
import { staticCredentials } from '../src/aliyun/credentials.js';
import { loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import { startAckEmulator, type AckEmulator } from './emulators/ack/index.js';
import { connectV2, textOf, type ToolResult } from './helpers/clients.js';
import { captureLogs } from './helpers/log-capture.js';

const TOKEN = 'credential-source-token-0123456789';

describe('credential sources', () => {
  let emulator: AckEmulator;
  let server: RunningServer;
  captureLogs();

  before(async () => {
    emulator = await startAckEmulator();
    // The server identity for the default chain: tenant A's AccessKey, from the environment only
    // (hermetic: no profile files, no CLI profile, no ECS metadata).
    const serverIdentity = emulator.accounts[0]!.credentials[0]!;
    Object.assign(process.env, {
      HOME: mkdtempSync(join(tmpdir(), 'ack-home-')),
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
      ALIBABA_CLOUD_CREDENTIALS_FILE: join(tmpdir(), 'no-such-credentials-file'),
      ALIBABA_CLOUD_ACCESS_KEY_ID: serverIdentity.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: serverIdentity.accessKeySecret,
    });
    server = await startServer(
      loadConfig({
        MCP_PORT: '0',
        MCP_AUTH_TOKEN: TOKEN,
        ALIBABA_CLOUD_CREDENTIAL_SOURCE: 'headers-or-default',
        ALIBABA_CLOUD_PROTOCOL: 'http',
        ACK_CS_ENDPOINT: emulator.endpoint,
      }),
    );
  });
  after(async () => {
    await server.shutdown(100);
    await emulator.close();
  });

  const listClusters = async (headers: Record<string, string>) => {
    const client = await connectV2(server.mcpUrl, { Authorization: `Bearer ${TOKEN}`, ...headers });
    const result = (await client.callTool({ name: 'list_clusters', arguments: {} })) as ToolResult;
    await client.close();
    return result;
  };

  it('headers-or-default: a caller with headers acts as itself', async () => {
    const b = emulator.accounts[1]!;
    const credential = b.credentials[0]!;
    const result = await listClusters({
      'X-Aliyun-Access-Key-Id': credential.accessKeyId,
      'X-Aliyun-Access-Key-Secret': credential.accessKeySecret,
      ...(credential.securityToken ? { 'X-Aliyun-Security-Token': credential.securityToken } : {}),
    });
    assert.ok(!result.isError, textOf(result));
    assert.deepEqual((result.structuredContent as { clusters: Array<{ cluster_id: string }> }).clusters.map((c) => c.cluster_id).sort(), [...b.clusterIds].sort());
    assert.equal(emulator.record.at(-1)?.account, b.name);
  });

  it('headers-or-default: a caller without headers gets the server identity from the default chain', async () => {
    const a = emulator.accounts[0]!;
    const result = await listClusters({});
    assert.ok(!result.isError, textOf(result));
    assert.equal(emulator.record.at(-1)?.account, a.name);
    assert.equal(emulator.record.at(-1)?.accessKeyId, a.credentials[0]!.accessKeyId);
  });

  it('headers-or-default: a half-given set of headers is refused, not completed from the server identity', async () => {
    const before = emulator.record.length;
    const result = await listClusters({ 'X-Aliyun-Access-Key-Id': 'LTAI5tSomeoneElse' });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /X-Aliyun-Access-Key-Secret missing/);
    assert.equal(emulator.record.length, before);
  });
});

describe('SDK client cache', () => {
  const config = loadConfig({ CLIENT_CACHE_MAX: '2' });
  it('reuses a client only for identical credentials and region', () => {
    const clients = new AliyunClients(config);
    const a = staticCredentials('LTAI5tAAAAAAAA', 'secret-one-aaaaaaaa');
    assert.equal(clients.cs(a, 'cn-hangzhou'), clients.cs(staticCredentials('LTAI5tAAAAAAAA', 'secret-one-aaaaaaaa'), 'cn-hangzhou'));
    assert.notEqual(clients.cs(a, 'cn-hangzhou'), clients.cs(staticCredentials('LTAI5tAAAAAAAA', 'secret-two-bbbbbbbb'), 'cn-hangzhou'));
    assert.notEqual(clients.cs(a, 'cn-hangzhou'), clients.cs(a, 'cn-beijing'));
    const sts = (token: string) => staticCredentials('STS.NTxxxxxxxx', 'sts-secret-cccccccc', token);
    assert.notEqual(clients.cs(sts('token-one-xxxxxxxx'), 'cn-hangzhou'), clients.cs(sts('token-two-yyyyyyyy'), 'cn-hangzhou'));
  });

  it('is bounded', () => {
    const clients = new AliyunClients(config);
    for (let i = 0; i < 10; i++) clients.cs(staticCredentials(`LTAI5tKEY${i}xxxxx`, `secret-${i}-zzzzzzzz`), 'cn-hangzhou');
    assert.equal(clients.stats().size, 2);
    assert.equal(clients.stats().misses, 10);
  });
});
