// Property: for any scripted sequence of partner failures and any retry policy, every event ends either
// received by the partner (exactly once after dedupe by webhook-id) or dead-lettered with the right
// EXHAUSTED_RETRY_CONDITION, never both. A ManualClock makes a day of retries run in milliseconds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import type { InvokeOutcome } from './target-invoker.ts';
import { ARN, memoryStore, newDelivery, ScriptedInvoker } from './testing/fixtures.ts';

type Step = 'ok' | 'http500' | 'http429' | 'timeout-after-processing' | 'reset' | 'http400';
const step = fc.constantFrom<Step>(
  'ok',
  'http500',
  'http429',
  'timeout-after-processing',
  'reset',
  'http400',
);
const scenario = fc.record({
  policy: fc.record({
    maximumRetryAttempts: fc.integer({ min: 0, max: 185 }),
    maximumEventAgeInSeconds: fc.integer({ min: 60, max: 86_400 }),
  }),
  events: fc.array(
    fc.record({
      steps: fc.array(step, { maxLength: 12 }),
      then: fc.constantFrom<Step>('ok', 'http500', 'http429'),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  retryAfterSeconds: fc.integer({ min: 0, max: 7_200 }),
  seed: fc.integer(),
});

describe('delivery property', () => {
  it('every event ends received once (after dedupe) or dead-lettered with the right condition, never both', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ policy, events, retryAfterSeconds, seed }) => {
        const store = memoryStore();
        const clock = new ManualClock(Date.UTC(2025, 0, 1));
        const acknowledged = new Map<string, number>(); // webhook-id -> times the partner answered 2xx
        const processed = new Map<string, number>(); // webhook-id -> times the partner processed it
        const script = new Map<string, { steps: Step[]; then: Step }>();
        const invoker = new ScriptedInvoker((req, n): InvokeOutcome => {
          const s = script.get(req.eventId)!;
          const kind = s.steps[n - 1] ?? s.then;
          const bump = (m: Map<string, number>) => m.set(req.webhookId, (m.get(req.webhookId) ?? 0) + 1);
          switch (kind) {
            case 'ok':
              bump(processed);
              bump(acknowledged);
              return { kind: 'succeeded', status: 200, latencyMs: 1 };
            case 'timeout-after-processing':
              bump(processed);
              return { kind: 'retryable', errorCode: 'TIMEOUT', errorMessage: 'timeout', latencyMs: 5000 };
            case 'http429':
              return {
                kind: 'retryable',
                errorCode: 'HTTP_429',
                errorMessage: '429',
                status: 429,
                retryAfterMs: retryAfterSeconds * 1000,
                latencyMs: 1,
              };
            case 'http500':
              return {
                kind: 'retryable',
                errorCode: 'HTTP_500',
                errorMessage: '500',
                status: 500,
                latencyMs: 1,
              };
            case 'reset':
              return {
                kind: 'retryable',
                errorCode: 'NETWORK_ERROR',
                errorMessage: 'ECONNRESET',
                latencyMs: 1,
              };
            case 'http400':
              return {
                kind: 'failed',
                errorCode: 'HTTP_400',
                errorMessage: '400',
                status: 400,
                latencyMs: 1,
              };
          }
        });
        let x = seed;
        const random = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % 10_000) / 10_000;
        const worker = new DeliveryWorker({
          queue: store.queue,
          queues: store.queues,
          invokers: [invoker],
          clock,
          random,
        });
        events.forEach((e, i) => script.set(`evt-${i}`, e));
        store.queue.enqueue(
          events.map((_, i) =>
            newDelivery({
              eventId: `evt-${i}`,
              eventTime: clock.now(),
              retryPolicy: policy,
              deadLetterArn: ARN.dlq,
            }),
          ),
        );

        for (let turns = 0; turns < 1_000; turns++) {
          await worker.runDue();
          const due = store.queue.nextDueAt();
          if (due === undefined) break;
          clock.set(Math.max(due, clock.now()));
        }

        const dead = store.queues.receive(ARN.dlq, 100);
        expect(store.queue.nextDueAt()).toBeUndefined();
        for (const d of store.queue.list()) {
          const attempts = store.queue.attempts(d.id);
          const letters = dead.filter((m) => m.attributes.PORTICO_DELIVERY_ID === d.id);
          expect(new Set(invoker.calls.filter((c) => c.id === d.id).map((c) => c.webhookId))).toEqual(
            new Set([d.webhookId]),
          );
          for (const a of attempts)
            expect(a.startedAt - d.eventTime).toBeLessThanOrEqual(policy.maximumEventAgeInSeconds * 1000);
          if (d.status === 'succeeded') {
            expect(acknowledged.get(d.webhookId)).toBe(1); // exactly once, even where it was processed before
            expect(letters).toEqual([]);
            continue;
          }
          expect(d.status).toBe('dead-lettered');
          expect(acknowledged.has(d.webhookId)).toBe(false);
          expect(letters).toHaveLength(1);
          const attrs = letters[0]!.attributes;
          expect(Number(attrs.RETRY_ATTEMPTS)).toBe(attempts.length - 1);
          const last = attempts.at(-1)!;
          if (last.outcome === 'failed') {
            expect(attrs).not.toHaveProperty('EXHAUSTED_RETRY_CONDITION');
          } else if (attrs.EXHAUSTED_RETRY_CONDITION === 'MaximumRetryAttempts') {
            expect(attempts.length).toBe(policy.maximumRetryAttempts + 1);
          } else {
            expect(attrs.EXHAUSTED_RETRY_CONDITION).toBe('MaximumEventAgeInSeconds');
            expect(attempts.length).toBeLessThanOrEqual(policy.maximumRetryAttempts);
          }
        }
        expect(store.queue.counts().succeeded + dead.length).toBe(events.length);
        store.db.close();
      }),
      { numRuns: 60 },
    );
  });
});
