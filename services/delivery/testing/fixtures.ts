// Shared test fixtures: an in-memory database with the bus's LocalQueues, and a scripted invoker.
import { LocalQueues } from '../../bus/queues/local-queues.ts';
import { openDatabase } from '../../bus/store/open-database.ts';
import { DeliveryQueue, type NewDelivery } from '../delivery-queue.ts';
import type { InvokeOutcome, InvokeRequest, TargetInvoker } from '../target-invoker.ts';

export const ARN = {
  rule: 'arn:aws:events:eu-west-1:000000000000:rule/marketplace/portico-acme-books-prod',
  target: 'arn:aws:events:eu-west-1:000000000000:api-destination/acme-books-prod/0001',
  other: 'arn:aws:events:eu-west-1:000000000000:api-destination/pens-r-us-prod/0002',
  dlq: 'arn:aws:sqs:eu-west-1:000000000000:portico-dlq',
};

export function memoryStore() {
  const db = openDatabase(':memory:');
  return {
    db,
    queue: new DeliveryQueue(db),
    queues: new LocalQueues(db, { region: 'eu-west-1', accountId: '000000000000' }),
  };
}

export function newDelivery(over: Partial<NewDelivery> = {}): NewDelivery {
  return {
    eventId: 'evt-1',
    ruleArn: ARN.rule,
    targetId: 'partner',
    targetArn: ARN.target,
    body: JSON.stringify({
      'detail-type': 'marketplace requests',
      detail: { request_id: 'req-1', user_id: 'u1' },
    }),
    eventTime: Date.UTC(2025, 0, 1),
    retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
    ...over,
  };
}

export const ok: InvokeOutcome = { kind: 'succeeded', status: 200, latencyMs: 3 };
export const err500: InvokeOutcome = {
  kind: 'retryable',
  errorCode: 'HTTP_500',
  errorMessage: 'Endpoint answered 500',
  status: 500,
  latencyMs: 3,
};
export const err400: InvokeOutcome = {
  kind: 'failed',
  errorCode: 'HTTP_400',
  errorMessage: 'Endpoint answered 400',
  status: 400,
  latencyMs: 3,
};

/** Answers from a script per target (the last outcome repeats) and records every call. */
export class ScriptedInvoker implements TargetInvoker {
  readonly calls: InvokeRequest[] = [];
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly script: (req: InvokeRequest, n: number) => InvokeOutcome | Promise<InvokeOutcome>,
    private readonly prefix = 'arn:aws:events:',
  ) {}
  canInvoke(arn: string): boolean {
    return arn.startsWith(this.prefix);
  }
  async invoke(req: InvokeRequest): Promise<InvokeOutcome> {
    this.calls.push(req);
    const n = (this.seen.get(req.id) ?? 0) + 1;
    this.seen.set(req.id, n);
    return this.script(req, n);
  }
}
