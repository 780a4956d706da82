import { chmodSync, lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log } from '../observability/logger.js';

const RUN_PREFIX = 'run-';

/**
 * The private directory (mode 0700, owned by this user) that holds one sub-directory per kubectl
 * invocation, each with a 0600 kubeconfig, removed when the process ends. Directories left by a
 * process that died are swept at start-up.
 */
export class WorkDir {
  readonly path: string;

  constructor(path = join(tmpdir(), `ack-mcp-server-${process.getuid?.() ?? 'user'}`)) {
    this.path = path;
    mkdirSync(path, { recursive: true, mode: 0o700 });
    const stat = lstatSync(path);
    if (!stat.isDirectory() || stat.isSymbolicLink()) throw new Error(`KUBECTL_WORK_DIR ${path} is not a directory`);
    if (process.getuid && stat.uid !== process.getuid()) throw new Error(`KUBECTL_WORK_DIR ${path} belongs to another user`);
    chmodSync(path, 0o700);
  }

  /**
   * Removes run directories of processes that no longer exist, and of this pid: called at start-up,
   * when none can be ours (a restarted container reuses pid 1 on a surviving emptyDir).
   */
  sweep(): number {
    let removed = 0;
    for (const name of readdirSync(this.path)) {
      const match = /^run-(\d+)-/.exec(name);
      const pid = Number(match?.[1]);
      if (!match || (pid !== process.pid && isAlive(pid))) continue;
      rmSync(join(this.path, name), { recursive: true, force: true });
      removed++;
    }
    if (removed > 0) log.info('removed stale kubectl work directories', { count: removed });
    return removed;
  }

  /** A fresh private directory for one invocation; `release` removes it with everything in it. */
  async runDir(): Promise<{ path: string; release(): Promise<void> }> {
    const path = await mkdtemp(join(this.path, `${RUN_PREFIX}${process.pid}-`));
    return { path, release: () => rm(path, { recursive: true, force: true }) };
  }

  /** A directory shared by invocations with the same key (kubectl's discovery cache: no credentials). */
  cacheDir(key: string): string {
    return join(this.path, 'cache', key);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
