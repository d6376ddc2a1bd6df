// The delivery clock is injected so that a test can run a day of retries in a second: the worker asks
// the clock for "now" and the queue for "when is the next delivery due", and a test advances a
// ManualClock to that instant instead of sleeping.
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2025, 0, 1)) {}
  now(): number {
    return this.current;
  }
  set(ms: number): void {
    if (ms < this.current) throw new Error(`ManualClock cannot go back from ${this.current} to ${ms}`);
    this.current = ms;
  }
  advance(ms: number): void {
    this.set(this.current + ms);
  }
}
