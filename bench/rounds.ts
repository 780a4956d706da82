/**
 * What every bench script shares: the round settings from the command line, one keep-alive target per
 * path and concurrency, warm-up plus alternating measured rounds with CPU accounting, and the main()
 * wrapper (watchdog, SIGINT, log directory, cleanup).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAllChildren } from './child.js';
import type { HttpTarget } from './http-target.js';
import { runLoad, type Call } from './load.js';
import { fixed, measurement, rowOf, type Measurement, type ScenarioInfo } from './report.js';

export const MAX_CALLS_PER_RUN = 100_000;

export interface Scenario extends ScenarioInfo {
  target(concurrency: number): { call: Call };
}

export interface RoundSettings {
  rounds: number;
  durationMs: number;
  warmupMs: number;
  prerollMs: number;
}

export const note = (line: string) => process.stderr.write(`bench: ${line}\n`);
export const out = (line = '') => process.stdout.write(`${line}\n`);

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : min;
}

/** Round settings from `--quick`, `--rounds` and `--duration-ms`, bounded so a run ends inside its watchdog. */
export function roundSettings(
  flags: { quick?: boolean | undefined; rounds?: string | undefined; 'duration-ms'?: string | undefined },
  full: { durationMs: number; maxDurationMs: number; warmupMs: number; prerollMs: number },
  quick: { durationMs: number; warmupMs: number },
): RoundSettings {
  return {
    rounds: clamp(Number(flags.rounds ?? (flags.quick ? 1 : 3)), 1, 4),
    durationMs: clamp(Number(flags['duration-ms'] ?? (flags.quick ? quick.durationMs : full.durationMs)), 200, full.maxDurationMs),
    warmupMs: flags.quick ? quick.warmupMs : full.warmupMs,
    prerollMs: full.prerollMs,
  };
}

/** One target (keep-alive agent with `c` sockets) per path and concurrency, reused across rounds. */
export function targetCache(): { cached(make: (c: number) => HttpTarget): (c: number) => HttpTarget; close(): void } {
  const opened: HttpTarget[] = [];
  return {
    cached(make) {
      const targets = new Map<number, HttpTarget>();
      return (c) => {
        let t = targets.get(c);
        if (!t) {
          targets.set(c, (t = make(c)));
          opened.push(t);
        }
        return t;
      };
    },
    close: () => opened.forEach((t) => t.close()),
  };
}

/** Warms every path up, then measures them in rounds, each round starting with a different path so slow drift favours none. */
export async function measureRounds(
  scenarios: readonly Scenario[],
  concurrencies: readonly number[],
  settings: RoundSettings,
  cpuSnapshot: () => Promise<Record<string, number>>,
  started: number,
): Promise<Measurement[]> {
  note(`warming up (${scenarios.length} paths)`);
  for (const s of scenarios) {
    await runLoad(s.target(16).call, { concurrency: 16, durationMs: settings.warmupMs, maxCalls: MAX_CALLS_PER_RUN });
    await runLoad(s.target(1).call, { concurrency: 1, durationMs: settings.warmupMs / 3, maxCalls: MAX_CALLS_PER_RUN });
  }
  const width = Math.max(...scenarios.map((s) => s.key.length));
  const all: Measurement[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    const order = scenarios.map((_, i) => scenarios[(i + round) % scenarios.length]!);
    for (const scenario of order) {
      for (const concurrency of concurrencies) {
        const { call } = scenario.target(concurrency);
        await runLoad(call, { concurrency, durationMs: settings.prerollMs, maxCalls: MAX_CALLS_PER_RUN });
        const before = await cpuSnapshot();
        const load = await runLoad(call, { concurrency, durationMs: settings.durationMs, maxCalls: MAX_CALLS_PER_RUN });
        const after = await cpuSnapshot();
        const used = Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
        const m = measurement(scenario.key, concurrency, round, load, used);
        note(
          `  round ${round + 1} ${scenario.key.padEnd(width)} c=${String(concurrency).padEnd(2)} ${fixed(m.summary.throughput, 0).padStart(6)} calls/s  ` +
            `p50 ${fixed(m.summary.p50, 2)} ms  p99 ${fixed(m.summary.p99, 2)} ms` +
            (load.errors > 0 ? `  ${load.errors} error(s), first: ${load.firstError}` : ''),
        );
        all.push(m);
      }
    }
    note(`round ${round + 1}/${settings.rounds} done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  return all;
}

/** `- errors: …` when any row had failed calls; undefined otherwise. */
export function errorsLine(all: readonly Measurement[], scenarios: readonly ScenarioInfo[], concurrencies: readonly number[]): string | undefined {
  const errors = scenarios.map((s) => ({ s, n: concurrencies.reduce((sum, c) => sum + rowOf(all, s.key, c).errors, 0) })).filter((e) => e.n > 0);
  return errors.length > 0 ? `- errors: ${errors.map((e) => `${e.s.key} ${e.n}`).join(', ')} (see stderr)` : undefined;
}

export function packageVersion(name: string): string {
  try {
    const text = readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

interface Stoppable {
  stop(): Promise<void>;
  logTail(): string;
}

/**
 * Runs a bench: a watchdog, SIGINT handling, a log directory (kept on failure or with keepLogs), the
 * child processes started and always stopped. Exits the process at the end.
 */
export async function runBenchMain<P>(options: {
  watchdogMs: number;
  logPrefix: string;
  keepLogs: boolean;
  start(logDir: string): Promise<P>;
  run(processes: P, started: number, logDir: string): Promise<void>;
  children(processes: P): { server: Stoppable; others: Stoppable[] };
}): Promise<never> {
  const started = Date.now();
  const watchdog = setTimeout(() => {
    note(`watchdog: still running after ${options.watchdogMs / 1000} s; stopping`);
    killAllChildren();
    process.exit(1);
  }, options.watchdogMs);
  watchdog.unref();
  process.once('SIGINT', () => {
    killAllChildren();
    process.exit(130);
  });
  const logDir = mkdtempSync(join(tmpdir(), options.logPrefix));
  let processes: P | undefined;
  let ok = false;
  try {
    processes = await options.start(logDir);
    await options.run(processes, started, logDir);
    ok = true;
  } catch (error) {
    note(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (processes) note(`MCP server log tail:\n${options.children(processes).server.logTail()}`);
    process.exitCode = 1;
  } finally {
    if (processes) {
      const { server, others } = options.children(processes);
      await Promise.all([server, ...others].map((c) => c.stop()));
    }
    killAllChildren();
    if (ok && !options.keepLogs) rmSync(logDir, { recursive: true, force: true });
  }
  // Nothing should be left running; exit anyway so the bench always stops by itself.
  process.exit();
}
