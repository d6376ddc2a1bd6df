import { describe, expect, it } from 'vitest';
import { checkPlan, findCeiling } from './find-ceiling.ts';

/** A stack that passes every threshold up to `limit` events/s, and records the rates it was asked for. */
function fakeStack(limit: number) {
  const asked: number[] = [];
  return {
    asked,
    measure: async (rate: number) => {
      asked.push(rate);
      return { passed: rate <= limit, measured: { achieved: Math.min(rate, limit) } };
    },
  };
}

describe('findCeiling', () => {
  it.each([
    ['fails part-way', { start: 200, step: 200, max: 5000 }, 900, [200, 400, 600, 800, 1000], 800, 1000],
    ['passes the first step only', { start: 200, step: 100, max: 5000 }, 250, [200, 300], 200, 300],
    ['fails at once', { start: 500, step: 100, max: 5000 }, 100, [500], undefined, 500],
    ['passes up to max', { start: 100, step: 300, max: 700 }, 10_000, [100, 400, 700], 700, undefined],
    [
      'a limit on a step is a pass',
      { start: 300, step: 300, max: 2000 },
      900,
      [300, 600, 900, 1200],
      900,
      1200,
    ],
    [
      'fractional steps do not drift',
      { start: 0.1, step: 0.1, max: 0.3 },
      1,
      [0.1, 0.2, 0.3],
      0.3,
      undefined,
    ],
  ] as const)('%s', async (_, plan, limit, rates, ceiling, failure) => {
    const stack = fakeStack(limit);
    const seen: number[] = [];
    const result = await findCeiling(plan, stack.measure, (s) => seen.push(s.rate));
    expect(stack.asked).toEqual(rates);
    expect(seen).toEqual(rates);
    expect(result.ceiling?.rate).toBe(ceiling);
    expect(result.firstFailure?.rate).toBe(failure);
    expect(result.steps.map((s) => s.passed)).toEqual(rates.map((r) => r <= limit));
  });

  it.each([
    [{ start: 0, step: 100, max: 1000 }, 'start 0'],
    [{ start: 100, step: 0, max: 1000 }, 'step 0'],
    [{ start: 100, step: -5, max: 1000 }, 'step -5'],
    [{ start: 500, step: 100, max: 100 }, 'max 100'],
  ])('refuses the plan %o', async (plan, message) => {
    expect(checkPlan(plan)).toContain(message);
    await expect(findCeiling(plan, fakeStack(1).measure)).rejects.toThrow(message);
  });
});
