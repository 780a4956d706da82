import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import { CoreV1Api, KubeConfig, Observable, type ConfigurationOptions, type CoreV1Event, type KubernetesObject } from '@kubernetes/client-node';
import { resolveResource, resourcesOf, type ApiResource } from '../kubernetes/api-resources.js';
import { backendCall } from '../observability/backend-call.js';
import { metrics } from '../observability/metrics.js';
import type { ClusterAccess } from './cluster-access.js';

/** A Kubernetes API failure, with the server's own Status message. */
export class KubernetesApiError extends Error {
  override name = 'KubernetesApiError';
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    /** Set when no HTTP answer came back. */
    readonly transport?: 'network' | 'timeout',
  ) {
    super(message);
  }
}

export interface TableList {
  columns: string[];
  rows: string[][];
  /** Namespace of each row (empty for cluster-scoped objects). */
  namespaces: string[];
  continueToken?: string;
}

const DISCOVERY_TTL_MS = 10 * 60_000;
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

/**
 * The Kubernetes API of one cluster as one caller, on @kubernetes/client-node: its KubeConfig for
 * authentication and TLS, typed APIs for logs and events, and one authenticated keep-alive
 * connection for discovery, reads and server-side Table lists (which the generated client lacks).
 */
export class KubernetesService {
  private readonly config = new KubeConfig();
  private readonly core: CoreV1Api;
  private readonly agent: Promise<{ agent: Agent; headers: Record<string, string> }>;
  private discovery: { at: number; resources: Promise<ApiResource[]> } | undefined;

  constructor(
    readonly access: ClusterAccess,
    private readonly timeoutMs: number,
  ) {
    this.config.loadFromString(access.kubeconfig);
    this.core = this.config.makeApiClient(CoreV1Api);
    this.agent = this.connection();
  }

  /** Resolves `kind` (plural, singular, short name, Kind, or `name.group`) against the cluster's discovery. */
  async resolve(kind: string, signal: AbortSignal): Promise<ApiResource> {
    const resources = await this.resources(signal);
    const found = resolveResource(resources, kind);
    if (!found) {
      throw new KubernetesApiError(404, 'UnknownKind', `The cluster serves no resource type "${kind}". Known types include: ${resources.slice(0, 40).map((r) => r.name).join(', ')}.`);
    }
    return found;
  }

  async listTable(
    resource: ApiResource,
    query: { namespace?: string; labelSelector?: string; fieldSelector?: string; limit: number; continueToken?: string },
    signal: AbortSignal,
  ): Promise<TableList> {
    const params = new URLSearchParams({ limit: String(query.limit) });
    if (query.labelSelector) params.set('labelSelector', query.labelSelector);
    if (query.fieldSelector) params.set('fieldSelector', query.fieldSelector);
    if (query.continueToken) params.set('continue', query.continueToken);
    const path = `${collectionPath(resource, resource.namespaced ? query.namespace : undefined)}?${params}`;
    const table = (await this.getJson('list', path, TABLE_ACCEPT, signal)) as {
      kind?: string;
      columnDefinitions?: Array<{ name: string; priority?: number }>;
      rows?: Array<{ cells: unknown[]; object?: { metadata?: { namespace?: string } } }>;
      metadata?: { continue?: string };
      items?: KubernetesObject[];
    };
    if (table.kind !== 'Table') {
      // Servers without Table support answer a plain list: show names.
      const items = table.items ?? [];
      return {
        columns: ['Name'],
        rows: items.map((i) => [i.metadata?.name ?? '']),
        namespaces: items.map((i) => i.metadata?.namespace ?? ''),
        ...(table.metadata?.continue ? { continueToken: table.metadata.continue } : {}),
      };
    }
    const visible = (table.columnDefinitions ?? []).map((c, i) => ({ ...c, i })).filter((c) => (c.priority ?? 0) === 0);
    return {
      columns: visible.map((c) => c.name),
      rows: (table.rows ?? []).map((row) => visible.map((c) => cellText(row.cells[c.i]))),
      namespaces: (table.rows ?? []).map((row) => row.object?.metadata?.namespace ?? ''),
      ...(table.metadata?.continue ? { continueToken: table.metadata.continue } : {}),
    };
  }

  async read(resource: ApiResource, name: string, namespace: string | undefined, signal: AbortSignal): Promise<KubernetesObject> {
    const path = `${collectionPath(resource, resource.namespaced ? (namespace ?? 'default') : undefined)}/${encodeURIComponent(name)}`;
    return (await this.getJson('get', path, 'application/json', signal)) as KubernetesObject;
  }

  async podLogs(
    query: { namespace: string; pod: string; container?: string; tailLines: number; sinceSeconds?: number; previous: boolean; limitBytes: number },
    signal: AbortSignal,
  ): Promise<string> {
    return this.call('pod_logs', () =>
      this.core.readNamespacedPodLog(
        {
          name: query.pod,
          namespace: query.namespace,
          tailLines: query.tailLines,
          previous: query.previous,
          limitBytes: query.limitBytes,
          ...(query.container ? { container: query.container } : {}),
          ...(query.sinceSeconds ? { sinceSeconds: query.sinceSeconds } : {}),
        },
        this.options(signal),
      ),
    );
  }

  async events(query: { namespace?: string; fieldSelector?: string }, signal: AbortSignal): Promise<CoreV1Event[]> {
    const fieldSelector = query.fieldSelector ? { fieldSelector: query.fieldSelector } : {};
    const list = await this.call('events', () =>
      query.namespace
        ? this.core.listNamespacedEvent({ namespace: query.namespace, ...fieldSelector }, this.options(signal))
        : this.core.listEventForAllNamespaces(fieldSelector, this.options(signal)),
    );
    return list.items;
  }

  private resources(signal: AbortSignal): Promise<ApiResource[]> {
    const now = Date.now();
    if (!this.discovery || now - this.discovery.at > DISCOVERY_TTL_MS) {
      const resources = this.discover(signal);
      this.discovery = { at: now, resources };
      resources.catch(() => {
        if (this.discovery?.resources === resources) this.discovery = undefined;
      });
    }
    return this.discovery.resources;
  }

  private async discover(signal: AbortSignal): Promise<ApiResource[]> {
    const groups = (await this.getJson('discovery', '/apis', 'application/json', signal)) as {
      groups?: Array<{ name: string; preferredVersion?: { version: string }; versions?: Array<{ version: string }> }>;
    };
    const documents = [
      { group: '', version: 'v1', path: '/api/v1' },
      ...(groups.groups ?? []).flatMap((g) => {
        const version = g.preferredVersion?.version ?? g.versions?.[0]?.version;
        return version ? [{ group: g.name, version, path: `/apis/${g.name}/${version}` }] : [];
      }),
    ];
    const lists = await Promise.all(
      documents.map(async (d) => {
        try {
          return resourcesOf(d.group, d.version, (await this.getJson('discovery', d.path, 'application/json', signal)) as { resources?: never[] });
        } catch {
          return []; // one unavailable aggregated API must not hide the rest
        }
      }),
    );
    return lists.flat();
  }

  private async connection(): Promise<{ agent: Agent; headers: Record<string, string> }> {
    const options: RequestOptions = {};
    await this.config.applyToHTTPSOptions(options);
    const agent = new Agent({ keepAlive: true, maxSockets: 16, ca: options.ca, cert: options.cert, key: options.key });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (typeof value === 'string') headers[name] = value;
    }
    if (options.auth) headers['Authorization'] = `Basic ${Buffer.from(options.auth).toString('base64')}`;
    return { agent, headers };
  }

  private getJson(api: string, path: string, accept: string, signal: AbortSignal): Promise<unknown> {
    return backendCall('kubernetes', api, () => this.fetchJson(path, accept, signal), kubernetesStatus);
  }

  private async fetchJson(path: string, accept: string, signal: AbortSignal): Promise<unknown> {
    const { agent, headers } = await this.agent;
    // The server URL may carry a path prefix (API servers behind a proxy): append, never resolve.
    const url = new URL(this.access.server.replace(/\/$/, '') + path);
    return new Promise((resolve, reject) => {
      const req = httpsRequest(url, { agent, headers: { ...headers, Accept: accept }, signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 400) return reject(statusError(res.statusCode ?? 500, text));
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new KubernetesApiError(502, 'BadResponse', `The API server answered ${path} with something that is not JSON.`));
          }
        });
        res.on('error', reject);
      });
      req.on('error', (error) => reject(networkError(error, this.access.server)));
      req.end();
    });
  }

  /** Per-call options of the generated client: the call's abort signal plus this service's timeout. */
  private options(signal: AbortSignal): ConfigurationOptions {
    const combined = AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]);
    return {
      middleware: [
        {
          pre: (context) => {
            context.setSignal(combined);
            return new Observable(Promise.resolve(context));
          },
          post: (context) => new Observable(Promise.resolve(context)),
        },
      ],
      middlewareMergeStrategy: 'append',
    };
  }

  private call<T>(api: string, fn: () => Promise<T>): Promise<T> {
    return backendCall('kubernetes', api, () => this.translated(fn), kubernetesStatus);
  }

  private async translated<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const e = error as { code?: unknown; body?: unknown; name?: string };
      if (typeof e.code === 'number' && e.code >= 400) throw statusError(e.code, typeof e.body === 'string' ? e.body : JSON.stringify(e.body ?? ''));
      throw networkError(error as Error, this.access.server);
    }
  }
}

/** One KubernetesService per cluster access (so per caller): a refreshed kubeconfig gets a fresh one. */
export class KubernetesClients {
  private readonly services = new WeakMap<ClusterAccess, KubernetesService>();

  constructor(private readonly timeoutMs: number) {}

  for(access: ClusterAccess): KubernetesService {
    let service = this.services.get(access);
    metrics.cache('kubernetes_client', service !== undefined);
    if (!service) {
      service = new KubernetesService(access, this.timeoutMs);
      this.services.set(access, service);
    }
    return service;
  }
}

const kubernetesStatus = {
  ok: () => '200',
  failed: (error: unknown) => (error instanceof KubernetesApiError ? (error.transport ?? String(error.status)) : 'network'),
};

function collectionPath(resource: ApiResource, namespace: string | undefined): string {
  const base = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
  return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${resource.name}` : `${base}/${resource.name}`;
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '<none>';
  return typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
}

function statusError(status: number, body: string): KubernetesApiError {
  try {
    const parsed = JSON.parse(body) as { message?: string; reason?: string };
    if (parsed.message) return new KubernetesApiError(status, parsed.reason ?? `HTTP${status}`, parsed.message);
  } catch {
    // not a Status body
  }
  return new KubernetesApiError(status, `HTTP${status}`, `The API server answered HTTP ${status}.`);
}

function networkError(error: Error, server: string): KubernetesApiError {
  const code = (error as NodeJS.ErrnoException).code;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') {
    return new KubernetesApiError(504, 'Timeout', `The API server ${server} did not answer in time (or the call was cancelled).`, 'timeout');
  }
  return new KubernetesApiError(503, code ?? 'Unreachable', `Cannot reach the API server ${server}: ${code ?? error.message}.`, 'network');
}
