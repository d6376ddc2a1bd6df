import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import type { InvokeOutcome } from './target-invoker.ts';
import { ARN, err400, err500, memoryStore, newDelivery, ok, ScriptedInvoker } from './testing/fixtures.ts';

function setup(
  script: ConstructorParameters<typeof ScriptedInvoker>[0],
  workerOpts: Partial<ConstructorParameters<typeof DeliveryWorker>[0]> = {},
) {
  const store = memoryStore();
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  const invoker = new ScriptedInvoker(script);
  const worker = new DeliveryWorker({
    queue: store.queue,
    queues: store.queues,
    invokers: [invoker],
    clock,
    random: () => 0.5,
    ...workerOpts,
  });
  /** Runs due work, advancing the clock to each next due time: retries over days in milliseconds. */
  async function runAll(limit = 10_000) {
    for (let i = 0; i < limit; i++) {
      await worker.runDue();
      const due = store.queue.nextDueAt();
      if (due === undefined) return;
      if (due > clock.now()) clock.set(due);
    }
  }
  return { ...store, clock, invoker, worker, runAll };
}

describe('DeliveryWorker', () => {
  it('delivers, logs the attempt and marks the delivery succeeded', async () => {
    const t = setup(() => ok);
    t.queue.enqueue([newDelivery()]);
    await t.runAll();
    const [d] = t.queue.list();
    expect(d).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(t.queue.attempts(d!.id)).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'succeeded', status: 200, latencyMs: 3 }),
    ]);
    expect(t.invoker.calls[0]).toMatchObject({
      attempt: 1,
      webhookId: d!.webhookId,
      body: newDelivery().body,
    });
  });

  it('retries a 500 after the schedule says, with the same webhook-id, then succeeds', async () => {
    const t = setup((_r, n) => (n < 3 ? err500 : ok));
    t.queue.enqueue([newDelivery()]);
    await t.worker.runDue();
    const [first] = t.queue.list();
    expect(first).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: Date.UTC(2025, 0, 1) + 750,
    });
    await t.runAll();
    expect(t.queue.list()[0]).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(new Set(t.invoker.calls.map((c) => c.webhookId)).size).toBe(1);
    expect(t.invoker.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
  });

  it('honours Retry-After', async () => {
    const t = setup((_r, n) => (n === 1 ? { ...err500, status: 429, retryAfterMs: 30_000 } : ok));
    t.queue.enqueue([newDelivery()]);
    await t.worker.runDue();
    expect(t.queue.list()[0]?.nextAttemptAt).toBe(Date.UTC(2025, 0, 1) + 30_000);
  });

  const endings: [
    string,
    {
      given: {
        outcome: InvokeOutcome;
        policy?: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number };
      };
      want: Record<string, string>;
    },
  ][] = [
    [
      'MaximumRetryAttempts exhausted',
      {
        given: { outcome: err500, policy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 86_400 } },
        want: {
          ERROR_CODE: 'HTTP_500',
          EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
          RETRY_ATTEMPTS: '3',
        },
      },
    ],
    [
      'MaximumEventAgeInSeconds exhausted',
      {
        given: { outcome: err500, policy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 60 } },
        want: { ERROR_CODE: 'HTTP_500', EXHAUSTED_RETRY_CONDITION: 'MaximumEventAgeInSeconds' },
      },
    ],
    [
      'a 400 is not retried and has no exhausted condition',
      { given: { outcome: err400 }, want: { ERROR_CODE: 'HTTP_400', RETRY_ATTEMPTS: '0' } },
    ],
  ];
  it.each(endings)('dead-letters with AWS attributes: %s', async (_n, { given, want }) => {
    const t = setup(() => given.outcome);
    t.queue.enqueue([
      newDelivery({ deadLetterArn: ARN.dlq, ...(given.policy ? { retryPolicy: given.policy } : {}) }),
    ]);
    await t.runAll();
    const [d] = t.queue.list();
    expect(d?.status).toBe('dead-lettered');
    const [msg] = t.queues.receive(ARN.dlq, 10);
    expect(msg?.id).toBe(d?.deadLetterMessageId);
    expect(msg?.body).toBe(newDelivery().body);
    expect(msg?.attributes).toMatchObject({
      RULE_ARN: ARN.rule,
      TARGET_ARN: ARN.target,
      ERROR_MESSAGE: given.outcome.kind === 'succeeded' ? '' : given.outcome.errorMessage,
      ...want,
    });
    if (!want.EXHAUSTED_RETRY_CONDITION)
      expect(msg?.attributes).not.toHaveProperty('EXHAUSTED_RETRY_CONDITION');
  });

  it('without a dead-letter queue keeps the delivery as failed, with why', async () => {
    const t = setup(() => err400);
    t.queue.enqueue([newDelivery()]);
    await t.runAll();
    expect(t.queue.list()[0]).toMatchObject({ status: 'failed', lastErrorCode: 'HTTP_400', lastStatus: 400 });
    expect(t.queues.list()).toEqual([]);
  });

  it('does not attempt an event that outlived its age before it could be sent', async () => {
    const t = setup(() => ok);
    t.queue.enqueue([
      newDelivery({
        deadLetterArn: ARN.dlq,
        retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 60 },
      }),
    ]);
    t.clock.advance(61_000);
    await t.runAll();
    expect(t.invoker.calls).toHaveLength(0);
    expect(t.queues.receive(ARN.dlq, 1)[0]?.attributes).toMatchObject({
      ERROR_CODE: 'EVENT_TOO_OLD',
      EXHAUSTED_RETRY_CONDITION: 'MaximumEventAgeInSeconds',
      RETRY_ATTEMPTS: '0',
    });
  });

  it('a redrive makes exactly one more attempt, whatever the age', async () => {
    const t = setup(() => err500);
    t.queue.enqueue([
      newDelivery({
        deadLetterArn: ARN.dlq,
        retryPolicy: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 60 },
      }),
    ]);
    await t.runAll();
    const [d] = t.queue.list();
    t.clock.advance(3600_000);
    expect(t.queue.redrive(d!.id, t.clock.now())).toBe(true);
    await t.runAll();
    expect(t.invoker.calls).toHaveLength(3);
    expect(t.queue.get(d!.id)).toMatchObject({
      status: 'dead-lettered',
      attempts: 3,
      exhaustedCondition: 'MaximumRetryAttempts',
    });
    expect(t.queues.receive(ARN.dlq, 10).map((m) => m.attributes.RETRY_ATTEMPTS)).toEqual(['1', '2']);
  });

  it('an unknown kind of target fails without retries', async () => {
    const t = setup(() => ok);
    t.queue.enqueue([newDelivery({ targetArn: 'arn:aws:states:eu-west-1:0:stateMachine:x' })]);
    await t.runAll();
    expect(t.queue.list()[0]).toMatchObject({ status: 'failed', lastErrorCode: 'UNSUPPORTED_TARGET' });
  });

  it('running: a kick delivers at once, a slow partner does not hold up another, stop waits for in-flight', async () => {
    const hung: (() => void)[] = [];
    let releaseAll = false;
    const store = memoryStore();
    const invoker = new ScriptedInvoker((req) =>
      req.targetArn === ARN.other || releaseAll
        ? ok
        : new Promise<InvokeOutcome>((resolve) => hung.push(() => resolve(ok))),
    );
    const worker = new DeliveryWorker({
      queue: store.queue,
      queues: store.queues,
      invokers: [invoker],
      concurrency: 8,
      laneConcurrency: 2,
      pollIntervalMs: 60_000,
    });
    const now = Date.now();
    worker.start();
    store.queue.enqueue(
      Array.from({ length: 20 }, (_, i) => newDelivery({ eventId: `slow-${i}`, eventTime: now })),
    );
    store.queue.enqueue(
      Array.from({ length: 5 }, (_, i) =>
        newDelivery({ eventId: `fast-${i}`, targetArn: ARN.other, eventTime: now }),
      ),
    );
    worker.kick();
    await expect.poll(() => store.queue.counts().succeeded, { timeout: 5_000 }).toBe(5);
    expect(hung).toHaveLength(2);
    const stopping = worker.stop();
    releaseAll = true;
    for (const release of hung) release();
    await stopping;
    const counts = store.queue.counts();
    expect(counts['in-flight']).toBe(0);
    expect(counts.succeeded).toBeGreaterThanOrEqual(7);
    expect(counts.succeeded + counts.pending).toBe(25);
  });

  it('requeues what a crashed run left in flight when it starts', async () => {
    const t = setup(() => ok, { pollIntervalMs: 60_000 });
    t.queue.enqueue([newDelivery()]);
    t.queue.claimTarget(ARN.target, t.clock.now(), 10, 60_000);
    expect(t.queue.counts()['in-flight']).toBe(1);
    t.worker.start();
    await expect.poll(() => t.queue.counts().succeeded).toBe(1);
    await t.worker.stop();
  });
});
