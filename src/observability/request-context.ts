import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of one HTTP request carries. */
export interface RequestContext {
  requestId: string;
  principal?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
