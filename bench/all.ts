/**
 * `npm run bench`: the list_nodepools bench (bench/run.ts), then the logs and metrics bench
 * (bench/observability.ts), each with the options it understands. `--profile` profiles the first only.
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const shared = new Set(['--quick', '--rounds', '--duration-ms', '--keep-logs']);
const forObservability = args.filter((arg, i) => shared.has(arg.split('=')[0]!) || (i > 0 && ['--rounds', '--duration-ms'].includes(args[i - 1]!)));

const run = (script: string, scriptArgs: string[]): number =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...scriptArgs], { stdio: 'inherit' }).status ?? 1;

const first = run('bench/run.ts', args);
if (first !== 0) process.exit(first);
if (!args.includes('--profile')) process.exit(run('bench/observability.ts', forObservability));
