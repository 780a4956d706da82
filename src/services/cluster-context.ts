import { LRUCache } from 'lru-cache';
import { metrics } from '../observability/metrics.js';
import { credentialFingerprint } from '../aliyun/credentials.js';
import { AliyunApiError } from '../aliyun/errors.js';
import { requireCredentials, type Caller } from '../http/caller.js';
import type { AckService } from './ack.js';
import type { ArmsService } from './arms.js';

/** Where a value came from: the tool's argument, an API that reported it, or a naming convention. */
export type ValueSource = 'argument' | 'discovered' | 'convention';

export interface Sourced<T> {
  value: T;
  source: ValueSource;
  /** The API that reported it, or the convention's pattern. */
  via: string;
}

export interface ClusterContext {
  clusterId: string;
  clusterName: string | undefined;
  regionId: string;
  /** The owning account (aliuid), when CheckControlPlaneLogEnable reported it. */
  accountId: string | undefined;
  logProject: Sourced<string>;
  /** Control-plane components whose logs are collected (logstore `<component>-<clusterId>`). */
  controlPlaneComponents: string[];
  auditProject: Sourced<string>;
  auditEnabled: boolean | undefined;
  /** The ARMS Managed Prometheus instance, when GetPrometheusInstance reported one. */
  armsPrometheus: { publicUrl: string | undefined; privateUrl: string | undefined } | undefined;
  /** The SLS MetricStore that ACK's convention names, when the account id is known. */
  conventionMetricStore: { project: string; metricstore: string } | undefined;
  /** Discovery steps that failed and fell back to a convention, with the reason. */
  notes: string[];
  discoveredAt: string;
}

export interface ClusterContextOptions {
  ttlMs: number;
  maxEntries: number;
  ackFor(caller: Caller): AckService;
  armsFor(caller: Caller, regionId: string): ArmsService;
}

export const conventions = {
  logProject: (clusterId: string) => `k8s-log-${clusterId}`,
  eventLogstore: 'k8s-event',
  auditLogstore: (clusterId: string) => `audit-${clusterId}`,
  metricProject: (accountId: string, regionId: string) => `workspace-default-cms-${accountId}-${regionId}`,
  metricStore: (clusterId: string) => `aliyun-prom-${clusterId}`,
} as const;

/**
 * What a cluster's observability lives on, discovered through the documented APIs and kept per
 * (caller credential fingerprint, cluster) for a TTL; concurrent lookups share one discovery.
 */
export class ClusterContexts {
  private readonly cache: LRUCache<string, Promise<ClusterContext>>;
  discoveries = 0;

  constructor(private readonly options: ClusterContextOptions) {
    this.cache = new LRUCache({ max: options.maxEntries, ttl: options.ttlMs });
  }

  get(caller: Caller, clusterId: string): Promise<ClusterContext> {
    const key = `${credentialFingerprint(requireCredentials(caller))}|${clusterId}`;
    let pending = this.cache.get(key);
    metrics.cache('cluster_context', pending !== undefined);
    if (!pending) {
      pending = this.discover(caller, this.options.ackFor(caller), clusterId);
      this.cache.set(key, pending);
      // A failed discovery is not cached: the next call tries again.
      pending.catch(() => {
        if (this.cache.get(key) === pending) this.cache.delete(key);
      });
    }
    return pending;
  }

  private async discover(caller: Caller, ack: AckService, clusterId: string): Promise<ClusterContext> {
    this.discoveries++;
    const detail = (await ack.describeCluster(clusterId)).value;
    const regionId = detail.regionId || caller.region;
    const notes: string[] = [];
    const attempt = async <T>(api: string, call: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await call();
      } catch (error) {
        const reason = error instanceof AliyunApiError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
        notes.push(`${api} failed (${reason}); a naming convention is used instead.`);
        return undefined;
      }
    };
    const [logs, audit, prometheus] = await Promise.all([
      attempt('CheckControlPlaneLogEnable', async () => (await ack.controlPlaneLogs(clusterId)).value),
      attempt('GetClusterAuditProject', async () => (await ack.auditProject(clusterId)).value),
      attempt('GetPrometheusInstance', () => this.options.armsFor(caller, regionId).prometheusInstance(regionId, clusterId)),
    ]);

    const logProject: Sourced<string> = logs?.logProject
      ? { value: logs.logProject, source: 'discovered', via: 'CheckControlPlaneLogEnable' }
      : { value: conventions.logProject(clusterId), source: 'convention', via: 'k8s-log-{cluster_id}' };
    const auditProject: Sourced<string> = audit?.project
      ? { value: audit.project, source: 'discovered', via: 'GetClusterAuditProject' }
      : { ...logProject, ...(logProject.source === 'convention' ? {} : { source: 'convention' as const, via: 'the log project' }) };
    const accountId = logs?.accountId;
    return {
      clusterId,
      clusterName: detail.name || undefined,
      regionId,
      accountId,
      logProject,
      controlPlaneComponents: logs?.components ?? [],
      auditProject,
      auditEnabled: audit?.enabled,
      armsPrometheus: prometheus ? { publicUrl: prometheus.publicUrl, privateUrl: prometheus.privateUrl } : undefined,
      conventionMetricStore: accountId
        ? { project: conventions.metricProject(accountId, regionId), metricstore: conventions.metricStore(clusterId) }
        : undefined,
      notes,
      discoveredAt: new Date().toISOString(),
    };
  }
}
