import type { AliyunClients } from '../aliyun/clients.js';
import { defaultChainCredential } from '../aliyun/credentials.js';
import { requireCredentials, type Caller } from '../http/caller.js';
import { registerSecret } from '../observability/redact.js';
import { conventions, type ClusterContext, type ClusterContexts, type Sourced } from './cluster-context.js';
import type { BasicAuthCredentials, PrometheusClient, PrometheusTarget } from './prometheus.js';
import { SlsService, type SlsQueryPolicy } from './sls.js';

/** The metrics or logs of a cluster cannot be located from the given arguments; the message says what to pass. */
export class ObservabilityTargetError extends Error {
  override name = 'ObservabilityTargetError';
}

export interface ObservabilityDeps {
  contexts: ClusterContexts;
  clients: AliyunClients;
  slsPolicy: SlsQueryPolicy;
  prometheus: PrometheusClient;
  armsEndpoint: 'public' | 'private';
  /** Region whose SLS endpoint serves CallAiTools; the cluster's region when undefined. */
  aiToolsRegion: string | undefined;
  limits: { maxSeries: number; maxPoints: number };
}

export interface LogTarget {
  regionId: string;
  project: Sourced<string>;
  logstore: Sourced<string>;
}

export interface MetricsTarget {
  regionId: string;
  target: PrometheusTarget;
  /** What answers the PromQL and how it was chosen. */
  backend: Sourced<string>;
}

/** The logs and metrics of a caller's clusters: where they are (explicit > discovered > convention) and the clients to reach them. */
export class Observability {
  constructor(
    private readonly deps: ObservabilityDeps,
    private readonly caller: Caller,
  ) {}

  get prometheus(): PrometheusClient {
    return this.deps.prometheus;
  }

  get limits(): { maxSeries: number; maxPoints: number } {
    return this.deps.limits;
  }

  context(clusterId: string): Promise<ClusterContext> {
    return this.deps.contexts.get(this.caller, clusterId);
  }

  sls(regionId: string): SlsService {
    return new SlsService(this.deps.clients.sls(this.credentials(), regionId), this.deps.slsPolicy);
  }

  /** The SLS client that serves CallAiTools for a cluster region. */
  aiTools(clusterRegion: string): { sls: SlsService; regionId: string } {
    const regionId = this.deps.aiToolsRegion ?? clusterRegion;
    return { sls: this.sls(regionId), regionId };
  }

  async logTarget(clusterId: string, args: { project?: string | undefined; logstore?: string | undefined }): Promise<LogTarget & { context: ClusterContext }> {
    const context = await this.context(clusterId);
    const logstore: Sourced<string> = args.logstore
      ? { value: args.logstore, source: 'argument', via: 'logstore' }
      : { value: conventions.eventLogstore, source: 'convention', via: 'k8s-event' };
    const isAudit = logstore.value === conventions.auditLogstore(clusterId);
    const project: Sourced<string> = args.project
      ? { value: args.project, source: 'argument', via: 'project' }
      : isAudit
        ? context.auditProject
        : context.logProject;
    return { regionId: context.regionId, project, logstore, context };
  }

  async metricsTarget(clusterId: string, args: { project?: string | undefined; metricstore?: string | undefined }): Promise<MetricsTarget> {
    if (Boolean(args.project) !== Boolean(args.metricstore)) {
      throw new ObservabilityTargetError('Give both project and metricstore to query an SLS MetricStore, or neither to use the cluster\'s discovered Prometheus.');
    }
    const context = await this.context(clusterId);
    if (args.project && args.metricstore) {
      return this.metricStore(context.regionId, args.project, args.metricstore, { source: 'argument', via: 'project, metricstore' });
    }
    const arms = context.armsPrometheus;
    if (arms) {
      const wanted = this.deps.armsEndpoint === 'private' ? arms.privateUrl : arms.publicUrl;
      const url = wanted ?? arms.publicUrl ?? arms.privateUrl;
      if (url) {
        const kind = url === arms.privateUrl ? 'private' : 'public';
        return {
          regionId: context.regionId,
          target: { kind: 'arms', baseUrl: url },
          backend: { value: `ARMS Managed Prometheus (${kind} HTTP API)`, source: 'discovered', via: 'GetPrometheusInstance' },
        };
      }
    }
    if (context.conventionMetricStore) {
      const { project, metricstore } = context.conventionMetricStore;
      return this.metricStore(context.regionId, project, metricstore, { source: 'convention', via: 'workspace-default-cms-{account}-{region}/aliyun-prom-{cluster_id}' });
    }
    throw new ObservabilityTargetError(
      [
        `No Prometheus was found for cluster ${clusterId}: ARMS GetPrometheusInstance reported no instance and the account id (for the SLS MetricStore convention) is unknown.`,
        ...context.notes,
        'Enable Managed Service for Prometheus for the cluster, or pass project and metricstore of an SLS MetricStore.',
      ].join(' '),
    );
  }

  /** The SLS MetricStore a cluster's metrics are named by (arguments, else the ACK convention). */
  async metricStoreFor(
    clusterId: string,
    args: { project?: string | undefined; metricstore?: string | undefined },
  ): Promise<{ regionId: string; project: Sourced<string>; metricstore: Sourced<string> }> {
    if (Boolean(args.project) !== Boolean(args.metricstore)) {
      throw new ObservabilityTargetError('Give both project and metricstore, or neither to use the cluster\'s conventional metric store.');
    }
    const context = await this.context(clusterId);
    if (args.project && args.metricstore) {
      return {
        regionId: context.regionId,
        project: { value: args.project, source: 'argument', via: 'project' },
        metricstore: { value: args.metricstore, source: 'argument', via: 'metricstore' },
      };
    }
    const store = context.conventionMetricStore;
    if (!store) {
      throw new ObservabilityTargetError(
        `The metric store of cluster ${clusterId} cannot be named: the account id is unknown (${context.notes.join(' ') || 'CheckControlPlaneLogEnable reported none'}). Pass project and metricstore.`,
      );
    }
    return {
      regionId: context.regionId,
      project: { value: store.project, source: 'convention', via: 'workspace-default-cms-{account}-{region}' },
      metricstore: { value: store.metricstore, source: 'convention', via: 'aliyun-prom-{cluster_id}' },
    };
  }

  /** Credentials for the Prometheus APIs' Basic auth: the caller's own, or the server identity's current session. */
  async basicAuth(): Promise<BasicAuthCredentials> {
    const credentials = this.credentials();
    if (credentials.kind === 'static') return credentials;
    const session = await defaultChainCredential().getCredential();
    registerSecret(session.accessKeySecret);
    registerSecret(session.securityToken);
    return { accessKeyId: session.accessKeyId ?? '', accessKeySecret: session.accessKeySecret ?? '', securityToken: session.securityToken };
  }

  private metricStore(regionId: string, project: string, metricstore: string, how: Omit<Sourced<string>, 'value'>): MetricsTarget {
    const host = `${project}.${this.deps.clients.slsEndpoint(regionId)}`;
    return {
      regionId,
      target: { kind: 'sls-metricstore', baseUrl: `${this.deps.clients.protocol}://${host}/prometheus/${project}/${metricstore}` },
      backend: { value: `SLS MetricStore ${project}/${metricstore}`, ...how },
    };
  }

  private credentials() {
    return requireCredentials(this.caller);
  }
}
