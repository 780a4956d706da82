import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { metrics } from '../observability/metrics.js';
import { redactString } from '../observability/redact.js';
import { inSpan, SpanKind } from '../observability/tracing.js';
import type { ClusterAccess } from './cluster-access.js';
import { OutputCapture } from './output-capture.js';
import { Semaphore } from './semaphore.js';
import type { WorkDir } from './work-dir.js';

export interface KubectlRunnerOptions {
  path: string;
  /** Cap of stdout and of stderr returned per command. */
  maxOutputBytes: number;
  maxProcesses: number;
  workDir: WorkDir;
}

export interface KubectlRun {
  access: ClusterAccess;
  /** The verb the guard resolved (a bounded set), for metrics and traces. */
  verb: string;
  /** Arguments after `kubectl`, already checked by the guard. */
  args: readonly string[];
  stdin?: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** Read this much stdout before cutting (default maxOutputBytes), for output that must be processed whole. */
  stdoutBytes?: number;
}

export interface KubectlResult {
  /** null when the process was killed (timeout or cancellation). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  timedOut: boolean;
  durationMs: number;
}

/**
 * Runs the kubectl binary with execFile semantics (no shell) for one caller's cluster access. The
 * kubeconfig lives only in a private per-invocation directory that is removed when the process ends,
 * whatever the way it ends; the process runs in its own group so a timeout kills it and its children.
 */
export class KubectlRunner {
  private readonly slots: Semaphore;

  constructor(private readonly options: KubectlRunnerOptions) {
    this.slots = new Semaphore(options.maxProcesses);
  }

  get maxOutputBytes(): number {
    return this.options.maxOutputBytes;
  }

  async run(run: KubectlRun): Promise<KubectlResult> {
    const release = await this.slots.acquire(run.signal);
    const dir = await this.options.workDir.runDir();
    try {
      const kubeconfig = join(dir.path, 'kubeconfig');
      await writeFile(kubeconfig, run.access.kubeconfig, { mode: 0o600, flag: 'wx' });
      const cacheKey = createHash('sha256').update(run.access.key).update(run.access.server).digest('hex').slice(0, 24);
      const argv = ['--kubeconfig', kubeconfig, '--cache-dir', this.options.workDir.cacheDir(cacheKey), ...run.args];
      return await inSpan(`kubectl ${run.verb}`, SpanKind.CLIENT, { 'process.executable.name': 'kubectl' }, async (span) => {
        const result = await this.spawn(argv, dir.path, run);
        span.setAttribute('process.exit.code', result.exitCode ?? -1);
        return result;
      });
    } finally {
      await dir.release();
      release();
    }
  }

  private spawn(argv: string[], home: string, run: KubectlRun): Promise<KubectlResult> {
    const started = performance.now();
    return new Promise((resolve) => {
      const stdout = new OutputCapture(run.stdoutBytes ?? this.options.maxOutputBytes);
      const stderr = new OutputCapture(this.options.maxOutputBytes);
      let timedOut = false;
      let spawnError: Error | undefined;
      // A minimal environment: nothing of the server's own (credentials, proxies) reaches kubectl, and
      // no user preferences (kuberc aliases) can change what a command means.
      const child = spawn(this.options.path, argv, {
        cwd: home,
        env: { HOME: home, KUBERC: 'off', PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
        shell: false,
      });
      const killGroup = () => {
        if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup();
      }, run.timeoutMs);
      const onAbort = () => killGroup();
      run.signal.addEventListener('abort', onAbort, { once: true });
      if (run.signal.aborted) killGroup();

      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.stdin.on('error', () => {}); // kubectl may exit before reading all of stdin
      child.stdin.end(run.stdin ?? '');
      child.on('error', (error) => {
        spawnError = error;
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        run.signal.removeEventListener('abort', onAbort);
        // Whatever kubectl printed, it never echoes the caller's credentials back.
        const durationMs = Math.round(performance.now() - started);
        metrics.kubectl(run.verb, spawnError ? 'spawn_error' : code === null ? 'killed' : String(code), durationMs);
        const err = spawnError
          ? `could not start kubectl (${this.options.path}): ${(spawnError as NodeJS.ErrnoException).code ?? spawnError.message}; set KUBECTL_PATH`
          : stderr.text();
        resolve({
          exitCode: spawnError ? null : code,
          stdout: redactString(stdout.text()),
          stderr: redactString(err),
          truncated: stdout.truncated || stderr.truncated,
          timedOut,
          durationMs,
        });
      });
    });
  }
}
