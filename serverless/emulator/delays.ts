/**
 * Timers that close() can cancel, so a pending latency or a scheduled scenario step never keeps the
 * process (or jest) alive after the emulator is closed.
 */
export class Delays {
  private pending = new Set<{ timer: NodeJS.Timeout; resolve: (elapsed: boolean) => void }>();
  private closed = false;

  /** Resolves true after `ms`, or false at once if the emulator is (or gets) closed. */
  wait(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          resolve(true);
        }, ms),
        resolve,
      };
      this.pending.add(entry);
    });
  }

  /** Runs `step` after `ms` unless cancelled first (close() or cancelPending()). */
  schedule(ms: number, step: () => void): void {
    void this.wait(ms).then((elapsed) => {
      if (elapsed) step();
    });
  }

  /** Cancels what is pending (reset()) but keeps accepting new waits. */
  cancelPending(): void {
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.resolve(false);
    }
    this.pending.clear();
  }

  cancelAll(): void {
    this.closed = true;
    this.cancelPending();
  }
}
