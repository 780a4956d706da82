/** Readiness and in-flight accounting for graceful shutdown. */
export class Lifecycle {
  draining = false;
  private inFlight = 0;
  private waiters: Array<() => void> = [];

  get active(): number {
    return this.inFlight;
  }

  begin(): () => void {
    this.inFlight++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.waiters.splice(0)) resolve();
    };
  }

  /** Resolves true when every in-flight call has finished, false if the grace period ran out first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
