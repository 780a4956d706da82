import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AckEmulator, SeededAccount, SeededCredential } from '../emulators/ack/index.js';
import { startCloud, type Cloud } from '../emulators/cloud.js';
import { kubectlPath } from './binaries.js';
import { loadConfig, type Config } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { captureLogs } from './log-capture.js';
import { installLocalDns } from './local-dns.js';
import type { Headers } from './clients.js';

export const BEARER = 'test-bearer-token-0123456789abcdef';

export interface Tenant {
  name: string;
  headers: Headers;
  secrets: string[];
  accessKeyId: string;
  clusterIds: string[];
}

export interface Harness {
  emulator: AckEmulator;
  cloud: Cloud;
  /** team-a's second credential, bound to the Kubernetes `view` role in team-a's clusters. */
  viewer: Tenant;
  server: RunningServer;
  config: Config;
  logs: string[];
  tenants: Tenant[];
  /** Bearer plus the tenant's X-Aliyun-* headers. */
  headersFor(tenant: Tenant): Headers;
  close(): Promise<void>;
}

/** Starts the ACK emulator and the server wired to it, the way the sandbox runs it (bearer on, credential source headers). */
export async function startHarness(
  options: { env?: Record<string, string>; taskStepMs?: number; diagnosisStepMs?: number; prometheus?: boolean } = {},
): Promise<Harness> {
  // SLS puts the project in the Host (`{project}.localhost:PORT`); see local-dns.ts.
  installLocalDns();
  const logs = captureLogs();
  const cloud = await startCloud({
    taskStepMs: options.taskStepMs ?? 40,
    diagnosisStepMs: options.diagnosisStepMs ?? 40,
    ...(options.prometheus ? { prometheus: true } : {}),
  });
  const emulator = cloud.ack;
  const config = loadConfig({
    MCP_HOST: '127.0.0.1',
    MCP_PORT: '0',
    MCP_AUTH_TOKEN: BEARER,
    ALIBABA_CLOUD_CREDENTIAL_SOURCE: 'headers',
    ALIBABA_CLOUD_PROTOCOL: 'http',
    ACK_CS_ENDPOINT: emulator.endpoint,
    SLS_ENDPOINT: cloud.sls.endpoint,
    ARMS_ENDPOINT: cloud.arms.endpoint,
    ACK_POLL_INITIAL_MS: '20',
    ACK_POLL_MAX_MS: '100',
    ALIBABA_CLOUD_RETRY_BASE_MS: '5',
    ALIBABA_CLOUD_TIMEOUT_MS: '5000',
    MCP_SHUTDOWN_GRACE_SECONDS: '5',
    KUBECTL_PATH: kubectlPath(),
    KUBECTL_WORK_DIR: mkdtempSync(join(tmpdir(), 'ack-mcp-kubectl-')),
    ...options.env,
  });
  const server = await startServer(config);
  const tenants = emulator.accounts.map((account) => tenantOf(account, account.credentials[0]!));
  const teamA = emulator.accounts.find((a) => a.name === 'team-a')!;
  const viewer = tenantOf(teamA, teamA.credentials.find((c) => c.kubernetesRole === 'view')!, 'team-a-viewer');
  return {
    emulator,
    cloud,
    viewer,
    server,
    config,
    logs,
    tenants,
    headersFor: (tenant) => ({ Authorization: `Bearer ${BEARER}`, ...tenant.headers }),
    async close() {
      await server.shutdown(1000);
      await cloud.close();
      rmSync(config.KUBECTL_WORK_DIR ?? '', { recursive: true, force: true });
    },
  };
}

function tenantOf(account: SeededAccount, credential: SeededCredential, name = account.name): Tenant {
  const headers: Headers = {
    'X-Aliyun-Access-Key-Id': credential.accessKeyId,
    'X-Aliyun-Access-Key-Secret': credential.accessKeySecret,
    ...(credential.securityToken ? { 'X-Aliyun-Security-Token': credential.securityToken } : {}),
  };
  const secrets = [credential.accessKeySecret, ...(credential.securityToken ? [credential.securityToken] : [])];
  return { name, headers, secrets, accessKeyId: credential.accessKeyId, clusterIds: account.clusterIds };
}
