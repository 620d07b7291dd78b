/**
 * The emulator's notion of "now". Real time by default; tests move it forward to give recordings a
 * duration or to expire Flex tokens without sleeping.
 */
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance() takes a non-negative number of milliseconds');
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
