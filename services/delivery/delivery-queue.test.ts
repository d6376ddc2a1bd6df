import { describe, expect, it } from 'vitest';
import { EventLog } from '../bus/store/event-log.ts';
import { openDatabase } from '../bus/store/open-database.ts';
import { DeliveryQueue, type DeliveryFilter } from './delivery-queue.ts';
import { ARN, memoryStore, newDelivery } from './testing/fixtures.ts';
import { deliveryKey, webhookIdFor } from './webhook-signature.ts';

const t0 = Date.UTC(2025, 0, 1);

describe('DeliveryQueue', () => {
  it('gives each delivery a dlv_<seq> id and a msg_ webhook-id stable per (event, rule, target, replay)', () => {
    const { queue } = memoryStore();
    queue.enqueue([newDelivery(), newDelivery({ replayName: 'r1' })]);
    const list = queue.list();
    expect(list.map((d) => d.id).sort()).toEqual(['dlv_1', 'dlv_2']);
    expect(list.map((d) => d.webhookId)).toEqual([
      expect.stringMatching(/^msg_[\w-]{26}$/),
      expect.stringMatching(/^msg_[\w-]{26}$/),
    ]);
    expect(list[0]?.webhookId).not.toBe(list[1]?.webhookId);
    expect(queue.get(list[0]!.id)?.webhookId).toBe(list[0]?.webhookId);
    expect(queue.get('dlv_x')).toBeUndefined();
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

  it('keeps a route created by a transaction that rolled back out of its cache', () => {
    const { db, queue } = memoryStore();
    // The lane and route of ARN.target are created, then rolled back; ARN.other takes their ids.
    expect(() =>
      db.transaction(() => {
        queue.enqueue([newDelivery({ eventId: 'lost' })]);
        throw new Error('PutEvents failed');
      })(),
    ).toThrow('PutEvents failed');
    queue.committed();
    db.transaction(() => queue.enqueue([newDelivery({ eventId: 'other', targetArn: ARN.other })]))();
    queue.committed();
    db.transaction(() => queue.enqueue([newDelivery({ eventId: 'mine' })]))();
    queue.committed();
    db.transaction(() => queue.enqueue([newDelivery({ eventId: 'again' })]))();
    expect(queue.list().map((d) => [d.eventId, d.targetArn])).toEqual([
      ['again', ARN.target],
      ['mine', ARN.target],
      ['other', ARN.other],
    ]);
  });

  it('reads the body of a delivery that has none from its event log row', () => {
    const { db, queue } = memoryStore();
    const events = new EventLog(db);
    const event = '{"id":"e-1","detail":{"a":1}}';
    db.transaction(() => {
      const eventSeq = events.insert({ id: 'e-1', bus: 'default', ingestedAt: t0, event })!;
      const { body: _body, ...whole } = newDelivery({ eventId: 'e-1' });
      queue.enqueue([
        { ...whole, eventSeq },
        newDelivery({ eventId: 'e-1', eventSeq, targetId: 'own', body: '{}' }),
      ]);
    })();
    expect(queue.list({ eventId: 'e-1' }).map((d) => [d.targetId, d.body])).toEqual([
      ['own', '{}'],
      ['partner', event],
    ]);
    expect(queue.claimTarget(ARN.target, t0, 10, 1_000).map((d) => d.body)).toEqual([event, '{}']);
    expect(() => queue.enqueue([{ ...newDelivery(), body: undefined }])).toThrow(
      /neither a body nor an event/,
    );
  });

  it('moves a database of the previous layout (ARNs and policy in each row, a routed event log) over', () => {
    const db = openDatabase(':memory:');
    db.exec(`CREATE TABLE bus_events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, bus TEXT NOT NULL,
      ingested_at INTEGER NOT NULL, source TEXT NOT NULL, detail_type TEXT NOT NULL, event TEXT NOT NULL,
      routed TEXT NOT NULL, UNIQUE (bus, id));
      CREATE TABLE deliveries (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL, rule_arn TEXT NOT NULL,
      target_id TEXT NOT NULL, target_arn TEXT NOT NULL, body TEXT NOT NULL, event_time INTEGER NOT NULL,
      max_retry_attempts INTEGER NOT NULL, max_event_age_seconds INTEGER NOT NULL, dead_letter_arn TEXT,
      replay_name TEXT, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
      last_error_code TEXT, last_error_message TEXT, last_status INTEGER, exhausted_condition TEXT,
      dead_letter_message_id TEXT, final_attempt INTEGER, updated_at INTEGER NOT NULL);
      CREATE INDEX deliveries_lane ON deliveries (target_arn, next_attempt_at) WHERE status IN ('pending','in-flight');
      CREATE INDEX deliveries_event ON deliveries (event_id);
      CREATE TABLE delivery_attempts (delivery_seq INTEGER NOT NULL, attempt INTEGER NOT NULL,
      started_at INTEGER NOT NULL, latency_ms INTEGER NOT NULL, outcome TEXT NOT NULL, status INTEGER,
      error_code TEXT, error_message TEXT, response_snippet TEXT, PRIMARY KEY (delivery_seq, attempt)) WITHOUT ROWID;`);
    db.prepare(`INSERT INTO bus_events VALUES (7, 'e-1', 'default', ?, 's', 'd', '{"id":"e-1"}', '[]')`).run(
      t0,
    );
    const insert = db.prepare(`INSERT INTO deliveries (seq, event_id, rule_arn, target_id, target_arn, body,
      event_time, max_retry_attempts, max_event_age_seconds, dead_letter_arn, replay_name, status, attempts,
      next_attempt_at, updated_at) VALUES (?, 'e-1', ?, 'partner', ?, ?, ?, 3, 60, ?, ?, ?, 1, ?, ?)`);
    insert.run(4, ARN.rule, ARN.target, '{"id":"e-1"}', t0, ARN.dlq, null, 'dead-lettered', t0, t0);
    insert.run(5, ARN.rule, ARN.other, '{"replayed":true}', t0, null, 'r1', 'pending', t0, t0);
    db.prepare(`INSERT INTO delivery_attempts VALUES (4, 1, ?, 5, 'failed', 400, 'HTTP_400', 'x', '')`).run(
      t0,
    );

    const queue = new DeliveryQueue(db);
    const webhookId = webhookIdFor(deliveryKey({ eventId: 'e-1', ruleArn: ARN.rule, targetId: 'partner' }));
    expect(queue.get('dlv_4')).toMatchObject({
      eventSeq: 7,
      webhookId,
      status: 'dead-lettered',
      retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 60 },
      deadLetterArn: ARN.dlq,
    });
    expect(queue.get('dlv_5')).toMatchObject({ eventId: 'e-1', replayName: 'r1', body: '{"replayed":true}' });
    expect(queue.get('dlv_5')?.eventSeq).toBeUndefined();
    expect(queue.attempts('dlv_4').map((a) => a.errorCode)).toEqual(['HTTP_400']);
    expect(queue.deadLetterQueueArns()).toEqual([ARN.dlq]);
    expect(queue.redrive('dlv_4', t0)).toBe(true);
    expect(queue.claimTarget(ARN.target, t0, 10, 1_000).map((d) => d.id)).toEqual(['dlv_4']);
    expect(new EventLog(db).recent({ limit: 5 })).toEqual([
      { seq: 7, id: 'e-1', bus: 'default', ingestedAt: t0, event: '{"id":"e-1"}' },
    ]);
    expect(queue.list({ eventSeq: 7 }).map((d) => d.id)).toEqual(['dlv_4']);
  });

  it('moves a database of the first layout (text id, stored webhook_id) over, rows and attempts', () => {
    const db = openDatabase(':memory:');
    db.exec(`CREATE TABLE deliveries (id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, event_id TEXT NOT NULL,
      rule_arn TEXT NOT NULL, target_id TEXT NOT NULL, target_arn TEXT NOT NULL, body TEXT NOT NULL,
      event_time INTEGER NOT NULL, max_retry_attempts INTEGER NOT NULL, max_event_age_seconds INTEGER NOT NULL,
      dead_letter_arn TEXT, replay_name TEXT, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL, last_error_code TEXT, last_error_message TEXT, last_status INTEGER,
      exhausted_condition TEXT, dead_letter_message_id TEXT, final_attempt INTEGER, updated_at INTEGER NOT NULL);
      CREATE INDEX deliveries_lane ON deliveries (target_arn, next_attempt_at) WHERE status IN ('pending','in-flight');
      CREATE INDEX deliveries_event ON deliveries (event_id);
      CREATE TABLE delivery_attempts (delivery_id TEXT NOT NULL, attempt INTEGER NOT NULL, started_at INTEGER NOT NULL,
      latency_ms INTEGER NOT NULL, outcome TEXT NOT NULL, status INTEGER, error_code TEXT, error_message TEXT,
      response_snippet TEXT, PRIMARY KEY (delivery_id, attempt)) WITHOUT ROWID;`);
    const old = newDelivery({ replayName: 'r1' });
    const webhookId = webhookIdFor(deliveryKey(old));
    db.prepare(
      `INSERT INTO deliveries (id, webhook_id, event_id, rule_arn, target_id, target_arn, body, event_time,
       max_retry_attempts, max_event_age_seconds, replay_name, status, attempts, next_attempt_at, updated_at)
       VALUES ('dlv_old', ?, ?, ?, ?, ?, ?, ?, 185, 86400, 'r1', 'pending', 1, ?, ?)`,
    ).run(webhookId, old.eventId, old.ruleArn, old.targetId, old.targetArn, old.body, t0, t0, t0);
    db.prepare(
      `INSERT INTO delivery_attempts VALUES ('dlv_old', 1, ?, 5, 'retryable', 500, 'HTTP_500', 'x', '')`,
    ).run(t0);

    const queue = new DeliveryQueue(db);
    const [moved] = queue.list();
    expect(moved).toMatchObject({ id: 'dlv_1', webhookId, status: 'pending', attempts: 1, replayName: 'r1' });
    expect(queue.attempts('dlv_1').map((a) => a.errorCode)).toEqual(['HTTP_500']);
    expect(queue.claimTarget(ARN.target, t0, 10, 1_000).map((d) => d.id)).toEqual(['dlv_1']);
  });
});
