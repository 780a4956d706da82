// Time progression without timers: jobs are scheduled at absolute times and run, in time order, whenever
// the emulator looks at its state (every request, every state accessor). A job receives its own due time,
// so chained steps stay on a precise schedule no matter when they are observed.

interface Job {
  readonly at: number;
  readonly seq: number;
  readonly run: (at: number) => void;
}

export class Scheduler {
  private readonly queue: Job[] = [];
  private seq = 0;
  private running = false;

  constructor(private readonly clock: () => number = Date.now) {}

  now(): number {
    return this.clock();
  }

  /** Runs `run(at)` once the clock reaches `at`. Jobs due at the same time run in scheduling order. */
  schedule(at: number, run: (at: number) => void): void {
    const job: Job = { at, seq: this.seq++, run };
    const index = this.queue.findIndex((other) => other.at > at);
    this.queue.splice(index < 0 ? this.queue.length : index, 0, job);
  }

  /**
   * Runs every job that is due, including jobs that due jobs schedule for the past. Re-entrant calls
   * (a job reading state) return at once, so jobs always run one at a time and in order.
   */
  runDue(): void {
    if (this.running) return;
    this.running = true;
    try {
      const now = this.clock();
      for (let job = this.queue[0]; job !== undefined && job.at <= now; job = this.queue[0]) {
        this.queue.shift();
        job.run(job.at);
      }
    } finally {
      this.running = false;
    }
  }

  get pending(): number {
    return this.queue.length;
  }
}
