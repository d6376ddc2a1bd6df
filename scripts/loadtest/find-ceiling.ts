// `portico loadtest --find-ceiling`: the offered rate stepped up, one run a step, until a threshold
// fails; the ceiling is the highest rate at which every threshold passed. The stepping is kept apart
// from the runs (`measure`), so that it is tested with a fake measure and no clock.

export interface CeilingPlan {
  /** First offered rate (events a second). */
  start: number;
  /** Added to the rate after each step that passed. */
  step: number;
  /** Stop here even if every step passed (the ceiling is then at least this). */
  max: number;
}

export interface Step<M> {
  rate: number;
  passed: boolean;
  measured: M;
}

export interface CeilingResult<M> {
  steps: Step<M>[];
  /** The highest rate at which every threshold passed; undefined when the first step failed. */
  ceiling: Step<M> | undefined;
  /** The first rate at which a threshold failed; undefined when `max` was reached passing. */
  firstFailure: Step<M> | undefined;
}

export function checkPlan(plan: CeilingPlan): string | undefined {
  if (!(plan.start > 0)) return `start ${plan.start}: expected a positive rate`;
  if (!(plan.step > 0)) return `step ${plan.step}: expected a positive rate`;
  if (!(plan.max >= plan.start)) return `max ${plan.max}: expected at least the start (${plan.start})`;
  return undefined;
}

export async function findCeiling<M>(
  plan: CeilingPlan,
  measure: (rate: number) => Promise<{ passed: boolean; measured: M }>,
  onStep?: (step: Step<M>) => void,
): Promise<CeilingResult<M>> {
  const problem = checkPlan(plan);
  if (problem) throw new Error(problem);
  const steps: Step<M>[] = [];
  let ceiling: Step<M> | undefined;
  for (let i = 0; ; i++) {
    // Multiplying, not adding up, so that 0.1-sized steps do not drift.
    const rate = Math.round((plan.start + i * plan.step) * 1000) / 1000;
    if (rate > plan.max) return { steps, ceiling, firstFailure: undefined };
    const { passed, measured } = await measure(rate);
    const step = { rate, passed, measured };
    steps.push(step);
    onStep?.(step);
    if (!passed) return { steps, ceiling, firstFailure: step };
    ceiling = step;
  }
}
