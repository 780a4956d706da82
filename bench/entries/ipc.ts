/**
 * Child side of the bench's process protocol: start something, report `ready` with its details over
 * the IPC channel, answer CPU-usage queries, record a CPU profile between `profile-start` and
 * `profile-stop` (V8 inspector, main thread, only the window asked for), and stop on `stop` — or as
 * soon as the parent goes away, so a crashed or killed bench never leaves a server behind.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
export interface Started<T> {
  info: T;
  close(): Promise<void>;
}

export type ParentMessage =
  | { type: 'stop' }
  | { type: 'cpu'; id: number }
  | { type: 'profile-start'; id: number }
  | { type: 'profile-stop'; id: number; file: string };
export type ChildMessage<T> =
  | { type: 'ready'; info: T }
  | { type: 'failed'; error: string }
  | { type: 'cpu'; id: number; userUs: number; systemUs: number }
  | { type: 'profile'; id: number; error?: string };

export function runChild<T>(start: () => Promise<Started<T>>): void {
  const send = (message: ChildMessage<T>) => process.send?.(message);
  if (!process.send) {
    process.stderr.write('this entry runs as a child of bench/run.ts (it needs an IPC channel)\n');
    process.exit(2);
  }
  let stopping = false;
  let started: Started<T> | undefined;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const forced = setTimeout(() => process.exit(0), 5_000);
    forced.unref();
    void (started?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  };
  process.on('disconnect', stop);
  let inspector: Session | undefined;
  const profiling = async (message: Extract<ParentMessage, { type: 'profile-start' | 'profile-stop' }>) => {
    if (message.type === 'profile-start') {
      if (!inspector) {
        inspector = new Session();
        inspector.connect();
      }
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
      await inspector.post('Profiler.start');
    } else {
      if (!inspector) throw new Error('profile-stop without profile-start');
      const { profile } = await inspector.post('Profiler.stop');
      writeFileSync(message.file, JSON.stringify(profile));
    }
  };
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') stop();
    else if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      send({ type: 'cpu', id: message.id, userUs: usage.user, systemUs: usage.system });
    } else {
      profiling(message).then(
        () => send({ type: 'profile', id: message.id }),
        (error: unknown) => send({ type: 'profile', id: message.id, error: String(error) }),
      );
    }
  });
  start().then(
    (value) => {
      started = value;
      send({ type: 'ready', info: value.info });
    },
    (error: unknown) => {
      send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    },
  );
}
