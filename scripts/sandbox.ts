/**
 * `npm run sandbox`: the local emulators seeded with two tenants, and the MCP server wired to them
 * the way a remote multi-tenant deployment runs (bearer token on, credential source `headers`).
 * Writes a machine-readable description (default .sandbox/sandbox.json, or --info-file PATH) and
 * runs until SIGINT/SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { configureLogger } from '../src/observability/logger.js';
import { startServer } from '../src/server.js';
import { startAckEmulator } from '../test/emulators/ack/index.js';

const { values } = parseArgs({
  options: {
    'info-file': { type: 'string', default: '.sandbox/sandbox.json' },
    port: { type: 'string', default: '0' },
    'task-step-ms': { type: 'string', default: '3000' },
    quiet: { type: 'boolean', default: false },
  },
});

configureLogger({ level: values.quiet ? 'warn' : 'info' });
const stepMs = Number(values['task-step-ms']);
const emulator = await startAckEmulator({ taskStepMs: stepMs, diagnosisStepMs: stepMs });
const bearerToken = `sandbox-${randomBytes(18).toString('base64url')}`;
const server = await startServer(
  loadConfig({
    ...process.env,
    MCP_HOST: '127.0.0.1',
    MCP_PORT: values.port,
    MCP_AUTH_TOKEN: bearerToken,
    ALIBABA_CLOUD_CREDENTIAL_SOURCE: 'headers',
    ALIBABA_CLOUD_PROTOCOL: 'http',
    ACK_CS_ENDPOINT: emulator.endpoint,
    ACK_POLL_INITIAL_MS: '1000',
    ACK_POLL_MAX_MS: '5000',
  }),
);

const info = {
  mcpUrl: server.mcpUrl,
  bearerToken,
  tenants: emulator.accounts.map((account) => {
    const credential = account.credentials[0]!;
    return {
      name: account.name,
      headers: {
        'X-Aliyun-Access-Key-Id': credential.accessKeyId,
        'X-Aliyun-Access-Key-Secret': credential.accessKeySecret,
        ...(credential.securityToken ? { 'X-Aliyun-Security-Token': credential.securityToken } : {}),
      },
      clusterIds: account.clusterIds,
    };
  }),
  emulators: { cs: emulator.url },
};
mkdirSync(dirname(values['info-file']), { recursive: true });
writeFileSync(values['info-file'], `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });

process.stdout.write(
  [
    '',
    `ack-mcp-server sandbox is running: ${info.mcpUrl}`,
    `  bearer token : ${bearerToken}`,
    ...info.tenants.map((t) => `  tenant ${t.name.padEnd(7)}: ${t.headers['X-Aliyun-Security-Token'] ? 'STS' : 'AccessKey'} credentials, clusters ${t.clusterIds.join(', ')}`),
    `  ACK emulator : ${emulator.url}`,
    `  details      : ${values['info-file']} (headers for each tenant)`,
    '',
    `Try it: npx @modelcontextprotocol/inspector, transport "Streamable HTTP", URL ${info.mcpUrl},`,
    '        with the Authorization header and one tenant\'s X-Aliyun-* headers from the details file.',
    'Stop with Ctrl-C.',
    '',
  ].join('\n'),
);

const stop = async () => {
  await server.shutdown(2000);
  await emulator.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
