/** Turns the per-round measurements into the markdown tables and the target verdicts. */
import { median, summarize, type LatencySummary } from './stats.js';
import type { LoadResult } from './load.js';

export interface Measurement {
  scenario: string;
  concurrency: number;
  round: number;
  load: LoadResult;
  summary: LatencySummary;
  /** CPU µs per call used by each bench process during this measurement, by process name. */
  cpuPerCallUs: Record<string, number>;
}

export interface ScenarioInfo {
  key: string;
  label: string;
  /** The process whose CPU per call matters most for this row (where the measured code runs). */
  mainProcess: string;
}

export function measurement(scenario: string, concurrency: number, round: number, load: LoadResult, cpuUs: Record<string, number>): Measurement {
  const ok = load.latenciesMs.length;
  const cpuPerCallUs = Object.fromEntries(Object.entries(cpuUs).map(([name, us]) => [name, ok > 0 ? us / ok : Number.NaN]));
  return { scenario, concurrency, round, load, summary: summarize(load.latenciesMs, load.elapsedMs), cpuPerCallUs };
}

export interface Row {
  throughput: number;
  p50: number;
  p99: number;
  /** (max − min) / median of the per-round throughputs. */
  spread: number;
  errors: number;
  firstError?: string;
  cpuPerCallUs: Record<string, number>;
}

export function rowOf(all: readonly Measurement[], scenario: string, concurrency: number): Row {
  const ms = all.filter((m) => m.scenario === scenario && m.concurrency === concurrency);
  const thr = ms.map((m) => m.summary.throughput);
  const processes = [...new Set(ms.flatMap((m) => Object.keys(m.cpuPerCallUs)))];
  const firstError = ms.find((m) => m.load.firstError)?.load.firstError;
  return {
    throughput: median(thr),
    p50: median(ms.map((m) => m.summary.p50)),
    p99: median(ms.map((m) => m.summary.p99)),
    spread: thr.length > 1 ? (Math.max(...thr) - Math.min(...thr)) / median(thr) : 0,
    errors: ms.reduce((n, m) => n + m.load.errors, 0),
    ...(firstError === undefined ? {} : { firstError }),
    cpuPerCallUs: Object.fromEntries(processes.map((p) => [p, median(ms.map((m) => m.cpuPerCallUs[p] ?? Number.NaN))])),
  };
}

/** Median over rounds of a statistic computed from two scenarios measured in the same round. */
export function pairedMedian(
  all: readonly Measurement[],
  a: string,
  b: string,
  concurrency: number,
  f: (a: LatencySummary, b: LatencySummary) => number,
): number {
  const rounds = [...new Set(all.map((m) => m.round))];
  return median(
    rounds.flatMap((round) => {
      const ma = all.find((m) => m.scenario === a && m.concurrency === concurrency && m.round === round);
      const mb = all.find((m) => m.scenario === b && m.concurrency === concurrency && m.round === round);
      return ma && mb ? [f(ma.summary, mb.summary)] : [];
    }),
  );
}

const fixed = (n: number, digits: number) => (Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
const thousands = (n: number) => (Number.isNaN(n) ? 'n/a' : Math.round(n).toLocaleString('en-US'));

export function resultsTable(all: readonly Measurement[], scenarios: readonly ScenarioInfo[], concurrencies: readonly number[]): string {
  const lines = ['| path | conc. | calls/s | p50 ms | p99 ms | round spread | errors |', '|---|--:|--:|--:|--:|--:|--:|'];
  for (const s of scenarios) {
    for (const c of concurrencies) {
      const r = rowOf(all, s.key, c);
      lines.push(`| ${s.label} | ${c} | ${thousands(r.throughput)} | ${fixed(r.p50, 2)} | ${fixed(r.p99, 2)} | ±${fixed((r.spread * 100) / 2, 0)}% | ${r.errors} |`);
    }
  }
  return lines.join('\n');
}

export function cpuTable(all: readonly Measurement[], scenarios: readonly ScenarioInfo[], concurrency: number, processes: readonly string[]): string {
  const lines = [
    `| path (c=${concurrency}) | ${processes.map((p) => `${p} CPU µs/call`).join(' | ')} | total CPU µs/call |`,
    `|---|${processes.map(() => '--:').join('|')}|--:|`,
  ];
  for (const s of scenarios) {
    const r = rowOf(all, s.key, concurrency);
    const cells = processes.map((p) => {
      const v = r.cpuPerCallUs[p] ?? Number.NaN;
      const text = Number.isNaN(v) || v < 5 ? '–' : fixed(v, 0); // idle processes tick a few µs per call
      return p === s.mainProcess ? `**${text}**` : text;
    });
    const total = processes.reduce((sum, p) => sum + (r.cpuPerCallUs[p] ?? 0), 0);
    lines.push(`| ${s.label} | ${cells.join(' | ')} | ${fixed(total, 0)} |`);
  }
  return lines.join('\n');
}

export interface Verdict {
  line: string;
  met: boolean;
}

export function verdict(name: string, value: string, target: string, met: boolean): Verdict {
  return { met, line: `- ${name}: ${value} (target ${target}) → **${met ? 'met' : 'not met'}**` };
}

export { fixed, thousands };
