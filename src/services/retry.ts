import { setTimeout as sleep } from 'node:timers/promises';
import { AliyunApiError, normaliseAliyunError, type AliyunProduct } from '../aliyun/errors.js';
import { backendCall } from '../observability/backend-call.js';
import type { BackendService } from '../observability/metrics.js';

export interface RetryPolicy {
  retries: number;
  baseMs: number;
}

/** Calls fn, retrying retryable failures with exponential backoff and full jitter. Only for idempotent calls. */
export async function withRetries<T>(action: string, policy: RetryPolicy, fn: () => Promise<T>, product: AliyunProduct = 'cs'): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await recorded(action, product, fn);
    } catch (error) {
      const normalised = normaliseAliyunError(action, error, product);
      if (!normalised.retryable || attempt >= policy.retries) throw normalised;
      await sleep(Math.random() * policy.baseMs * 2 ** attempt + policy.baseMs / 2);
    }
  }
}

/** Calls fn exactly once: a write that failed in transit may already have been applied, so it is never resent. */
export async function once<T>(action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await recorded(action, 'cs', fn);
  } catch (error) {
    const normalised = normaliseAliyunError(action, error);
    if (normalised.kind === 'network' || normalised.kind === 'timeout') {
      throw new AliyunApiError(
        action,
        normalised.code,
        `${normalised.message} — the request may or may not have reached Alibaba Cloud, so it was not sent again. Check the current state before retrying.`,
        normalised.kind,
        normalised.statusCode,
        normalised.requestId,
      );
    }
    throw normalised;
  }
}

const SERVICES: Record<AliyunProduct, BackendService> = { cs: 'ack', log: 'sls', arms: 'arms' };

/** One request to Alibaba Cloud, recorded by API and HTTP status (or network/timeout when none came back); failures leave normalised. */
function recorded<T>(action: string, product: AliyunProduct, fn: () => Promise<T>): Promise<T> {
  const normalisedFailure = () =>
    fn().catch((error: unknown) => {
      throw normaliseAliyunError(action, error, product);
    });
  return backendCall(SERVICES[product], action, normalisedFailure, {
    ok: (response) => String((response as { statusCode?: unknown } | undefined)?.statusCode ?? 200),
    failed: (error) => {
      const { statusCode, kind } = error as AliyunApiError;
      return statusCode ? String(statusCode) : kind;
    },
  });
}
