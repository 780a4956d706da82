import { setTimeout as sleep } from 'node:timers/promises';
import { $Sls, type SlsClient } from '../aliyun/sdk.js';
import { withRetries, type RetryPolicy } from './retry.js';

export interface LogQuery {
  project: string;
  logstore: string;
  query: string;
  /** Unix seconds, `[from, to)`. */
  from: number;
  to: number;
  line?: number;
  offset?: number;
  reverse?: boolean;
}

export interface LogQueryResult {
  rows: Array<Record<string, string>>;
  /** False when SLS still said Incomplete after every attempt: the rows are partial. */
  complete: boolean;
  attempts: number;
  processedRows?: number;
  elapsedMs?: number;
  hasSql?: boolean;
  requestId: string | undefined;
}

export interface SlsQueryPolicy {
  retry: RetryPolicy;
  /** Attempts while SLS answers `x-log-progress: Incomplete` (SLS asks clients to repeat the same query). */
  maxAttempts: number;
  /** First wait between Incomplete attempts; doubles each time. */
  incompleteBaseMs: number;
}

/** SLS (Log Service 2020-12-30) for one caller and region: plain typed methods, no MCP knowledge. */
export class SlsService {
  constructor(
    private readonly client: SlsClient,
    private readonly policy: SlsQueryPolicy,
  ) {}

  /** GetLogs, repeated while the result is Incomplete, up to the policy's attempts. */
  async getLogs(query: LogQuery, signal?: AbortSignal): Promise<LogQueryResult> {
    const request = new $Sls.GetLogsRequest({
      query: query.query,
      from: query.from,
      to: query.to,
      ...(query.line === undefined ? {} : { line: query.line }),
      ...(query.offset === undefined ? {} : { offset: query.offset }),
      ...(query.reverse === undefined ? {} : { reverse: query.reverse }),
    });
    for (let attempt = 1; ; attempt++) {
      const response = await this.read('GetLogs', () => this.client.getLogs(query.project, query.logstore, request));
      const headers = response.headers ?? {};
      const complete = (headers['x-log-progress'] ?? 'Complete') !== 'Incomplete';
      if (complete || attempt >= this.policy.maxAttempts || signal?.aborted) {
        return {
          rows: (response.body ?? []).map(stringValues),
          complete,
          attempts: attempt,
          processedRows: numberHeader(headers['x-log-processed-rows']),
          elapsedMs: numberHeader(headers['x-log-elapsed-millisecond']),
          hasSql: headers['x-log-has-sql'] === undefined ? undefined : headers['x-log-has-sql'] === 'true',
          requestId: headers['x-log-requestid'],
        };
      }
      await sleep(this.policy.incompleteBaseMs * 2 ** (attempt - 1), undefined, signal ? { signal } : {}).catch(() => undefined);
    }
  }

  async listLogStores(project: string): Promise<string[]> {
    return this.listAll((offset, size) =>
      this.read('ListLogStores', () => this.client.listLogStores(project, new $Sls.ListLogStoresRequest({ offset, size }))).then((r) => ({
        names: r.body?.logstores ?? [],
        total: r.body?.total ?? 0,
      })),
    );
  }

  async listMetricStores(project: string): Promise<string[]> {
    return this.listAll((offset, size) =>
      this.read('ListMetricStores', () => this.client.listMetricStores(project, new $Sls.ListMetricStoresRequest({ offset, size }))).then((r) => ({
        names: r.body?.metricstores ?? [],
        total: r.body?.total ?? 0,
      })),
    );
  }

  /** SLS CallAiTools: the raw text answer of an AI tool (`text_to_sql`, `text_to_promql`, `diagnosis_sql`). */
  async callAiTool(toolName: string, regionId: string, params: Record<string, string>): Promise<{ text: string; requestId: string | undefined }> {
    const request = new $Sls.CallAiToolsRequest({ toolName, regionId, params });
    const response = await this.read('CallAiTools', () => this.client.callAiTools(request));
    return { text: response.body ?? '', requestId: response.headers?.['x-log-requestid'] };
  }

  private async listAll(page: (offset: number, size: number) => Promise<{ names: string[]; total: number }>): Promise<string[]> {
    const size = 500;
    const names: string[] = [];
    for (let offset = 0; offset < 10_000; offset += size) {
      const { names: batch, total } = await page(offset, size);
      names.push(...batch);
      if (batch.length < size || names.length >= total) break;
    }
    return names;
  }

  private read<T>(action: string, call: () => Promise<T>): Promise<T> {
    return withRetries(action, this.policy.retry, call, 'log');
  }
}

function stringValues(row: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(row)) out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  return out;
}

function numberHeader(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
