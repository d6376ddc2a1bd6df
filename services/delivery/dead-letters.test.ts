import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import { deadLetterMessages, deadLetterQueues, redriveDeadLetters, showDeadLetter } from './dead-letters.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import { formatDeadLetters, formatDeliveryDetail, formatDeliveryList, verdict } from './delivery-report.ts';
import { ARN, err400, err500, memoryStore, newDelivery, ok, ScriptedInvoker } from './testing/fixtures.ts';

const DLQ2 = 'arn:aws:sqs:eu-west-1:000000000000:other-dlq';

async function deadLettered(n: number, dlq = ARN.dlq) {
  const store = memoryStore();
  const clock = new ManualClock();
  let partnerUp = false;
  const invoker = new ScriptedInvoker(() => (partnerUp ? ok : err400));
  const worker = new DeliveryWorker({ ...store, invokers: [invoker], clock });
  store.queue.enqueue(
    Array.from({ length: n }, (_, i) =>
      newDelivery({ eventId: `e${i}`, eventTime: clock.now(), deadLetterArn: dlq }),
    ),
  );
  await worker.runDue();
  return { ...store, clock, worker, invoker, up: () => (partnerUp = true) };
}

describe('dead letters', () => {
  it('lists the dead-letter queues and why each message is there', async () => {
    const t = await deadLettered(2);
    t.queues.send('arn:aws:sqs:eu-west-1:000000000000:orders', '{}'); // a plain target queue is not a DLQ
    expect(deadLetterQueues(t.queues, t.queue)).toEqual([{ name: 'portico-dlq', arn: ARN.dlq, messages: 2 }]);
    const [m] = deadLetterMessages(t.queues, ARN.dlq);
    expect(m).toMatchObject({
      errorCode: 'HTTP_400',
      retryAttempts: 0,
      ruleArn: ARN.rule,
      targetArn: ARN.target,
    });
    expect(formatDeadLetters([m!])[0]).toMatch(/acme-books-prod {2}HTTP_400 {2}retries 0$/);
    const shown = showDeadLetter(t.queues, t.queue, m!.id);
    expect(shown?.delivery?.status).toBe('dead-lettered');
    expect(shown?.attempts).toHaveLength(1);
  });

  it('redrive sends each message back to its target once, and says how many went', async () => {
    const t = await deadLettered(3);
    t.up();
    const result = redriveDeadLetters(t.queues, t.queue, { now: t.clock.now() });
    expect(result.redriven).toHaveLength(3);
    expect(t.queues.receive(ARN.dlq, 10)).toEqual([]);
    await t.worker.runDue();
    expect(t.queue.counts()).toMatchObject({ succeeded: 3, 'dead-lettered': 0 });
    expect(t.invoker.calls).toHaveLength(6);
    expect(redriveDeadLetters(t.queues, t.queue, { now: t.clock.now() }).redriven).toEqual([]);
  });

  it('a redriven delivery that fails again goes back to the dead-letter queue, after one attempt', async () => {
    const t = await deadLettered(1);
    redriveDeadLetters(t.queues, t.queue, { now: t.clock.now() });
    await t.worker.runDue();
    expect(t.invoker.calls).toHaveLength(2);
    expect(t.queues.receive(ARN.dlq, 10)).toHaveLength(1);
  });

  it('refuses to guess between two dead-letter queues, and names an unknown one', async () => {
    const t = await deadLettered(1);
    t.queue.enqueue([newDelivery({ eventId: 'x', eventTime: t.clock.now(), deadLetterArn: DLQ2 })]);
    await t.worker.runDue();
    expect(() => redriveDeadLetters(t.queues, t.queue, { now: 0 })).toThrow(
      /2 dead-letter queues hold messages: name one with --queue/,
    );
    expect(() => redriveDeadLetters(t.queues, t.queue, { now: 0, queueArn: 'arn:aws:sqs:x:y:nope' })).toThrow(
      /is not a dead-letter queue/,
    );
    expect(redriveDeadLetters(t.queues, t.queue, { now: 0, queueArn: DLQ2 }).redriven).toHaveLength(1);
    expect(
      redriveDeadLetters(t.queues, t.queue, { now: 0, all: true, messageIds: ['nope'] }).skipped,
    ).toEqual([{ messageId: 'nope', reason: 'no such message in any dead-letter queue' }]);
  });
});

describe('delivery report', () => {
  it('answers "did the partner get it, and if not, why" in one line each', async () => {
    const store = memoryStore();
    const clock = new ManualClock();
    const worker = new DeliveryWorker({
      ...store,
      clock,
      random: () => 0.5,
      invokers: [
        new ScriptedInvoker((r) => (r.eventId === 'ok' ? ok : r.eventId === 'bad' ? err400 : err500)),
      ],
    });
    store.queue.enqueue(
      ['ok', 'bad', 'down'].map((eventId) => newDelivery({ eventId, eventTime: clock.now() })),
    );
    await worker.runDue();
    const byEvent = (id: string) => store.queue.list({ eventId: id })[0]!;
    expect(verdict(byEvent('ok'))).toBe('DELIVERED after 1 attempt (partner answered 200)');
    expect(verdict(byEvent('bad'))).toBe(
      'NOT DELIVERED: failed after 1 attempt (not retryable); HTTP_400: Endpoint answered 400; no dead-letter queue, kept here',
    );
    expect(verdict(byEvent('down'))).toBe(
      'NOT YET: retrying, 1 attempt so far, next at 2025-01-01T00:00:00.750Z; last error HTTP_500: Endpoint answered 500',
    );
    const detail = formatDeliveryDetail(byEvent('down'), store.queue.attempts(byEvent('down').id));
    expect(detail[0]).toMatch(/^dlv_\S+: event down -> acme-books-prod$/);
    expect(detail.at(-1)).toBe('  #1 2025-01-01T00:00:00.000Z 500 3 ms HTTP_500 Endpoint answered 500');
    expect(formatDeliveryList(store.queue.list())[0]).toMatch(
      /^DELIVERY\s+EVENT\s+TARGET\s+STATUS\s+ATTEMPTS\s+LAST ERROR$/,
    );
  });
});
