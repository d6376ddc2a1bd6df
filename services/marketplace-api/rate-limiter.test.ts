import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.ts';

describe('RateLimiter', () => {
  it.each([
    ['a full bucket allows a burst', { rate: 2, burst: 3, takes: [0, 0, 0, 0] }, [true, true, true, false]],
    ['tokens come back at the rate', { rate: 2, burst: 1, takes: [0, 0, 500] }, [true, false, true]],
    [
      'a bucket never holds more than its burst',
      { rate: 10, burst: 2, takes: [0, 60_000, 60_000, 60_000] },
      [true, true, true, false],
    ],
  ])('%s', (_name, given, want) => {
    let now = 0;
    const limiter = new RateLimiter(given.rate, given.burst, () => now);
    expect(given.takes.map((at) => ((now = at), limiter.take('p').allowed))).toEqual(want);
  });

  it('says how long to wait, in whole seconds, at least one', () => {
    const limiter = new RateLimiter(0.1, 1, () => 0);
    limiter.take('p');
    expect(limiter.take('p')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.take('other').allowed).toBe(true);
  });
});
