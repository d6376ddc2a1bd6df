// The consumer side of the internal message pacts: each consuming service's REAL bus handler,
// wired to a fresh in-memory SQLite store, run over the pact's message, and the effect it must
// have asserted. pact-js's `executeTest` fails the interaction when this throws, so a pact whose
// message the consumer cannot handle (or handles without effect) fails the consumer test.
import Database from 'better-sqlite3';
import { catalogModel } from '../../generated/catalog-model.ts';
import { validateDetail } from '../../generated/validators/index.ts';
import type { EventBridgeEvent } from '../../services/api-gateway/eventbridge-event.ts';
import { silentLogger } from '../../services/api-gateway/logger.ts';
import { createDispatcher, createNotifier } from '../../services/notifier/notifier-consumer.ts';
import { SqliteOutbox } from '../../services/notifier/sqlite-outbox.ts';
import { SqliteUserDirectory } from '../../services/notifier/user-directory.ts';
import { PartnerAssignment } from '../../services/request-store/partner-assignment.ts';
import { createRequestStoreConsumer } from '../../services/request-store/request-store-consumer.ts';
import type { Environment, RequestStatus } from '../../services/request-store/request-store.ts';
import { SqliteRequestStore } from '../../services/request-store/sqlite-request-store.ts';
import { createPortalStatusConsumer } from '../../services/user-portal/portal-status-consumer.ts';
import { PortalRecords } from '../../services/user-portal/portal-users.ts';
import type { ReceiveMessage } from '../../scripts/contracts/produce-pact.ts';
import { recordingPublisher } from './recording-publisher.ts';

type Detail = Record<string, unknown>;

/** The EventBridge envelope a rule target gets, around the pact's message. */
export function envelope(metadata: Readonly<Record<string, string>>, detail: unknown): EventBridgeEvent {
  return {
    version: '0',
    id: '0d9c6a52-1111-4c3b-9d7e-8a0b1c2d3e4f',
    'detail-type': String(metadata['detail-type']),
    source: String(metadata['source']),
    account: '000000000000',
    time: '2025-11-20T09:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: detail as Detail,
  };
}

function fail(what: string): never {
  throw new Error(what);
}

/** One receiver per consuming service of asyncapi.yaml, keyed as the pact names the consumer. */
const receivers: Record<string, ReceiveMessage> = {
  'request-store': async (m, contents) => {
    const store = new SqliteRequestStore(new Database(':memory:'));
    const consume = createRequestStoreConsumer({
      store,
      assignment: new PartnerAssignment(catalogModel.rules),
    });
    const event = envelope(m.metadata, contents);
    const d = event.detail;
    if (event['detail-type'] !== 'request status changed') {
      await consume(event);
      const requestId = typeof d['request_id'] === 'string' ? d['request_id'] : event.id;
      const overview = await store.overview(requestId);
      if (overview?.request.userId !== String(d['user_id']))
        fail(`did not record request ${requestId} of user ${String(d['user_id'])}`);
      return;
    }
    // Given: the request exists, assigned to the partner, at the status the event moves it from.
    const [requestId, partner] = [String(d['request_id']), String(d['partner'])];
    const environment = (d['environment'] as Environment | undefined) ?? 'prod';
    const base = { requestId, userId: String(d['user_id']), environment, detail: {}, createdAt: event.time };
    await store.record(base, [{ partner, environment }]);
    const from = d['previous_status'] as RequestStatus;
    if (from !== 'new')
      await store.changeStatus({ requestId, partner, environment, from: 'new', to: from, at: event.time });
    await consume(event);
    const now = await store.findForPartner(requestId, partner, environment);
    if (now?.status !== d['request_status'])
      fail(`left ${partner}'s status on ${requestId} at ${String(now?.status)}`);
  },

  'user-portal': async (m, contents) => {
    const records = new PortalRecords(new Database(':memory:'));
    const event = envelope(m.metadata, contents);
    await createPortalStatusConsumer(records)(event);
    const requestId = String(event.detail['request_id']);
    const shown = records.timeline(requestId).at(-1);
    const want = { status: event.detail['request_status'], partner: event.detail['partner'] };
    if (shown === undefined || shown.status !== want.status || shown.partner !== want.partner)
      fail(`shows no "${String(event.detail['request_status'])}" on ${requestId}'s timeline`);
  },

  notifier: async (m, contents) => {
    const users = new SqliteUserDirectory(new Database(':memory:'));
    const bus = recordingPublisher();
    const names = new Map(catalogModel.partners.map((p) => [p.id, p.name]));
    const notify = createNotifier({
      users,
      publisher: bus.publisher,
      partnerName: (id) => names.get(id) ?? id,
      log: silentLogger,
    });
    const event = envelope(m.metadata, contents);
    const userId = String(event.detail['user_id']);
    // Given: the user registered through the portal (the notifier only tells users it knows).
    await users.remember({ userId, email: 'camille@example.org', preferredChannel: 'email' });
    await notify(event);
    const put = bus.events.find((e) => e.detailType === 'notification requested');
    if (put === undefined) fail(`asked for no notification to ${userId}`);
    const valid = validateDetail(put.source, put.detailType, put.detail);
    if (valid?.ok !== true) fail(`put an invalid notification: ${JSON.stringify(valid)}`);
    if (put.detail['template'] !== `request-${String(event.detail['request_status'])}`)
      fail(`asked for template ${String(put.detail['template'])}`);
  },

  'notifier-dispatcher': async (m, contents) => {
    const outbox = new SqliteOutbox(new Database(':memory:'), () => new Date('2025-11-20T09:00:00Z'));
    const event = envelope(m.metadata, contents);
    await createDispatcher({ sender: outbox, log: silentLogger })(event);
    const id = String(event.detail['notification_id']);
    const sent = outbox.list().find((e) => e.notificationId === id);
    if (sent === undefined || sent.recipient !== event.detail['recipient'] || sent.text === '')
      fail(`sent no ${String(event.detail['channel'])} notification ${id}`);
  },
};

/** Every failure names the consumer and the message, as pact-js reports only the error. */
export const MESSAGE_CONSUMERS: Readonly<Record<string, ReceiveMessage>> = Object.fromEntries(
  Object.entries(receivers).map(([consumer, receive]) => [
    consumer,
    async (m, contents) => {
      try {
        await receive(m, contents);
      } catch (error) {
        throw new Error(`${consumer} cannot handle ${m.description}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    },
  ]),
);
