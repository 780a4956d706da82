import { LRUCache } from 'lru-cache';
import { metrics } from '../observability/metrics.js';
import { credentialFingerprint } from '../aliyun/credentials.js';
import { requireCredentials, type Caller } from '../http/caller.js';
import { inspectKubeconfig } from '../kubernetes/kubeconfig-secrets.js';
import type { AckService } from './ack.js';
import { ClusterAccessError, type ClusterAccess, type ClusterAccessProvider, type EndpointKind } from './cluster-access.js';

export interface AckKubeconfigOptions {
  endpoint: EndpointKind;
  /** TemporaryDurationMinutes asked for (15–4320). */
  minutes: number;
  maxEntries: number;
  /** The ACK API for a caller (throws when the caller has no credentials). */
  ackFor(caller: Caller): AckService;
  now?: () => number;
}

interface Entry {
  current?: ClusterAccess;
  /** Fetch in flight; concurrent callers for the same key await this one. */
  pending?: Promise<ClusterAccess>;
}

const MINUTE = 60_000;

/**
 * Kubeconfigs of the caller's own RAM identity from DescribeClusterUserKubeconfig, kept in memory
 * per (credential fingerprint, cluster, endpoint kind) and refreshed well before they expire.
 */
export class AckKubeconfigs implements ClusterAccessProvider {
  private readonly entries: LRUCache<string, Entry>;
  private readonly now: () => number;
  fetches = 0;

  constructor(private readonly options: AckKubeconfigOptions) {
    this.entries = new LRUCache({ max: options.maxEntries });
    this.now = options.now ?? Date.now;
  }

  async access(caller: Caller, clusterId: string): Promise<ClusterAccess> {
    const key = `${credentialFingerprint(requireCredentials(caller))}|${clusterId}|${this.options.endpoint}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {};
      this.entries.set(key, entry);
    }
    const current = entry.current;
    const fresh = current !== undefined && !this.dueForRefresh(current);
    metrics.cache('kubeconfig', fresh);
    if (fresh) return current;
    // Only a fetch needs the ACK client: a cache hit builds nothing.
    entry.pending ??= this.fetch(this.options.ackFor(caller), key, clusterId).finally(() => {
      if (entry) delete entry.pending;
    });
    try {
      entry.current = await entry.pending;
      return entry.current;
    } catch (error) {
      // A failed refresh does not take away a kubeconfig that still works for a while.
      if (current && current.expiresAt - this.now() > MINUTE) return current;
      throw error;
    }
  }

  /** Refresh once less than a quarter of the lifetime (at least five minutes) is left. */
  private dueForRefresh(access: ClusterAccess): boolean {
    const margin = Math.max(5 * MINUTE, (this.options.minutes * MINUTE) / 4);
    return access.expiresAt - this.now() < margin;
  }

  private async fetch(ack: AckService, key: string, clusterId: string): Promise<ClusterAccess> {
    this.fetches++;
    const { value: detail } = await ack.describeCluster(clusterId);
    const endpoints = parseMasterUrl(detail.masterUrl);
    const wanted = this.options.endpoint === 'public' ? endpoints.public : endpoints.private;
    if (!wanted) {
      const other = this.options.endpoint === 'public' ? 'private' : 'public';
      const otherHint = (this.options.endpoint === 'public' ? endpoints.private : endpoints.public)
        ? ` The ${other} endpoint is enabled: set ACK_KUBECONFIG_ENDPOINT=${other} if this server can reach it.`
        : '';
      throw new ClusterAccessError(
        `Cluster ${clusterId} has no ${this.options.endpoint} API server endpoint enabled, so kubectl cannot reach it from this server. ` +
          `Enable it in the ACK console (cluster information > basic information > API server endpoint).${otherHint}`,
      );
    }
    const { value } = await ack.userKubeconfig(clusterId, { privateEndpoint: this.options.endpoint === 'private', minutes: this.options.minutes });
    let server: string;
    try {
      ({ server } = inspectKubeconfig(value.config));
    } catch (error) {
      throw new ClusterAccessError(`DescribeClusterUserKubeconfig returned an unusable kubeconfig for ${clusterId}: ${(error as Error).message}.`);
    }
    const expiresAt = value.expiration ? Date.parse(value.expiration) : Number.NaN;
    return {
      clusterId,
      key,
      kubeconfig: value.config,
      server,
      expiresAt: Number.isFinite(expiresAt) ? expiresAt : this.now() + this.options.minutes * MINUTE,
    };
  }
}

/** `master_url` is a JSON string: {"api_server_endpoint": "...", "intranet_api_server_endpoint": "..."}. */
function parseMasterUrl(masterUrl: string | undefined): { public?: string; private?: string } {
  try {
    const parsed = JSON.parse(masterUrl ?? '{}') as Record<string, unknown>;
    const pick = (name: string) => (typeof parsed[name] === 'string' && parsed[name] !== '' ? (parsed[name] as string) : undefined);
    const publicEndpoint = pick('api_server_endpoint');
    const privateEndpoint = pick('intranet_api_server_endpoint');
    return { ...(publicEndpoint ? { public: publicEndpoint } : {}), ...(privateEndpoint ? { private: privateEndpoint } : {}) };
  } catch {
    return {};
  }
}
