import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Caller } from '../http/caller.js';
import { registerSecret } from '../observability/redact.js';
import { ClusterAccessError, type ClusterAccess, type ClusterAccessProvider } from './cluster-access.js';

export interface InClusterOptions {
  clusterId: string;
  /** Where the service account token and ca.crt are mounted. */
  serviceAccountDir: string;
  /** KUBERNETES_SERVICE_HOST / KUBERNETES_SERVICE_PORT as Kubernetes sets them in every pod. */
  env: NodeJS.ProcessEnv;
  now?: () => number;
}

/** The kubelet rotates projected service account tokens; re-read them this often. */
const TOKEN_REREAD_MS = 60_000;

/**
 * Single-tenant access for an install inside the cluster it serves: the pod's own service account,
 * for that one cluster only. Every caller gets the same identity, which is why this mode is opt-in.
 */
export class InClusterAccess implements ClusterAccessProvider {
  private current: ClusterAccess | undefined;
  private readonly now: () => number;

  constructor(private readonly options: InClusterOptions) {
    this.now = options.now ?? Date.now;
  }

  async access(_caller: Caller, clusterId: string): Promise<ClusterAccess> {
    if (clusterId !== this.options.clusterId) {
      throw new ClusterAccessError(
        `This server runs inside cluster ${this.options.clusterId} (KUBERNETES_MODE=in-cluster) and can reach only that cluster, not ${clusterId}.`,
      );
    }
    if (this.current && this.current.expiresAt > this.now()) return this.current;
    const host = this.options.env['KUBERNETES_SERVICE_HOST'];
    const port = this.options.env['KUBERNETES_SERVICE_PORT'] ?? '443';
    if (!host) throw new ClusterAccessError('KUBERNETES_MODE=in-cluster, but KUBERNETES_SERVICE_HOST is not set: is this server running in a pod?');
    const dir = this.options.serviceAccountDir;
    let token: string;
    let ca: string;
    try {
      [token, ca] = await Promise.all([readFile(join(dir, 'token'), 'utf8'), readFile(join(dir, 'ca.crt'), 'utf8')]);
    } catch (error) {
      throw new ClusterAccessError(
        `KUBERNETES_MODE=in-cluster, but the service account in ${dir} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); set automountServiceAccountToken or KUBERNETES_SERVICE_ACCOUNT_DIR.`,
      );
    }
    token = token.trim();
    registerSecret(token);
    const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.current = {
      clusterId,
      key: `in-cluster|${clusterId}`,
      server,
      expiresAt: this.now() + TOKEN_REREAD_MS,
      kubeconfig: [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: in-cluster',
        '  cluster:',
        `    server: ${server}`,
        `    certificate-authority-data: ${Buffer.from(ca).toString('base64')}`,
        'users:',
        '- name: service-account',
        '  user:',
        `    token: ${token}`,
        'contexts:',
        '- name: in-cluster',
        '  context: {cluster: in-cluster, user: service-account}',
        'current-context: in-cluster',
        '',
      ].join('\n'),
    };
    return this.current;
  }
}
