/**
 * Closed-loop load: `concurrency` workers, each issuing its next call as soon as its previous one
 * finishes, until the duration is over or `maxCalls` calls have started. Records every latency.
 */
export type Call = () => Promise<void>;

export interface LoadOptions {
  concurrency: number;
  durationMs: number;
  /** Hard cap on calls, whatever the duration. */
  maxCalls: number;
}

export interface LoadResult {
  concurrency: number;
  calls: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  /** Latency of each successful call in ms (length = calls − errors). */
  latenciesMs: Float64Array;
}

export async function runLoad(call: Call, options: LoadOptions): Promise<LoadResult> {
  const latencies = new Float64Array(options.maxCalls);
  let recorded = 0;
  let started = 0;
  let errors = 0;
  let firstError: string | undefined;
  const begin = process.hrtime.bigint();
  const deadline = begin + BigInt(Math.round(options.durationMs * 1e6));

  const worker = async () => {
    while (started < options.maxCalls) {
      const t0 = process.hrtime.bigint();
      if (t0 >= deadline) return;
      started++;
      try {
        await call();
        latencies[recorded++] = Number(process.hrtime.bigint() - t0) / 1e6;
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = Number(process.hrtime.bigint() - begin) / 1e6;
  return {
    concurrency: options.concurrency,
    calls: started,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    elapsedMs,
    latenciesMs: latencies.slice(0, recorded),
  };
}
