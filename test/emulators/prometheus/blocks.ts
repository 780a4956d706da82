// Fills a TSDB directory with `promtool tsdb create-blocks-from openmetrics`. promtool re-reads its whole
// input once per 2-hour block, so the input is split into one file per block window and the files are
// converted in parallel: that takes start-up from seconds to about one.
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderOpenMetrics, type SampleGrid } from './openmetrics.js';
import type { SeriesSeed } from './series.js';

const run = promisify(execFile);
/** promtool's block length (tsdb.DefaultBlockDuration); windows align to it as promtool's blocks do. */
const BLOCK_SECONDS = 2 * 60 * 60;

async function convert(promtool: string, series: readonly SeriesSeed[], grid: SampleGrid, windowStart: number, workDir: string, dataDir: string): Promise<void> {
  const file = join(workDir, `window-${windowStart}.om`);
  await writeFile(file, renderOpenMetrics(series, grid, windowStart, windowStart + BLOCK_SECONDS));
  try {
    await run(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, dataDir], { maxBuffer: 16 << 20 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`promtool could not import ${file}: ${stderr || (error as Error).message}`);
  } finally {
    await rm(file, { force: true });
  }
}

export async function createBlocks(promtool: string, series: readonly SeriesSeed[], grid: SampleGrid, workDir: string, dataDir: string): Promise<void> {
  const windows: number[] = [];
  for (let start = Math.floor(grid.fromSeconds / BLOCK_SECONDS) * BLOCK_SECONDS; start <= grid.toSeconds; start += BLOCK_SECONDS) windows.push(start);
  const workers = Math.max(1, Math.min(4, availableParallelism()));
  let next = 0;
  let failed = false;
  const results = await Promise.allSettled(Array.from({ length: workers }, async () => {
    while (!failed && next < windows.length) {
      const start = windows[next++] as number;
      try {
        await convert(promtool, series, grid, start, workDir, dataDir);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  }));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}
