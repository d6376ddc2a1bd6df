import { describe, expect, it } from 'vitest';
import type { DeliveryFilter } from './delivery-queue.ts';
import { ARN, memoryStore, newDelivery } from './testing/fixtures.ts';

const t0 = Date.UTC(2025, 0, 1);

describe('DeliveryQueue', () => {
  it('enqueue is idempotent per (event, rule, target, replay) and gives a stable msg_ webhook-id', () => {
    const { queue } = memoryStore();
    queue.enqueue([newDelivery(), newDelivery()]);
    queue.enqueue([newDelivery({ replayName: 'r1' })]);
    const list = queue.list();
    expect(list).toHaveLength(2);
    expect(list.map((d) => d.webhookId)).toEqual([
      expect.stringMatching(/^msg_[\w-]{26}$/),
      expect.stringMatching(/^msg_[\w-]{26}$/),
    ]);
    expect(list[0]?.webhookId).not.toBe(list[1]?.webhookId);
    expect(list[0]?.id).toMatch(/^dlv_[0-9a-z]{9}[\w-]{17}$/);
    expect(list[0]?.webhookId.slice(4)).toContain(list[0]?.id.slice(13));
  });

  it('writes nothing when the surrounding transaction rolls back (the bus enqueues inside PutEvents)', () => {
    const { db, queue } = memoryStore();
    expect(() =>
      db.transaction(() => {
        queue.enqueue([newDelivery()]);
        throw new Error('PutEvents failed');
      })(),
    ).toThrow('PutEvents failed');
    expect(queue.list()).toEqual([]);
  });

  it("claims a target's due deliveries with a lease, and claims them again once the lease has run out", () => {
    const { queue } = memoryStore();
    queue.enqueue([newDelivery({ eventTime: t0 }), newDelivery({ eventId: 'later', eventTime: t0 + 5_000 })]);
    queue.enqueue([newDelivery({ eventId: 'other', targetArn: ARN.other, eventTime: t0 })]);
    expect(queue.claimTarget(ARN.target, t0, 10, 1_000).map((d) => d.eventId)).toEqual(['evt-1']);
    expect(queue.claimTarget(ARN.target, t0 + 500, 10, 1_000)).toEqual([]);
    expect(queue.nextDueFor(ARN.target)).toBe(t0 + 1_000);
    expect(queue.nextDueAt()).toBe(t0);
    expect(queue.claimTarget(ARN.target, t0 + 1_000, 10, 10_000).map((d) => d.eventId)).toEqual(['evt-1']);
    expect(queue.claimTarget(ARN.target, t0 + 5_000, 10, 1_000).map((d) => d.eventId)).toEqual(['later']);
    expect(queue.dueTargets()).toEqual([
      { arn: ARN.target, at: t0 + 6_000 },
      { arn: ARN.other, at: t0 },
    ]);
  });

  it('claims at most the limit, oldest first, and tells the worker which targets got new work', () => {
    const { queue } = memoryStore();
    queue.enqueue(
      Array.from({ length: 5 }, (_, i) => newDelivery({ eventId: `a${4 - i}`, eventTime: t0 + 4 - i })),
    );
    expect([...queue.takeTouched()]).toEqual([[ARN.target, t0]]);
    expect(queue.takeTouched().size).toBe(0);
    expect(queue.claimTarget(ARN.target, t0 + 10, 2, 1_000).map((d) => d.eventId)).toEqual(['a0', 'a1']);
  });

  const filters: [string, { given: DeliveryFilter; want: string[] }][] = [
    ['by event', { given: { eventId: 'e2' }, want: ['e2'] }],
    ['by partner (rule or destination name)', { given: { partner: 'pens-r-us' }, want: ['e3'] }],
    ['by request id in the body', { given: { requestId: 'req-2' }, want: ['e2'] }],
    ['by status', { given: { status: 'succeeded' }, want: ['e1'] }],
    ['all, newest first', { given: {}, want: ['e3', 'e2', 'e1'] }],
  ];
  it.each(filters)('lists %s', (_n, { given, want }) => {
    const { queue } = memoryStore();
    queue.enqueue([
      newDelivery({ eventId: 'e1', eventTime: t0 }),
      newDelivery({
        eventId: 'e2',
        eventTime: t0 + 1,
        body: JSON.stringify({ detail: { request_id: 'req-2' } }),
      }),
      newDelivery({ eventId: 'e3', eventTime: t0 + 2, targetArn: ARN.other, body: 'plain text, not JSON' }),
    ]);
    queue.markSucceeded(queue.list({ eventId: 'e1' })[0]!.id, t0);
    expect(queue.list(given).map((d) => d.eventId)).toEqual(want);
  });
});
