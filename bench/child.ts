/**
 * Parent side of the bench's process protocol (see entries/ipc.ts): fork an entry script under tsx
 * with its stdout and stderr in a log file, wait for `ready`, query its CPU time, start and stop its
 * CPU profiler, stop it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from './entries/ipc.js';

export interface ChildOptions {
  /** Short name, also the log file's name. */
  name: string;
  /** Entry script under bench/entries/, e.g. `emulator.ts`. */
  entry: string;
  logDir: string;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export interface Child<T> {
  name: string;
  info: T;
  pid: number;
  logFile: string;
  /** CPU time (user + system) the child has used so far, in microseconds. */
  cpuMicros(): Promise<number>;
  /** Starts the V8 CPU profiler in the child (main thread). */
  startProfile(): Promise<void>;
  /** Stops it and has the child write the `.cpuprofile` to `file`. */
  stopProfile(file: string): Promise<void>;
  /** Asks the child to close and exit; kills it if it has not exited within the timeout. */
  stop(timeoutMs?: number): Promise<void>;
  /** Last lines of the child's stderr, for error messages. */
  logTail(lines?: number): string;
}

const tsx = import.meta.resolve('tsx');
const children = new Set<ChildProcess>();

/** Kills every child still running (watchdog and signal path; normal runs call stop()). */
export function killAllChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export async function startChild<T>(options: ChildOptions): Promise<Child<T>> {
  const logFile = join(options.logDir, `${options.name}.log`);
  const logFd = openSync(logFile, 'a');
  const entry = fileURLToPath(new URL(`./entries/${options.entry}`, import.meta.url));
  const child = fork(entry, [], {
    execArgv: ['--import', tsx],
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
    stdio: ['ignore', logFd, logFd, 'ipc'],
  });
  closeSync(logFd);
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  const logTail = (lines = 20) => {
    try {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };

  const info = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`timed out after ${options.readyTimeoutMs ?? 30_000} ms`)), options.readyTimeoutMs ?? 30_000);
    const onMessage = (message: ChildMessage<T>) => {
      if (message.type === 'ready') done(() => resolve(message.info));
      else if (message.type === 'failed') fail(new Error(message.error));
    };
    const onExit = (code: number | null, signal: string | null) => fail(new Error(`exited early (code ${code}, signal ${signal})`));
    const done = (then: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      then();
    };
    const fail = (error: Error) =>
      done(() => {
        child.kill('SIGKILL');
        reject(new Error(`bench child "${options.name}" failed to start: ${error.message}\n--- ${logFile} ---\n${logTail()}`));
      });
    child.on('message', onMessage);
    child.once('exit', onExit);
  });

  let nextId = 0;
  /** Sends a request and waits for the child's answer with the same id. */
  const ask = <R>(what: string, message: (id: number) => ParentMessage, answer: (m: ChildMessage<T>, id: number) => R | undefined, timeoutMs = 10_000) =>
    new Promise<R>((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        reject(new Error(`bench child "${options.name}" did not answer ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (m: ChildMessage<T>) => {
        let result: R | undefined;
        try {
          result = answer(m, id);
        } catch (error) {
          clearTimeout(timer);
          child.off('message', onMessage);
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (result === undefined) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(result);
      };
      child.on('message', onMessage);
      child.send(message(id));
    });
  const profileAnswer = (m: ChildMessage<T>, id: number): true | undefined => {
    if (m.type !== 'profile' || m.id !== id) return undefined;
    if (m.error) throw new Error(`bench child "${options.name}" profiler: ${m.error}`);
    return true;
  };
  return {
    name: options.name,
    info,
    pid: child.pid ?? -1,
    logFile,
    logTail,
    cpuMicros: () =>
      ask('a CPU-time query', (id) => ({ type: 'cpu', id }), (m, id) => (m.type === 'cpu' && m.id === id ? m.userUs + m.systemUs : undefined)),
    startProfile: async () => {
      await ask('profile-start', (id) => ({ type: 'profile-start', id }), profileAnswer);
    },
    stopProfile: async (file) => {
      await ask('profile-stop', (id) => ({ type: 'profile-stop', id, file }), profileAnswer, 30_000);
    },
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
