import type { PromData, PromSeries, PromValue } from '../services/prometheus.js';

export type CompactValue = [number, number | string];

export interface CompactSeries {
  labels: Record<string, string>;
  value?: CompactValue;
  values?: CompactValue[];
  points_total?: number;
}

export interface CompactResult {
  result_type: PromData['resultType'];
  series: CompactSeries[];
  scalar?: CompactValue;
  series_total: number;
  series_truncated: boolean;
  points_truncated: boolean;
}

/** Prometheus JSON → compact series: numbers as numbers (NaN/±Inf stay strings), at most maxSeries series and maxPoints newest points each. */
export function compactResult(data: PromData, limits: { maxSeries: number; maxPoints: number }): CompactResult {
  if (data.resultType === 'scalar' || data.resultType === 'string') {
    return { result_type: data.resultType, series: [], scalar: compactValue(data.result as PromValue), series_total: 0, series_truncated: false, points_truncated: false };
  }
  const all = data.result as PromSeries[];
  let pointsTruncated = false;
  const series = all.slice(0, limits.maxSeries).map((s): CompactSeries => {
    if (s.values) {
      const kept = s.values.slice(-limits.maxPoints);
      if (kept.length < s.values.length) pointsTruncated = true;
      return { labels: s.metric, values: kept.map(compactValue), ...(kept.length < s.values.length ? { points_total: s.values.length } : {}) };
    }
    return { labels: s.metric, ...(s.value ? { value: compactValue(s.value) } : {}) };
  });
  return { result_type: data.resultType, series, series_total: all.length, series_truncated: all.length > series.length, points_truncated: pointsTruncated };
}

function compactValue([time, value]: PromValue): CompactValue {
  const n = Number(value);
  return [time, Number.isFinite(n) ? n : value];
}

/** `name{a="b"}` for text output. */
export function seriesName(labels: Record<string, string>): string {
  const { __name__: name = '', ...rest } = labels;
  const pairs = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${name}{${pairs.join(',')}}`;
}

const NICE_STEPS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/** The smallest common step that keeps a range within maxPoints points. */
export function stepFor(rangeSeconds: number, maxPoints: number): number {
  const minimum = rangeSeconds / Math.max(1, maxPoints - 1);
  return NICE_STEPS.find((s) => s >= minimum) ?? Math.ceil(minimum / 86_400) * 86_400;
}
