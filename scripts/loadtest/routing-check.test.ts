import { describe, expect, it } from 'vitest';
import { ExpectedRouting, reconcile, RoutingTally, type SentEvent } from './routing-check.ts';

const sent: SentEvent[] = [
  { eventId: 'e1', acceptedAt: 0, expected: ['acme/prod', 'zeta/prod'] },
  { eventId: 'e2', acceptedAt: 10, expected: [] },
];

describe('reconcile', () => {
  it.each([
    [
      'every delivery once',
      {
        given: [
          ['e1', 'acme/prod', 5],
          ['e1', 'zeta/prod', 7],
        ],
        want: { lost: 0, misrouted: 0, duplicates: 0, latencies: [5, 7] },
      },
    ],
    [
      'one missing',
      { given: [['e1', 'acme/prod', 5]], want: { lost: 1, misrouted: 0, duplicates: 0, latencies: [5] } },
    ],
    [
      'one to the wrong partner',
      {
        given: [
          ['e1', 'acme/prod', 5],
          ['e1', 'zeta/prod', 6],
          ['e2', 'acme/prod', 20],
        ],
        want: { lost: 0, misrouted: 1, duplicates: 0, latencies: [5, 6] },
      },
    ],
    [
      'an event never put',
      {
        given: [
          ['e1', 'acme/prod', 5],
          ['e1', 'zeta/prod', 6],
          ['zz', 'acme/prod', 1],
        ],
        want: { lost: 0, misrouted: 1, duplicates: 0, latencies: [5, 6] },
      },
    ],
    [
      'a duplicate, timed once',
      {
        given: [
          ['e1', 'acme/prod', 5],
          ['e1', 'acme/prod', 9],
          ['e1', 'zeta/prod', 6],
        ],
        want: { lost: 0, misrouted: 0, duplicates: 1, latencies: [5, 6] },
      },
    ],
  ] as const)('%s', (_, { given, want }) => {
    const receipts = given.map(([eventId, target, at]) => ({ eventId, target, at }));
    const { lost, misrouted, duplicates, latencies } = reconcile(sent, receipts);
    expect({ lost, misrouted, duplicates, latencies }).toEqual(want);
  });
});

describe('RoutingTally (deliveries checked as they arrive)', () => {
  const receipt = (eventId: string, target: string, at: number) => ({ eventId, target, at });
  it.each([
    [
      'delivered after the PutEvents answer',
      (t: RoutingTally) => {
        t.expect(sent[0]!);
        t.receive(receipt('e1', 'acme/prod', 5));
        t.receive(receipt('e1', 'zeta/prod', 7));
      },
    ],
    [
      'delivered before the PutEvents answer reached the runner',
      (t: RoutingTally) => {
        t.receive(receipt('e1', 'acme/prod', 5));
        t.receive(receipt('e1', 'zeta/prod', 7));
        t.expect(sent[0]!);
      },
    ],
    [
      'one before, one after',
      (t: RoutingTally) => {
        t.receive(receipt('e1', 'zeta/prod', 7));
        t.expect(sent[0]!);
        t.receive(receipt('e1', 'acme/prod', 5));
      },
    ],
  ])('%s: checked, then nothing of it held', (_, run) => {
    const tally = new RoutingTally();
    run(tally);
    expect(tally.held()).toBe(0);
    const { lost, misrouted, duplicates, latencies } = tally.report();
    expect({ lost, misrouted, duplicates, latencies: [...latencies].sort() }).toEqual({
      lost: 0,
      misrouted: 0,
      duplicates: 0,
      latencies: [5, 7],
    });
  });

  it('holds an event until its last expected delivery, and a duplicate after it is still a duplicate', () => {
    const tally = new RoutingTally();
    tally.expect(sent[0]!);
    tally.receive(receipt('e1', 'acme/prod', 5));
    expect(tally.held()).toBe(1);
    tally.receive(receipt('e1', 'zeta/prod', 6));
    expect(tally.held()).toBe(0);
    tally.receive(receipt('e1', 'zeta/prod', 9));
    tally.receive(receipt('e1', 'other/prod', 9));
    expect(tally.report()).toMatchObject({ duplicates: 1, misrouted: 1, lost: 0, received: 4 });
  });
});

describe('ExpectedRouting', () => {
  const routing = new ExpectedRouting([
    {
      name: 'r-books',
      partner: 'acme',
      environment: 'prod',
      eventPattern: { source: ['s'], detail: { kind: ['books'] } },
    },
    {
      name: 'r-test',
      partner: 'acme',
      environment: 'test',
      eventPattern: { source: ['s'], detail: { env: ['test'] } },
    },
  ]);
  it.each([
    ['matches one rule', { given: { kind: 'books' }, want: ['acme/prod'] }],
    ['matches both', { given: { kind: 'books', env: 'test' }, want: ['acme/prod', 'acme/test'] }],
    ['matches none', { given: { kind: 'pens' }, want: [] }],
  ])('%s', (_, { given, want }) => {
    expect(routing.expected('s', 'x', given)).toEqual(want);
  });
});
