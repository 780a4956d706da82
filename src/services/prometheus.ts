import { backendCall } from '../observability/backend-call.js';
import { registerSecret } from '../observability/redact.js';

/** Where PromQL goes: an ARMS instance's HTTP API or an SLS MetricStore's Prometheus API (both take Basic auth). */
export interface PrometheusTarget {
  kind: 'arms' | 'sls-metricstore';
  /** Base URL; `/api/v1/query` and `/api/v1/query_range` are appended. */
  baseUrl: string;
}

/** Basic auth of Alibaba Cloud's Prometheus APIs: AccessKeyId, and AccessKeySecret (`secret$token` for STS). */
export interface BasicAuthCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}

export type PromValue = [number, string];
export interface PromSeries {
  metric: Record<string, string>;
  value?: PromValue;
  values?: PromValue[];
}
export interface PromData {
  resultType: 'vector' | 'matrix' | 'scalar' | 'string';
  result: PromSeries[] | PromValue;
}
export interface PromAnswer {
  data: PromData;
  warnings: string[];
}

export class PrometheusApiError extends Error {
  override name = 'PrometheusApiError';
  constructor(
    message: string,
    /** HTTP status; 0 when no answer arrived. */
    readonly status: number,
    /** Prometheus `errorType` (bad_data, timeout, execution, unavailable…) or a transport reason. */
    readonly errorType: string,
    readonly target: PrometheusTarget['kind'],
  ) {
    super(message);
  }
}

/** A small Prometheus HTTP API client (instant and range queries) on fetch. */
export class PrometheusClient {
  constructor(private readonly timeoutMs: number) {}

  instant(target: PrometheusTarget, credentials: BasicAuthCredentials, query: { query: string; time?: number }, signal?: AbortSignal): Promise<PromAnswer> {
    const form = new URLSearchParams({ query: query.query });
    if (query.time !== undefined) form.set('time', String(query.time));
    return this.post(target, credentials, 'query', form, signal);
  }

  range(
    target: PrometheusTarget,
    credentials: BasicAuthCredentials,
    query: { query: string; start: number; end: number; step: number },
    signal?: AbortSignal,
  ): Promise<PromAnswer> {
    const form = new URLSearchParams({ query: query.query, start: String(query.start), end: String(query.end), step: String(query.step) });
    return this.post(target, credentials, 'query_range', form, signal);
  }

  private post(target: PrometheusTarget, credentials: BasicAuthCredentials, endpoint: string, form: URLSearchParams, signal?: AbortSignal): Promise<PromAnswer> {
    return backendCall('prometheus', endpoint, () => this.send(target, credentials, endpoint, form, signal), {
      ok: () => '200',
      failed: (error) => (error instanceof PrometheusApiError && error.status ? String(error.status) : error instanceof PrometheusApiError ? error.errorType : 'network'),
    });
  }

  private async send(target: PrometheusTarget, credentials: BasicAuthCredentials, endpoint: string, form: URLSearchParams, signal?: AbortSignal): Promise<PromAnswer> {
    const url = `${target.baseUrl.replace(/\/+$/, '')}/api/v1/${endpoint}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: basicAuthorization(credentials), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (timeout.aborted) throw new PrometheusApiError(`No answer from ${hostOf(url)} within ${this.timeoutMs} ms.`, 0, 'timeout', target.kind);
      if (signal?.aborted) throw new PrometheusApiError('The request was cancelled.', 0, 'cancelled', target.kind);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new PrometheusApiError(`Could not reach ${hostOf(url)}: ${cause?.code ?? cause?.message ?? String(error)}.`, 0, 'network', target.kind);
    }
    const text = await response.text();
    const body = parseJson(text) as { status?: string; data?: PromData; errorType?: string; error?: string; warnings?: string[] } | undefined;
    if (!response.ok || body?.status !== 'success' || !body.data) {
      const message = body?.error ?? (text.trim().slice(0, 300) || response.statusText);
      throw new PrometheusApiError(message, response.status, body?.errorType ?? `http_${response.status}`, target.kind);
    }
    return { data: body.data, warnings: body.warnings ?? [] };
  }
}

export function basicAuthorization(credentials: BasicAuthCredentials): string {
  const password = credentials.securityToken ? `${credentials.accessKeySecret}$${credentials.securityToken}` : credentials.accessKeySecret;
  const encoded = Buffer.from(`${credentials.accessKeyId}:${password}`, 'utf8').toString('base64');
  registerSecret(password);
  registerSecret(encoded);
  return `Basic ${encoded}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the Prometheus endpoint';
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
