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
import { startCloud } from '../test/emulators/cloud.js';
import { kubectlPath } from '../test/helpers/binaries.js';
import { installLocalDns } from '../test/helpers/local-dns.js';

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
// The emulated SLS is reached as `{project}.localhost:PORT`, which this makes resolve (sandbox only).
installLocalDns();
const cloud = await startCloud({ taskStepMs: stepMs, diagnosisStepMs: stepMs, prometheus: true });
const emulator = cloud.ack;
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
    SLS_ENDPOINT: cloud.sls.endpoint,
    ARMS_ENDPOINT: cloud.arms.endpoint,
    ACK_POLL_INITIAL_MS: '1000',
    ACK_POLL_MAX_MS: '5000',
    KUBECTL_PATH: kubectlPath(),
  }),
);

const info = {
  mcpUrl: server.mcpUrl,
  bearerToken,
  // Every credential is a tenant: team-a's second one is bound to the Kubernetes `view` role only.
  tenants: emulator.accounts.flatMap((account) =>
    account.credentials.map((credential, index) => ({
      name: index === 0 ? account.name : `${account.name}-${credential.kubernetesRole}`,
      kubernetesRole: credential.kubernetesRole,
      headers: {
        'X-Aliyun-Access-Key-Id': credential.accessKeyId,
        'X-Aliyun-Access-Key-Secret': credential.accessKeySecret,
        ...(credential.securityToken ? { 'X-Aliyun-Security-Token': credential.securityToken } : {}),
      },
      clusterIds: account.clusterIds,
    })),
  ),
  emulators: {
    cs: emulator.url,
    sls: cloud.sls.url,
    arms: cloud.arms.url,
    kubernetes: [...cloud.kubernetes.values()].map((k) => k.url),
  },
  // PromQL is answered by a real Prometheus (Debian package `prometheus`) when it is installed.
  prometheus: cloud.prometheus.unavailable === undefined ? 'available' : `unavailable: ${cloud.prometheus.unavailable}`,
};
mkdirSync(dirname(values['info-file']), { recursive: true });
writeFileSync(values['info-file'], `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });

process.stdout.write(
  [
    '',
    `ack-mcp-server sandbox is running: ${info.mcpUrl}`,
    `  bearer token : ${bearerToken}`,
    ...info.tenants.map(
      (t) =>
        `  tenant ${t.name.padEnd(13)}: ${t.headers['X-Aliyun-Security-Token'] ? 'STS' : 'AccessKey'} credentials, Kubernetes role ${t.kubernetesRole}, clusters ${t.clusterIds.join(', ')}`,
    ),
    `  ACK emulator : ${emulator.url}`,
    `  API servers  : ${info.emulators.kubernetes.join(', ')}`,
    `  SLS / ARMS   : ${info.emulators.sls} / ${info.emulators.arms}`,
    `  Prometheus   : ${info.prometheus}`,
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
  await cloud.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
