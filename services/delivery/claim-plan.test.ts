import { describe, expect, it } from 'vitest';
import { planClaims, type ClaimPlanInput } from './claim-plan.ts';

const base: ClaimPlanInput = {
  due: new Map([
    ['a', 0],
    ['b', 0],
    ['c', 0],
  ]),
  now: 10,
  free: 90,
  concurrency: 90,
  held: new Map(),
  capacityOf: () => 128,
  turn: 0,
};

describe('planClaims', () => {
  const cases: [string, { given: Partial<ClaimPlanInput>; want: [string, number][] }][] = [
    [
      'an idle worker shares its slots fairly',
      {
        given: {},
        want: [
          ['a', 30],
          ['b', 30],
          ['c', 30],
        ],
      },
    ],
    [
      'the round robin starts elsewhere on the next turn',
      {
        given: { turn: 1 },
        want: [
          ['b', 30],
          ['c', 30],
          ['a', 30],
        ],
      },
    ],
    [
      'a target not yet due waits',
      {
        given: {
          due: new Map([
            ['a', 0],
            ['b', 11],
          ]),
        },
        want: [['a', 90]],
      },
    ],
    [
      'a lane is refilled only once half of it is free',
      {
        given: {
          held: new Map([
            ['a', 70],
            ['b', 64],
          ]),
          capacityOf: () => 128,
        },
        want: [
          ['b', 30],
          ['c', 30],
        ],
      },
    ],
    [
      'a lane gets no more than its room',
      {
        given: { held: new Map([['a', 100]]), capacityOf: (arn) => (arn === 'a' ? 110 : 128) },
        want: [
          ['b', 30],
          ['c', 30],
        ],
      },
    ],
    [
      'nothing while fewer than an eighth of the slots are free',
      { given: { free: 10, concurrency: 90 }, want: [] },
    ],
    [
      'small lanes: the rate-limited one takes its capacity, the rest go on',
      {
        given: { capacityOf: (arn) => (arn === 'b' ? 2 : 128) },
        want: [
          ['a', 30],
          ['b', 2],
          ['c', 30],
        ],
      },
    ],
  ];
  it.each(cases)('%s', (_n, { given, want }) => expect(planClaims({ ...base, ...given })).toEqual(want));
});
