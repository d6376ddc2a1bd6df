import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DestinationLanes, takeToken, type Bucket } from './rate-limiter.ts';

describe('takeToken', () => {
  const cases: [string, { given: [Bucket, number, number]; want: { tokens: number; waitMs: number } }][] = [
    [
      'a full bucket gives a token',
      { given: [{ tokens: 1, updatedAt: 0 }, 0, 10], want: { tokens: 0, waitMs: 0 } },
    ],
    [
      'an empty one says how long to wait',
      { given: [{ tokens: 0, updatedAt: 0 }, 0, 10], want: { tokens: 0, waitMs: 100 } },
    ],
    [
      'it refills with time',
      { given: [{ tokens: 0, updatedAt: 0 }, 100, 10], want: { tokens: 0, waitMs: 0 } },
    ],
    ['partly refilled', { given: [{ tokens: 0, updatedAt: 0 }, 50, 10], want: { tokens: 0.5, waitMs: 50 } }],
    [
      'never beyond its capacity',
      { given: [{ tokens: 0, updatedAt: 0 }, 10_000, 10], want: { tokens: 0, waitMs: 0 } },
    ],
  ];
  it.each(cases)('%s', (_n, { given, want }) => {
    const { bucket, waitMs } = takeToken(...given);
    expect({ tokens: bucket.tokens, waitMs }).toEqual(want);
  });
});

describe('DestinationLanes', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const lanes = () => new DestinationLanes({ now: () => Date.now() });

  it('spaces requests to the rate: 5 per second means one every 200 ms, none dropped', async () => {
    const l = lanes();
    const started: number[] = [];
    const t0 = Date.now();
    const all = Array.from({ length: 6 }, () =>
      l.acquire('a', { ratePerSecond: 5, concurrency: 100 }).then((release) => {
        started.push(Date.now() - t0);
        release();
      }),
    );
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all(all);
    expect(started).toEqual([0, 200, 400, 600, 800, 1000]);
  });

  it('caps concurrency and lets the next one in on release', async () => {
    const l = lanes();
    const first = await l.acquire('a', { concurrency: 1 });
    let second = false;
    const next = l.acquire('a', { concurrency: 1 }).then((r) => {
      second = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(second).toBe(false);
    expect(l.load('a')).toBe(2);
    first();
    (await next)();
    expect(second).toBe(true);
    expect(l.load('a')).toBe(0);
  });

  it('a saturated lane does not hold up another destination', async () => {
    const l = lanes();
    await l.acquire('slow', { concurrency: 1, ratePerSecond: 1 });
    void l.acquire('slow', { concurrency: 1, ratePerSecond: 1 });
    let other = false;
    void l.acquire('fast', { concurrency: 1, ratePerSecond: 1 }).then(() => {
      other = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(other).toBe(true);
    expect(l.load('slow')).toBe(2);
  });
});

describe('DestinationLanes.tryAcquire', () => {
  it('gives a free slot at once, refuses a full lane, and shares slots with acquire', async () => {
    const l = new DestinationLanes({ now: () => 0 });
    const limits = { concurrency: 2 };
    const first = l.tryAcquire('a', limits);
    const second = l.tryAcquire('a', limits);
    expect([first, second].every((r) => typeof r === 'function')).toBe(true);
    expect(l.tryAcquire('a', limits)).toBeUndefined();
    let third = false;
    const waiting = l.acquire('a', limits).then((release) => {
      third = true;
      return release;
    });
    first!();
    first!(); // a second release is ignored
    (await waiting)();
    expect(third).toBe(true);
    expect(l.load('a')).toBe(1);
    second!();
    expect(l.load('a')).toBe(0);
  });

  it('keeps to the rate: after one token, the next caller must wait', () => {
    let now = 0;
    const l = new DestinationLanes({ now: () => now });
    const limits = { ratePerSecond: 10, concurrency: 10 };
    void l.acquire('a', limits); // sets the lane's bucket up and takes its token
    expect(l.tryAcquire('a', limits)).toBeUndefined();
    now = 100;
    expect(l.tryAcquire('a', limits)).toBeTypeOf('function');
    expect(l.tryAcquire('a', limits)).toBeUndefined();
  });
});
