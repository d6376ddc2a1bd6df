// Deliveries claimed as the bus writes them (DeliveryTaker): written in flight with the taker's lease
// when it has room, pending otherwise; what is returned is what a claim would have read back; and the
// room is given back whenever the write or its commit fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { putEvents } from '../bus/ingest.ts';
import { CommitQueue } from '../bus/store/commit-queue.ts';
import { EventLog } from '../bus/store/event-log.ts';
import { openDatabase } from '../bus/store/open-database.ts';
import { startTestBus } from '../bus/testing/test-bus.ts';
import type { Delivery, DeliveryTaker } from './delivery-queue.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import { ARN, memoryStore, newDelivery, ok, ScriptedInvoker } from './testing/fixtures.ts';

const t0 = Date.UTC(2025, 0, 1);

/** A taker with room for `room[target]` deliveries; records what it reserved, took and got back. */
function recordingTaker(room: Record<string, number>, leaseUntil = t0 + 60_000) {
  const log = { reserved: [] as string[], took: [] as Delivery[], released: [] as Delivery[] };
  const taker: DeliveryTaker = {
    reserve(targetArn) {
      if ((room[targetArn] ?? 0) === 0) return undefined;
      room[targetArn]!--;
      log.reserved.push(targetArn);
      return leaseUntil;
    },
    release: (ds) => void log.released.push(...ds),
    take: (ds) => void log.took.push(...ds),
  };
  return { taker, log };
}

describe('deliveries claimed as they are written', () => {
  it('writes what the taker has room for in flight with its lease, the rest pending, and returns what a claim reads back', () => {
    const { db, queue } = memoryStore();
    const { taker, log } = recordingTaker({ [ARN.target]: 1, [ARN.other]: 5 });
    queue.attachTaker(taker);
    const eventJson = JSON.stringify({ id: 'evt-logged', detail: { request_id: 'r-9' } });
    const eventSeq = new EventLog(db).insert({
      id: 'evt-logged',
      bus: 'marketplace',
      ingestedAt: t0,
      event: eventJson,
    });
    const claimed = db.transaction(() =>
      queue.enqueue(
        [
          newDelivery({ eventId: 'evt-logged', eventSeq, body: undefined, eventJson, eventTime: t0 }),
          newDelivery({ eventId: 'no-room', eventTime: t0 }),
          newDelivery({
            eventId: 'replayed',
            targetArn: ARN.other,
            replayName: 'r1',
            deadLetterArn: ARN.dlq,
          }),
        ],
        true,
      ),
    )();
    expect(log.reserved).toEqual([ARN.target, ARN.other]);
    expect(claimed.map((d) => d.eventId)).toEqual(['evt-logged', 'replayed']);
    // Exactly what reading the row back gives: the body from the event log, the webhook-id, the lease.
    for (const d of claimed) expect(d).toEqual(queue.get(d.id));
    expect(claimed[0]).toMatchObject({
      status: 'in-flight',
      nextAttemptAt: t0 + 60_000,
      body: eventJson,
      attempts: 0,
    });
    expect(queue.list({ status: 'pending' }).map((d) => d.eventId)).toEqual(['no-room']);
    // Only the pending one tells the worker of new work; the claimed ones are not claimed again.
    expect([...queue.takeTouched().keys()]).toEqual([ARN.target]);
    expect(queue.claimTarget(ARN.other, t0 + 1_000, 10, 1_000)).toEqual([]);
    expect(queue.claimTarget(ARN.target, t0 + 1_000, 10, 1_000).map((d) => d.eventId)).toEqual(['no-room']);
  });

  it('claims nothing without the claim flag, without a taker, or without a body to send', () => {
    const { db, queue } = memoryStore();
    expect(queue.enqueue([newDelivery()], true)).toEqual([]);
    const { taker, log } = recordingTaker({ [ARN.target]: 9 });
    queue.attachTaker(taker);
    expect(queue.enqueue([newDelivery({ eventId: 'b' })])).toEqual([]);
    const eventSeq = new EventLog(db).insert({ id: 'c', bus: 'marketplace', ingestedAt: t0, event: '{}' });
    expect(queue.enqueue([newDelivery({ eventId: 'c', eventSeq, body: undefined })], true)).toEqual([]);
    expect(log.reserved).toEqual([]);
    expect(queue.counts()).toMatchObject({ pending: 3, 'in-flight': 0 });
  });

  it('gives the room back when a write fails part-way, and the transaction rolls back', () => {
    const { db, queue } = memoryStore();
    const { taker, log } = recordingTaker({ [ARN.target]: 9 });
    queue.attachTaker(taker);
    expect(() =>
      db.transaction(() =>
        queue.enqueue(
          [newDelivery({ eventId: 'a' }), newDelivery({ eventId: 'broken', body: undefined })],
          true,
        ),
      )(),
    ).toThrow('has neither a body nor an event row');
    expect(log.released.map((d) => d.eventId)).toEqual(['a']);
    expect(queue.list()).toEqual([]);
  });
});

describe('PutEvents hands its claimed deliveries over', () => {
  const queueArn = 'arn:aws:sqs:eu-west-1:000000000000:orders';
  const entries = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      Source: 'shop',
      DetailType: 'order',
      Detail: JSON.stringify({ n: i }),
    }));

  async function busWithRule(file: string) {
    const t = await startTestBus({ file });
    await t.client.send(new PutRuleCommand({ Name: 'orders', EventPattern: '{"source":["shop"]}' }));
    await t.client.send(new PutTargetsCommand({ Rule: 'orders', Targets: [{ Id: 'q', Arn: queueArn }] }));
    return t;
  }

  it('once the commit is durable, each once, with the logged event as its body; the rest stay pending', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-claim-'));
    const t = await busWithRule(join(dir, 'bus.db'));
    try {
      const { taker, log } = recordingTaker({ [queueArn]: 3 });
      const took: { ids: string[]; inFile: number }[] = [];
      taker.take = (ds) => {
        // Taken only after the commit: another connection to the file sees the rows in flight.
        const reader = openDatabase(join(dir, 'bus.db'));
        const inFile = reader
          .prepare('SELECT count(*) FROM delivery_queue WHERE status = 1')
          .pluck()
          .get() as number;
        reader.close();
        took.push({ ids: ds.map((d) => d.id), inFile });
        log.took.push(...ds);
      };
      t.deliveries.attachTaker(taker);
      const results = await putEvents(t.bus, entries(5));
      expect(took).toEqual([{ ids: expect.any(Array), inFile: 3 }]);
      expect(log.took).toHaveLength(3);
      expect(new Set(log.took.map((d) => d.webhookId)).size).toBe(3);
      for (const d of log.took) {
        expect(d).toEqual(t.deliveries.get(d.id));
        expect(results.map((r) => ('EventId' in r ? r.EventId : ''))).toContain(JSON.parse(d.body).id);
      }
      expect(t.deliveries.counts()).toMatchObject({ pending: 2, 'in-flight': 3 });
      expect(log.released).toEqual([]);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives them back, and hands nothing over, when the commit fails (the file deleted under it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-claim-'));
    const t = await busWithRule(join(dir, 'bus.db'));
    try {
      const { taker, log } = recordingTaker({ [queueArn]: 9 });
      const reserve = taker.reserve.bind(taker);
      taker.reserve = (arn) => {
        // Inside the commit, after the guard's first look: the guard's look after the commit fails it.
        rmSync(join(dir, 'bus.db'), { force: true });
        return reserve(arn);
      };
      t.deliveries.attachTaker(taker);
      const results = await putEvents(t.bus, entries(2));
      expect(results).toEqual([
        expect.objectContaining({ ErrorCode: 'InternalFailure' }),
        expect.objectContaining({ ErrorCode: 'InternalFailure' }),
      ]);
      expect(log.reserved).toHaveLength(2);
      expect(log.took).toEqual([]);
      expect(log.released.map((d) => d.id).sort()).toEqual(log.reserved.map((_, i) => `dlv_${i + 1}`));
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the worker as the taker', () => {
  it("takes no more than its lane's room as deliveries are written; the rest go by claims; each delivered once", async () => {
    const store = memoryStore();
    let open = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const invoker = new ScriptedInvoker(async () => {
      most = Math.max(most, ++open);
      await new Promise<void>((resolve) => gates.push(resolve));
      open--;
      return ok;
    });
    // Lane concurrency 2: a lane holds at most 4 (about 2 s of work), the worker 2048.
    const worker = new DeliveryWorker({
      queue: store.queue,
      queues: store.queues,
      invokers: [invoker],
      laneConcurrency: 2,
    });
    worker.start();
    const rows = Array.from({ length: 10 }, (_, i) =>
      newDelivery({ eventId: `e${i}`, eventTime: Date.now() }),
    );
    const claimed = store.db.transaction(() => store.queue.enqueue(rows, true))();
    expect(claimed).toHaveLength(4);
    expect(store.queue.counts()).toMatchObject({ 'in-flight': 4, pending: 6 });
    store.queue.handOver(claimed);
    worker.kick();
    while (invoker.calls.length < 10 || open > 0) {
      await new Promise((r) => setTimeout(r, 5));
      for (const release of gates.splice(0)) release();
    }
    await worker.stop();
    expect(most).toBe(2);
    expect(invoker.calls.map((c) => c.eventId).sort()).toEqual(rows.map((r) => r.eventId).sort());
    expect(store.queue.counts()).toMatchObject({ succeeded: 10 });
    // Stopped: it reserves nothing, so what is written now waits, pending, for the next start.
    expect(
      store.db.transaction(() => store.queue.enqueue([newDelivery({ eventId: 'late' })], true))(),
    ).toEqual([]);
    expect(store.queue.counts()).toMatchObject({ pending: 1 });
  });
});

describe("the worker's outcomes in the bus's commits", () => {
  it('joins the next commit of the queue it is given, and writes them itself once stopped', async () => {
    const store = memoryStore();
    const commits = new CommitQueue(store.db);
    const enlisted: number[] = [];
    const worker = new DeliveryWorker({
      queue: store.queue,
      queues: store.queues,
      invokers: [new ScriptedInvoker(() => ok)],
      commits: {
        enlist: (work, dropped) => {
          enlisted.push(1);
          commits.enlist(work, dropped);
        },
      },
    });
    worker.start();
    const claimed = store.db.transaction(() =>
      store.queue.enqueue([newDelivery({ eventTime: Date.now() })], true),
    )();
    store.queue.handOver(claimed);
    while (store.queue.counts().succeeded === 0) await commits.submit(() => undefined);
    expect(enlisted.length).toBeGreaterThan(0);
    await worker.stop();
    expect(store.queue.attempts(claimed[0]!.id)).toEqual([expect.objectContaining({ outcome: 'succeeded' })]);
  });
});
