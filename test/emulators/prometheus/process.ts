// Runs the prometheus server on a free 127.0.0.1 port and makes sure it never outlives the test process.
//
// Node cannot ask the kernel to kill a child with its parent, so prometheus runs under a small sh wrapper
// that holds our stdin pipe: when that pipe closes (close(), or this process dying in any way, SIGKILL
// included) the wrapper kills prometheus. A normal exit of this process kills it from an exit hook.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { atExit } from './exit-hooks.js';

const WRAPPER = `
exec 3<&0
"$@" </dev/null 3<&- &
child=$!
echo "$child"
( read -r _ <&3; kill -TERM "$child" 2>/dev/null ) &
watcher=$!
exec 3<&-
wait "$child"
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
`;

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const MAX_PORT_ATTEMPTS = 5;

export interface PrometheusProcess {
  readonly url: string;
  /** Why the server is gone, once it exited without stop(). */
  readonly exitReason: string | undefined;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not pick a free port');
  return address.port;
}

/**
 * Whether the child keeps the event loop alive. It must while we wait on it; while idle it must not,
 * so that a forgotten close() does not hang the test process (the exit hook then kills prometheus).
 */
function holdLoop(child: ChildProcess, hold: boolean): void {
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as Array<{ ref?: () => void; unref?: () => void } | null>) {
    if (hold) handle?.ref?.();
    else handle?.unref?.();
  }
}

interface Attempt {
  readonly child: ChildProcess;
  readonly pid: Promise<number>;
  readonly exited: Promise<number | null>;
  readonly stderr: () => string;
}

function launch(binary: string, args: readonly string[]): Attempt {
  const child = spawn('/bin/sh', ['-c', WRAPPER, 'prometheus-wrapper', binary, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-16_384);
  });
  const pid = new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = /^(\d+)\n/.exec(stdout);
      if (line) resolve(Number(line[1]));
    });
    child.once('error', reject);
    child.once('exit', () => reject(new Error('the prometheus wrapper exited before starting prometheus')));
  });
  pid.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, pid, exited, stderr: () => stderr };
}

/** Resolves true once /-/ready answers 200, false if the process exited first. */
async function waitReady(url: string, exited: Promise<number | null>): Promise<boolean> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!gone && Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  if (gone) return false;
  throw new Error(`prometheus did not become ready within ${READY_TIMEOUT_MS} ms`);
}

/** Starts `binary` with `args` plus `--web.listen-address`, retrying on another port if the chosen one was taken. */
export async function startPrometheusProcess(binary: string, args: readonly string[]): Promise<PrometheusProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const run = launch(binary, [...args, `--web.listen-address=127.0.0.1:${port}`]);
    const pid = await run.pid.catch(() => undefined);
    const forget = pid === undefined ? () => undefined : atExit(() => process.kill(pid, 'SIGKILL'));
    let ready: boolean;
    try {
      ready = await waitReady(url, run.exited);
    } catch (error) {
      run.child.stdin?.end();
      throw error;
    }
    if (!ready) {
      forget();
      const log = run.stderr().trim();
      if (/address already in use/.test(log) && attempt < MAX_PORT_ATTEMPTS) continue;
      throw new Error(`prometheus exited during start-up: ${log.split('\n').slice(-5).join('\n') || '(no output)'}`);
    }
    holdLoop(run.child, false);
    let stopping = false;
    let exitReason: string | undefined;
    void run.exited.then((code) => {
      forget();
      if (!stopping) exitReason = `prometheus exited unexpectedly (code ${code}): ${run.stderr().trim().split('\n').slice(-3).join(' | ')}`;
    });
    return {
      url,
      get exitReason() {
        return exitReason;
      },
      async stop() {
        stopping = true;
        if (run.child.exitCode !== null || run.child.signalCode !== null) return;
        holdLoop(run.child, true);
        run.child.stdin?.end();
        const timer = sleep(STOP_TIMEOUT_MS, 'timeout' as const, { ref: false });
        if ((await Promise.race([run.exited, timer])) === 'timeout') {
          if (pid !== undefined) process.kill(pid, 'SIGKILL');
          await run.exited;
        }
      },
    };
  }
}
