import { chmodSync, lstatSync, mkdirSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log } from '../observability/logger.js';

const RUN_PREFIX = 'run-';

export interface CacheLimits {
  /** A discovery cache unused this long is removed. */
  idleMs: number;
  /** Most discovery caches kept (one per caller credential and API server); the least recently used go first. */
  maxEntries: number;
  /** Pruning runs at most this often. */
  everyMs: number;
}

const DEFAULT_CACHE_LIMITS: CacheLimits = { idleMs: 60 * 60_000, maxEntries: 200, everyMs: 5 * 60_000 };

/**
 * The private directory (mode 0700, owned by this user) that holds one sub-directory per kubectl
 * invocation, each with a 0600 kubeconfig, removed when the process ends. Directories left by a
 * process that died are swept at start-up.
 */
export class WorkDir {
  readonly path: string;
  private lastPrune = 0;
  private pruning: Promise<number> | undefined;

  constructor(
    path = join(tmpdir(), `ack-mcp-server-${process.getuid?.() ?? 'user'}`),
    private readonly cacheLimits: CacheLimits = DEFAULT_CACHE_LIMITS,
  ) {
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

  /**
   * A directory shared by invocations with the same key (kubectl's discovery cache: no credentials).
   * Each use marks it as recently used; caches are pruned now and then so that many callers and
   * clusters cannot fill the (often size-limited) volume the work directory lives on.
   */
  cacheDir(key: string): string {
    const path = join(this.path, 'cache', key);
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // not created yet: kubectl creates it
    }
    if (Date.now() - this.lastPrune >= this.cacheLimits.everyMs) {
      this.lastPrune = Date.now();
      void this.pruneCaches().catch((error: unknown) => log.warn('could not prune kubectl caches', { error: String(error) }));
    }
    return path;
  }

  /** Removes discovery caches idle longer than the limit, then the least recently used beyond the count. */
  pruneCaches(now = Date.now()): Promise<number> {
    this.pruning ??= this.prune(now).finally(() => {
      this.pruning = undefined;
    });
    return this.pruning;
  }

  private async prune(now: number): Promise<number> {
    const root = join(this.path, 'cache');
    const names = await readdir(root).catch(() => [] as string[]);
    const entries = await Promise.all(
      names.map(async (name) => ({ path: join(root, name), usedAt: (await stat(join(root, name)).catch(() => undefined))?.mtimeMs ?? 0 })),
    );
    entries.sort((a, b) => b.usedAt - a.usedAt);
    const doomed = entries.filter((entry, index) => index >= this.cacheLimits.maxEntries || now - entry.usedAt > this.cacheLimits.idleMs);
    await Promise.all(doomed.map((entry) => rm(entry.path, { recursive: true, force: true })));
    if (doomed.length > 0) log.info('pruned kubectl discovery caches', { removed: doomed.length, kept: entries.length - doomed.length });
    return doomed.length;
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
