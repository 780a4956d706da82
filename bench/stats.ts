/** Percentiles and medians for the bench's summaries. */

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when empty. */
export function percentile(values: Float64Array, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.slice().sort();
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface LatencySummary {
  /** Successful calls per second over the whole measured window. */
  throughput: number;
  p50: number;
  p99: number;
}

export function summarize(latenciesMs: Float64Array, elapsedMs: number): LatencySummary {
  return {
    throughput: elapsedMs > 0 ? (latenciesMs.length * 1000) / elapsedMs : 0,
    p50: percentile(latenciesMs, 50),
    p99: percentile(latenciesMs, 99),
  };
}
