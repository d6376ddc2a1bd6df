// The partners' delivery log for the API fixture: the real delivery queue on the fixture's
// database, with the catalogue's rules as routes (no bus: nothing is sent, deliveries stay queued).
import type Database from 'better-sqlite3';
import { catalogModel } from '../../../generated/catalog-model.ts';
import { apiDestinationArn, DEFAULT_IDENTITY, queueArn, ruleArn } from '../../bus/arns.ts';
import { DEFAULT_RETRY } from '../../bus/routing/route-event.ts';
import { DeliveryQueue } from '../../delivery/delivery-queue.ts';
import { LocalPartnerDeliveryLog } from '../../delivery/partner-delivery-log.ts';
import { catalogueTestEvent } from '../test-event-example.ts';

export function fixtureDeliveryLog(db: Database.Database) {
  const queue = new DeliveryQueue(db);
  const log = new LocalPartnerDeliveryLog({
    queue,
    route: ({ partner, environment }) => {
      const rule = catalogModel.rules.find((r) => r.partner === partner && r.environment === environment);
      if (!rule) return undefined;
      const webhook = rule.target.kind === 'api-destination';
      return {
        ruleArn: ruleArn(DEFAULT_IDENTITY, rule.eventBusName, rule.name),
        targetId: rule.name,
        targetArn: webhook
          ? apiDestinationArn(DEFAULT_IDENTITY, rule.name, 'fixture')
          : queueArn(DEFAULT_IDENTITY, `portico-poll-${partner}-${environment}`),
        retryPolicy: { ...DEFAULT_RETRY },
        webhook,
      };
    },
    exampleEvent: catalogueTestEvent(),
    write: async (work) => {
      const result = db.transaction(work)();
      queue.committed();
      return result;
    },
  });
  return { queue, log };
}

/** One delivery of the partner's rule that succeeded on its first attempt; its id. */
export function seedEndedDelivery(
  queue: DeliveryQueue,
  partner: string,
  environment: 'prod' | 'test',
): string {
  const rule = catalogModel.rules.find((r) => r.partner === partner && r.environment === environment);
  if (!rule) throw new Error(`the catalogue has no rule for ${partner} ${environment}`);
  const event = { ...catalogueTestEvent(), id: crypto.randomUUID() };
  const now = Date.now();
  queue.transaction(() =>
    queue.enqueue([
      {
        eventId: event.id,
        ruleArn: ruleArn(DEFAULT_IDENTITY, rule.eventBusName, rule.name),
        targetId: rule.name,
        targetArn: apiDestinationArn(DEFAULT_IDENTITY, rule.name, 'fixture'),
        body: JSON.stringify(event),
        eventTime: now,
        retryPolicy: { ...DEFAULT_RETRY },
      },
    ]),
  );
  queue.committed();
  const id = queue.list({ eventId: event.id, limit: 1 })[0]!.id;
  queue.recordSuccess(
    {
      deliveryId: id,
      attempt: 1,
      startedAt: now,
      latencyMs: 12,
      outcome: 'succeeded',
      status: 200,
      responseSnippet: '{"received":true}',
    },
    now,
  );
  return id;
}
