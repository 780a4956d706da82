// OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`: families with # HELP / # TYPE,
// samples `name{labels} value timestamp_seconds`, and the closing `# EOF`.
import type { SeriesSeed } from './series.js';

export interface SampleGrid {
  readonly fromSeconds: number;
  readonly toSeconds: number;
  readonly stepSeconds: number;
}

const escapeLabelValue = (value: string): string => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labelText(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/** Series grouped by metric name, in first-seen order: OpenMetrics wants each family's samples together. */
function families(series: readonly SeriesSeed[]): Map<string, SeriesSeed[]> {
  const byMetric = new Map<string, SeriesSeed[]>();
  for (const seed of series) byMetric.set(seed.metric, [...(byMetric.get(seed.metric) ?? []), seed]);
  return byMetric;
}

/** The samples of the grid points in [windowStart, windowEnd), as one OpenMetrics document. */
export function renderOpenMetrics(series: readonly SeriesSeed[], grid: SampleGrid, windowStart: number, windowEnd: number): string {
  const first = Math.max(grid.fromSeconds, grid.fromSeconds + Math.ceil((windowStart - grid.fromSeconds) / grid.stepSeconds) * grid.stepSeconds);
  const last = Math.min(grid.toSeconds, windowEnd - 1);
  const lines: string[] = [];
  for (const [metric, seeds] of families(series)) {
    const head = seeds[0];
    if (head === undefined) continue;
    // A counter family is named without `_total`; its samples carry the suffix.
    const family = head.type === 'counter' ? metric.replace(/_total$/, '') : metric;
    lines.push(`# HELP ${family} ${escapeHelp(seeds.find((s) => s.help)?.help ?? metric)}`, `# TYPE ${family} ${head.type}`);
    for (const seed of seeds) {
      const prefix = `${metric}${labelText(seed.labels)} `;
      for (let t = first; t <= last; t += grid.stepSeconds) {
        const value = seed.value(t);
        if (!Number.isNaN(value)) lines.push(`${prefix}${formatValue(value)} ${t}`);
      }
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}
