import { setTimeout as sleep } from 'node:timers/promises';
import type { ToolContext } from '../mcp/tool.js';

export interface PollOutcome<T> {
  last: T;
  waited: { seconds: number; finished: boolean; stopped_because: 'finished' | 'time_limit' | 'cancelled' | 'not_requested' };
}

/**
 * Polls `fetch` until `isFinished`, the wait budget runs out or the request is cancelled. The
 * interval starts at the configured initial value and grows 1.5x up to the maximum; each poll
 * sends a progress notification. After cancellation no further backend call is made.
 */
export async function pollUntilFinished<T>(
  ctx: ToolContext,
  options: {
    waitSeconds: number;
    fetch: () => Promise<T>;
    isFinished: (value: T) => boolean;
    describe: (value: T) => string;
    initial: T;
  },
): Promise<PollOutcome<T>> {
  const started = Date.now();
  const elapsed = () => Math.round((Date.now() - started) / 100) / 10;
  let last = options.initial;
  if (options.isFinished(last)) return { last, waited: { seconds: 0, finished: true, stopped_because: 'finished' } };
  if (options.waitSeconds === 0) return { last, waited: { seconds: 0, finished: false, stopped_because: 'not_requested' } };

  const deadline = started + options.waitSeconds * 1000;
  let interval = ctx.polling.initialMs;
  for (let poll = 1; ; poll++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { last, waited: { seconds: elapsed(), finished: false, stopped_because: 'time_limit' } };
    try {
      await sleep(Math.min(interval, remaining), undefined, { signal: ctx.signal });
    } catch {
      return { last, waited: { seconds: elapsed(), finished: false, stopped_because: 'cancelled' } };
    }
    if (ctx.signal.aborted) return { last, waited: { seconds: elapsed(), finished: false, stopped_because: 'cancelled' } };
    last = await options.fetch();
    const finished = options.isFinished(last);
    await ctx.progress({ progress: poll, message: `${options.describe(last)} (${elapsed()}s)` });
    if (finished) return { last, waited: { seconds: elapsed(), finished: true, stopped_because: 'finished' } };
    interval = Math.min(Math.round(interval * 1.5), ctx.polling.maxMs);
  }
}
