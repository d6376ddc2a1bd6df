// What the contracts' provider states need the local stack to hold, made through the stack's own
// stores (the request store, the delivery queue, the API's key directory), so that what a Pact
// verifier then calls is the stack as it runs, not a copy. Dev and test only: see provider-states.ts.
import { randomUUID } from 'node:crypto';
import { marketplaceApiDocument } from '../../generated/services/marketplace-api-routes.ts';
import type { DeliveryQueue } from '../delivery/delivery-queue.ts';
import type { RetryPolicy } from '../delivery/retry-policy.ts';
import type { Environment } from '../request-store/request-store.ts';
import type { SqliteRequestStore } from '../request-store/sqlite-request-store.ts';
import { catalogueTestEvent } from '../marketplace-api/test-event-example.ts';

type Obj = Record<string, unknown>;

/** A partner's catalogue rule and where it sends, as `partnerRoute` (start-marketplace.ts) answers it. */
export interface SeedRoute {
  ruleArn: string;
  targetId: string;
  targetArn: string;
  retryPolicy: RetryPolicy;
}

/**
 * `count` new requests assigned to the partner in that environment, with the details of the
 * OpenAPI's `OpenRequest` example; the id of the newest (fresh ids: a stack may run for days).
 */
export async function seedNewRequests(
  store: SqliteRequestStore,
  partner: string,
  environment: Environment,
  count: number,
): Promise<string> {
  const examples = ((marketplaceApiDocument as Obj).components as Obj | undefined)?.examples as
    Record<string, { value?: Obj }> | undefined;
  const example = examples?.OpenRequest?.value ?? {};
  const { request_id: _id, status: _s, created_at: _c, updated_at: _u, ...detail } = example;
  let newest = '';
  for (let i = 0; i < count; i++) {
    newest = randomUUID();
    await store.record(
      {
        requestId: newest,
        userId: String(detail.user_id ?? 'u-contract'),
        environment,
        detail: { ...detail, environment, request_id: newest, request_status: 'new' },
        createdAt: new Date().toISOString(),
      },
      [{ partner, environment }],
    );
  }
  return newest;
}

/**
 * `count` deliveries of the partner's rule that succeeded on their first attempt, each enqueued and
 * ended in one transaction (the worker never sees one open, so nothing is sent); the first one's id.
 */
export async function seedEndedDeliveries(
  queue: DeliveryQueue,
  write: <T>(work: () => T) => Promise<T>,
  route: SeedRoute,
  count: number,
): Promise<string> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = { ...catalogueTestEvent(), id: randomUUID() };
    const now = Date.now();
    ids.push(
      await write(() => {
        queue.enqueue([
          {
            eventId: event.id,
            ruleArn: route.ruleArn,
            targetId: route.targetId,
            targetArn: route.targetArn,
            body: JSON.stringify(event),
            eventTime: now,
            retryPolicy: route.retryPolicy,
          },
        ]);
        const id = queue.list({ eventId: event.id, limit: 1 })[0]?.id;
        if (id === undefined) throw new Error(`the delivery of event ${event.id} was not enqueued`);
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
      }),
    );
    queue.committed();
  }
  return ids[0] as string;
}
