// A partner's own view of the delivery log, for the Marketplace API's `/partner/deliveries`,
// resend and test event (catalog/openapi/marketplace-api.yaml, tag `deliveries`). Scope is the
// caller's partner and environment, which the API key gives: a delivery is the partner's when it came
// from the catalogue rule `portico-<partner>-<environment>`, compared by exact ARN, so neither another
// partner (`techhub` vs `techhub2`) nor the other environment ever matches.
import { randomUUID } from 'node:crypto';
import { redriveDeadLetters, type DeadLetterQueues } from './dead-letters.ts';
import type {
  Delivery,
  DeliveryAttempt,
  DeliveryQueue,
  DeliveryStatus,
  NewDelivery,
} from './delivery-queue.ts';

export type Environment = 'prod' | 'test';

export interface PartnerScope {
  partner: string;
  environment: Environment;
}

/** The API's `Delivery` schema. */
export interface PartnerDelivery {
  id: string;
  event_id: string;
  webhook_id: string;
  detail_type: string | null;
  request_id: string | null;
  environment: Environment;
  status: DeliveryStatus;
  created_at: string;
  next_attempt_at: string | null;
  attempts: {
    attempt: number;
    at: string;
    outcome: DeliveryAttempt['outcome'];
    status_code: number | null;
    latency_ms: number;
    error_class: string | null;
    response_snippet: string | null;
  }[];
}

export interface PartnerDeliveryQuery {
  limit: number;
  status?: DeliveryStatus;
  requestId?: string;
  cursor?: string;
}

export class CursorError extends Error {}

export type ResendResult =
  | { kind: 'resent'; delivery: PartnerDelivery }
  | { kind: 'not-found' }
  | { kind: 'open'; status: DeliveryStatus };

/** What the Marketplace API needs; absent where no delivery log is kept (API destinations on AWS). */
export interface PartnerDeliveryLog {
  list(scope: PartnerScope, q: PartnerDeliveryQuery): Promise<{ items: PartnerDelivery[]; next?: string }>;
  resend(scope: PartnerScope, id: string): Promise<ResendResult>;
  /** Undefined when the partner has no webhook in that environment (it polls). */
  sendTestEvent(scope: PartnerScope): Promise<PartnerDelivery | undefined>;
}

/** Where a partner's rule sends: the catalogue rule's ARN and its (one) target. */
export interface PartnerRoute {
  ruleArn: string;
  targetId: string;
  targetArn: string;
  retryPolicy: NewDelivery['retryPolicy'];
  deadLetterArn?: string;
  /** False for a polling partner (its rule targets a queue). */
  webhook: boolean;
}

export interface LocalPartnerDeliveryLogOptions {
  queue: DeliveryQueue;
  route: (scope: PartnerScope) => PartnerRoute | undefined;
  /** The catalogue's example `marketplace requests` event (an EventBridge envelope). */
  exampleEvent: Record<string, unknown>;
  /** Commits a write (the bus's group commit in `portico dev`, whose commit wakes the worker). */
  write: <T>(work: () => T) => Promise<T>;
  queues?: DeadLetterQueues;
  now?: () => number;
}

export class LocalPartnerDeliveryLog implements PartnerDeliveryLog {
  private readonly now: () => number;

  constructor(private readonly opts: LocalPartnerDeliveryLogOptions) {
    this.now = opts.now ?? Date.now;
  }

  async list(scope: PartnerScope, q: PartnerDeliveryQuery) {
    const route = this.opts.route(scope);
    if (!route) return { items: [] };
    const list = this.opts.queue.list({
      ruleArn: route.ruleArn,
      ...(q.status ? { status: q.status } : {}),
      ...(q.requestId ? { requestId: q.requestId } : {}),
      ...(q.cursor ? { before: decodeCursor(q.cursor) } : {}),
      limit: q.limit + 1,
    });
    const page = list.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page.map((d) => this.view(d, scope.environment)),
      ...(list.length > q.limit && last ? { next: encodeCursor(last) } : {}),
    };
  }

  async resend(scope: PartnerScope, id: string): Promise<ResendResult> {
    const d = this.mine(scope, id);
    if (!d) return { kind: 'not-found' };
    if (d.status === 'pending' || d.status === 'in-flight') return { kind: 'open', status: d.status };
    const now = this.now();
    await this.opts.write(() => {
      // A dead-lettered one leaves its dead-letter queue too, as a redrive does.
      if (d.status === 'dead-lettered' && d.deadLetterMessageId && this.opts.queues)
        redriveDeadLetters(this.opts.queues, this.opts.queue, { messageIds: [d.deadLetterMessageId], now });
      else this.opts.queue.resend(d.id, now);
    });
    return { kind: 'resent', delivery: this.view(this.opts.queue.get(d.id)!, scope.environment) };
  }

  async sendTestEvent(scope: PartnerScope): Promise<PartnerDelivery | undefined> {
    const route = this.opts.route(scope);
    if (!route?.webhook) return undefined;
    const now = this.now();
    const example = this.opts.exampleEvent;
    const event = {
      ...example,
      id: randomUUID(),
      time: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      detail: {
        ...(example.detail as Record<string, unknown>),
        request_id: randomUUID(),
        '3rdparty': scope.partner,
        environment: scope.environment,
      },
    };
    await this.opts.write(() =>
      this.opts.queue.enqueue([
        {
          eventId: event.id,
          ruleArn: route.ruleArn,
          targetId: route.targetId,
          targetArn: route.targetArn,
          body: JSON.stringify(event),
          eventTime: now,
          retryPolicy: route.retryPolicy,
          ...(route.deadLetterArn ? { deadLetterArn: route.deadLetterArn } : {}),
        },
      ]),
    );
    const created = this.opts.queue.list({ eventId: event.id, limit: 1 })[0];
    if (!created) throw new Error(`test event ${event.id} was not queued`);
    return this.view(created, scope.environment);
  }

  private mine(scope: PartnerScope, id: string): Delivery | undefined {
    const route = this.opts.route(scope);
    const d = this.opts.queue.get(id);
    return d && route && d.ruleArn === route.ruleArn ? d : undefined;
  }

  private view(d: Delivery, environment: Environment): PartnerDelivery {
    let event: Record<string, unknown> = {};
    try {
      event = JSON.parse(d.body) as Record<string, unknown>;
    } catch {
      // An InputTransformer may send plain text: no detail-type or request id to show.
    }
    const detail = (event.detail ?? {}) as Record<string, unknown>;
    const open = d.status === 'pending' || d.status === 'in-flight';
    return {
      id: d.id,
      event_id: d.eventId,
      webhook_id: d.webhookId,
      detail_type: typeof event['detail-type'] === 'string' ? event['detail-type'] : null,
      request_id: typeof detail.request_id === 'string' ? detail.request_id : null,
      environment,
      status: d.status,
      created_at: new Date(d.eventTime).toISOString(),
      next_attempt_at: open ? new Date(d.nextAttemptAt).toISOString() : null,
      attempts: this.opts.queue.attempts(d.id).map((a) => ({
        attempt: a.attempt,
        at: new Date(a.startedAt).toISOString(),
        outcome: a.outcome,
        status_code: a.status ?? null,
        latency_ms: a.latencyMs,
        error_class: a.errorCode ?? null,
        response_snippet: a.responseSnippet ?? null,
      })),
    };
  }
}

/** `<eventTime>.<seq>` in base64url: opaque to partners, checked on the way back. */
function encodeCursor(d: Delivery): string {
  return Buffer.from(`${d.eventTime}.${d.id.slice(4)}`).toString('base64url');
}

function decodeCursor(cursor: string): { eventTime: number; seq: number } {
  const m = /^(\d{1,15})\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new CursorError(`cursor ${cursor} is not one this API handed out`);
  return { eventTime: Number(m[1]), seq: Number(m[2]) };
}
