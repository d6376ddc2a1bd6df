// What every Marketplace API operation is given: the parsed request, the authenticated caller,
// and the services it may use.
import type { Logger } from '../api-gateway/logger.ts';
import type { ParsedRequest } from '../api-gateway/openapi-request.ts';
import type { SchemaCompiler } from '../api-gateway/schema-compiler.ts';
import type { ApiGatewayProxyResult } from '../api-gateway/proxy-event.ts';
import type { PartnerDeliveryLog } from '../delivery/partner-delivery-log.ts';
import type { Environment, RequestStore } from '../request-store/request-store.ts';
import type { Caller } from './api-keys.ts';
import type { DeliverySettings } from './delivery-settings.ts';
import type { BatchEventPublisher } from './event-publisher.ts';
import type { IdempotencyStore } from './idempotency-store.ts';
import type { PartnerRegistry } from './partner-registry.ts';
import type { WebhookSecretRotation } from './webhook-secret-rotation.ts';

export interface OperationInput {
  req: ParsedRequest;
  caller: Caller;
}

export interface OperationContext {
  store: RequestStore;
  idempotency: IdempotencyStore;
  partners: PartnerRegistry;
  settings: DeliverySettings;
  rotation: WebhookSecretRotation;
  publisher: BatchEventPublisher;
  locks: KeyedLock;
  /** The API document's schemas (a merged partner patch is validated against `PartnerSettings`). */
  schemas: SchemaCompiler;
  log: Logger;
  now: () => Date;
  /**
   * The environment's webhook secret in force before any rotation (the catalogue's `webhook_secret`).
   * A promise when the API runs in a thread of its own and asks the bus's thread (api-thread.ts).
   */
  catalogueSecret: (
    partner: string,
    environment: Environment,
  ) => string | undefined | Promise<string | undefined>;
  /** The partner's own deliveries (`portico dev`'s delivery log); absent on AWS, which keeps none. */
  deliveries?: PartnerDeliveryLog;
}

export type Operation = (input: OperationInput, ctx: OperationContext) => Promise<ApiGatewayProxyResult>;

/** Runs calls with the same key one after another (an idempotency key's first use and its retry). */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const mine = before.then(work, work);
    const tail = mine.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await mine;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
