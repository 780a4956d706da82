/**
 * The baselines of bench/observability.ts: the calls the MCP server makes for sls_execute_sql_query and
 * cms_execute_promql_query, made directly from the load generator against the emulated cloud.
 *
 * - SLS GetLogs with @alicloud/sls20201230, one client reused for every call, configured as
 *   src/aliyun/clients.ts configures the server's (protocol, endpoint, timeouts, AccessKey).
 * - A Prometheus HTTP API instant query POSTed with fetch to the ARMS instance's HttpApiInterUrl with
 *   Basic auth, as src/services/prometheus.ts sends it (form body, same headers, a timeout signal).
 *
 * The SLS SDK sends to `{project}.localhost:PORT`: call installLocalDns() in this process first.
 */
import SlsModule from '@alicloud/sls20201230';
import * as $Sls from '@alicloud/sls20201230';
import CoreModule, { $OpenApiUtil } from '@alicloud/openapi-core';
import { ArmsService } from '../src/services/arms.js';
import type { CloudInfo } from './entries/cloud.js';
import type { Call } from './load.js';

// Under Node's ESM loader the CommonJS default export is module.exports, whose `default` is the class.
const Sls = SlsModule.default;
const OpenApiClient = CoreModule.default;

function openApiConfig(cloud: CloudInfo, endpoint: string, timeoutMs: number): $OpenApiUtil.Config {
  return new $OpenApiUtil.Config({
    regionId: cloud.regionId,
    protocol: 'http',
    endpoint,
    readTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    userAgent: 'ack-mcp-server-bench',
    accessKeyId: cloud.accessKeyId,
    accessKeySecret: cloud.accessKeySecret,
    ...(cloud.securityToken ? { securityToken: cloud.securityToken } : {}),
  });
}

export interface LogsQuery {
  project: string;
  logstore: string;
  /** Exactly the text the server sends (SQL with its LIMIT window appended). */
  query: string;
  from: number;
  to: number;
}

/** One GetLogs per call; the answer must be Complete and have at least one row. */
export function slsGetLogsCall(cloud: CloudInfo, q: LogsQuery, timeoutMs: number): Call {
  const client = new Sls(openApiConfig(cloud, cloud.slsEndpoint, timeoutMs));
  return async () => {
    const request = new $Sls.GetLogsRequest({ query: q.query, from: q.from, to: q.to });
    const response = await client.getLogs(q.project, q.logstore, request);
    if ((response.headers?.['x-log-progress'] ?? 'Complete') !== 'Complete') throw new Error('GetLogs answered Incomplete');
    if (!response.body?.length) throw new Error('GetLogs returned no rows');
  };
}

/** HttpApiInterUrl of the cluster's ARMS Prometheus instance, from GetPrometheusInstance (as the server discovers it). */
export async function armsPrometheusUrl(cloud: CloudInfo, timeoutMs: number): Promise<string> {
  const arms = new ArmsService(new OpenApiClient(openApiConfig(cloud, cloud.armsEndpoint, timeoutMs)), { retries: 0, baseMs: 100 });
  const instance = await arms.prometheusInstance(cloud.regionId, cloud.clusterId);
  if (!instance?.publicUrl) throw new Error(`GetPrometheusInstance reported no public HTTP API URL for ${cloud.clusterId}`);
  return instance.publicUrl;
}

/** One instant query per call (query + time = now, as the server sends it); the answer must be a non-empty vector. */
export function promqlFetchCall(cloud: CloudInfo, baseUrl: string, query: string, timeoutMs: number): Call {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/v1/query`;
  const password = cloud.securityToken ? `${cloud.accessKeySecret}$${cloud.securityToken}` : cloud.accessKeySecret;
  const headers = {
    authorization: `Basic ${Buffer.from(`${cloud.accessKeyId}:${password}`, 'utf8').toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  return async () => {
    const body = new URLSearchParams({ query, time: String(Date.now() / 1000) });
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    if (!response.ok) throw new Error(`Prometheus API HTTP ${response.status}: ${text.slice(0, 200)}`);
    const answer = JSON.parse(text) as { status?: string; data?: { resultType?: string; result?: unknown[] } };
    if (answer.status !== 'success' || answer.data?.resultType !== 'vector') throw new Error(`unexpected Prometheus answer: ${text.slice(0, 200)}`);
    if (!answer.data.result?.length) throw new Error('the PromQL answer has no series');
  };
}
