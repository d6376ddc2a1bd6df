// The partners' delivery log for the API fixture: the real delivery queue on the fixture's
// database, with the catalogue's rules as routes (no bus: nothing is sent, deliveries stay queued).
import type Database from 'better-sqlite3';
import { catalogModel } from '../../../generated/catalog-model.ts';
import { apiDestinationArn, DEFAULT_IDENTITY, queueArn, ruleArn } from '../../bus/arns.ts';
import { DEFAULT_RETRY } from '../../bus/routing/route-event.ts';
import { DeliveryQueue } from '../../delivery/delivery-queue.ts';
import { LocalPartnerDeliveryLog } from '../../delivery/partner-delivery-log.ts';
import { catalogueTestEvent } from '../test-event-example.ts';

/** The catalogue rule of a partner's environment and where it sends, on the fixture's made-up ARNs. */
export function fixtureRoute({ partner, environment }: { partner: string; environment: string }) {
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
}

export function fixtureDeliveryLog(db: Database.Database) {
  const queue = new DeliveryQueue(db);
  const log = new LocalPartnerDeliveryLog({
    queue,
    route: fixtureRoute,
    exampleEvent: catalogueTestEvent(),
    write: async (work) => {
      const result = db.transaction(work)();
      queue.committed();
      return result;
    },
  });
  return { queue, log };
}
