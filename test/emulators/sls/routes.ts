// Which API a request is, from the Host (project), method, path and `type=` query — before authentication,
// so rejected calls are recorded under their API too.
import type { SlsApi } from './model.js';

export interface Route {
  readonly api: SlsApi;
  /** The project the call addresses: from the Host, or from the path for the Prometheus API. */
  readonly project?: string | undefined;
  readonly logstore?: string;
  readonly metricstore?: string;
  /** PrometheusApi: the part after `/api/v1/`. */
  readonly promEndpoint?: string;
}

/** `{project}.localhost:PORT` → project; a bare `localhost`/`127.0.0.1` (any port) → undefined. */
export function hostProject(host: string): string | undefined {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  for (const suffix of ['.localhost', '.127.0.0.1']) {
    if (name.endsWith(suffix)) return name.slice(0, -suffix.length) || undefined;
  }
  return undefined;
}

const segment = (raw: string): string => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
};

export function resolveRoute(method: string, rawPath: string, query: ReadonlyMap<string, string>, host: string): Route {
  const project = hostProject(host);
  const parts = rawPath.split('/').slice(1).map(segment);
  const prom = /^\/prometheus\/([^/]+)\/([^/]+)\/api\/v1\/(.+)$/.exec(rawPath);
  if (prom) {
    return { api: 'PrometheusApi', project: segment(prom[1] ?? ''), metricstore: segment(prom[2] ?? ''), promEndpoint: prom[3] ?? '' };
  }
  if (method === 'GET' && rawPath === '/') return { api: project === undefined ? 'ListProject' : 'GetProject', project };
  if (method === 'GET' && rawPath === '/logstores') return { api: 'ListLogStores', project };
  if (method === 'GET' && rawPath === '/metricstores') return { api: 'ListMetricStores', project };
  if (method === 'GET' && parts.length === 2 && parts[0] === 'logstores' && query.get('type') === 'log') {
    return { api: 'GetLogs', project, logstore: parts[1] ?? '' };
  }
  if (method === 'POST' && parts.length === 3 && parts[0] === 'logstores' && parts[2] === 'logs') {
    return { api: 'GetLogsV2', project, logstore: parts[1] ?? '' };
  }
  if (method === 'POST' && rawPath === '/ml/tool/call') return { api: 'CallAiTools', project };
  return { api: 'Unknown', project };
}
