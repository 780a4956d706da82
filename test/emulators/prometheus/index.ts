// A real Prometheus for tests: the seeds are written as OpenMetrics, turned into TSDB blocks with
// promtool, and served by a prometheus process with no scrape jobs. Without the binaries the backend
// still starts, says why in `unavailable`, and answers 503.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorAnswer } from './answers.js';
import { clusterApi } from './api.js';
import type { PrometheusBackend } from './backend.js';
import { prometheusBinaries } from './binaries.js';
import { createBlocks } from './blocks.js';
import { atExit } from './exit-hooks.js';
import { startPrometheusProcess } from './process.js';
import { validateSeeds, type SeriesSeed } from './series.js';

export interface StartPrometheusOptions {
  series: SeriesSeed[];
  /** Sample interval (default 60). */
  stepSeconds?: number;
  /** First sample, epoch seconds (default now − 6 h). */
  fromSeconds?: number;
  /** Last sample, epoch seconds (default now + 24 h, so that a long-running sandbox's "now" stays inside the data). */
  toSeconds?: number;
}

const DIR_PREFIX = 'ack-mcp-prometheus-';
const OWNER_FILE = 'owner.pid';
const CONFIG = 'global:\n  scrape_interval: 1m\n  evaluation_interval: 1m\n';

/** A backend that cannot answer queries, for machines without Prometheus. */
export function unavailableBackend(reason: string): PrometheusBackend {
  return {
    unavailable: reason,
    api: async () => errorAnswer(503, 'unavailable', `Prometheus is not available: ${reason}`),
    close: async () => undefined,
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes directories left by test processes that were killed too hard to clean up. */
async function sweepStaleDirs(): Promise<void> {
  const names = (await readdir(tmpdir()).catch(() => [] as string[])).filter((name) => name.startsWith(DIR_PREFIX));
  await Promise.all(names.map(async (name) => {
    const dir = join(tmpdir(), name);
    const owner = Number(await readFile(join(dir, OWNER_FILE), 'utf8').catch(() => ''));
    if (Number.isInteger(owner) && owner > 0 && !isRunning(owner)) await rm(dir, { recursive: true, force: true });
  }));
}

export async function startPrometheus(options: StartPrometheusOptions): Promise<PrometheusBackend> {
  validateSeeds(options.series);
  const binaries = prometheusBinaries();
  if ('missing' in binaries) return unavailableBackend(binaries.missing);
  const now = Math.floor(Date.now() / 1000);
  const grid = { fromSeconds: options.fromSeconds ?? now - 6 * 3600, toSeconds: options.toSeconds ?? now + 24 * 3600, stepSeconds: options.stepSeconds ?? 60 };
  if (!(grid.stepSeconds > 0) || grid.toSeconds < grid.fromSeconds) throw new RangeError(`startPrometheus: bad time grid ${JSON.stringify(grid)}`);

  await sweepStaleDirs();
  const dir = await mkdtemp(join(tmpdir(), DIR_PREFIX));
  const forgetDir = atExit(() => rmSync(dir, { recursive: true, force: true }));
  try {
    await writeFile(join(dir, OWNER_FILE), String(process.pid));
    await writeFile(join(dir, 'prometheus.yml'), CONFIG);
    await createBlocks(binaries.promtool, options.series, grid, dir, join(dir, 'data'));
    const server = await startPrometheusProcess(binaries.prometheus, [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      '--storage.tsdb.retention.time=3650d',
      // Only 2 h blocks: no background compaction rewriting the imported blocks while tests query them.
      '--storage.tsdb.min-block-duration=2h',
      '--storage.tsdb.max-block-duration=2h',
      '--log.level=warn',
    ]);
    let closed: Promise<void> | undefined;
    const unavailable = (): string | undefined => (closed ? 'the Prometheus backend was closed' : server.exitReason);
    return {
      get unavailable() {
        return unavailable();
      },
      async api(clusterId, endpoint, params) {
        const reason = unavailable();
        if (reason !== undefined) return errorAnswer(503, 'unavailable', `Prometheus is not available: ${reason}`);
        return clusterApi(server.url, clusterId, endpoint, params);
      },
      close() {
        closed ??= server.stop().finally(async () => {
          await rm(dir, { recursive: true, force: true });
          forgetDir();
        });
        return closed;
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    forgetDir();
    throw error;
  }
}

export { prometheusBinaries } from './binaries.js';
export { demoSeries, type DemoMetricsCluster } from './demo-series.js';
export type { SeriesSeed } from './series.js';
export type { PrometheusAnswer, PrometheusBackend } from './backend.js';
