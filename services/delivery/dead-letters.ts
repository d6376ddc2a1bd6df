// Dead-letter queues as an operator sees them: what is in them, why each message is there, and a
// redrive that sends each message back to its original target once. A redrive puts the delivery back
// in the queue with exactly one more attempt (same webhook-id: the partner can still dedupe) and removes
// the message; the running worker sends it, and if it fails again it returns to the dead-letter queue.
import type { LocalQueues, QueueMessage } from '../bus/queues/local-queues.ts';
import type { Delivery, DeliveryAttempt, DeliveryQueue } from './delivery-queue.ts';

export type DeadLetterQueues = Pick<LocalQueues, 'list' | 'receive' | 'get' | 'delete'>;
type Queues = DeadLetterQueues;

export interface DeadLetterQueueSummary {
  name: string;
  arn: string;
  messages: number;
}

export interface DeadLetterSummary {
  id: string;
  queueArn: string;
  sentAt: string;
  deliveryId?: string;
  ruleArn?: string;
  targetArn?: string;
  errorCode?: string;
  errorMessage?: string;
  exhaustedRetryCondition?: string;
  retryAttempts?: number;
}

/** Queues used as a DeadLetterConfig by some delivery, with their message counts. */
export function deadLetterQueues(queues: Queues, deliveries: DeliveryQueue): DeadLetterQueueSummary[] {
  const dlqs = new Set(deliveries.deadLetterQueueArns());
  return queues.list().filter((q) => dlqs.has(q.arn));
}

export function deadLetterMessages(queues: Queues, queueArn: string, max = 100): DeadLetterSummary[] {
  return queues.receive(queueArn, max).map((m) => summarise(queueArn, m));
}

/** Finds a message by id in any dead-letter queue, with the delivery it came from and its attempts. */
export function showDeadLetter(
  queues: Queues,
  deliveries: DeliveryQueue,
  messageId: string,
):
  | { message: QueueMessage; summary: DeadLetterSummary; delivery?: Delivery; attempts: DeliveryAttempt[] }
  | undefined {
  for (const q of deadLetterQueues(queues, deliveries)) {
    const message = queues.get(q.arn, messageId);
    if (!message) continue;
    const delivery = deliveryOf(deliveries, message);
    return {
      message,
      summary: summarise(q.arn, message),
      ...(delivery ? { delivery } : {}),
      attempts: delivery ? deliveries.attempts(delivery.id) : [],
    };
  }
  return undefined;
}

export interface RedriveRequest {
  /** Which queue; required unless `all`. */
  queueArn?: string;
  all?: boolean;
  /** Only these messages. */
  messageIds?: string[];
  now: number;
}

export interface RedriveResult {
  redriven: { messageId: string; deliveryId: string; targetArn: string }[];
  skipped: { messageId: string; reason: string }[];
}

export class RedriveError extends Error {}

export function redriveDeadLetters(
  queues: Queues,
  deliveries: DeliveryQueue,
  req: RedriveRequest,
): RedriveResult {
  const known = deadLetterQueues(queues, deliveries);
  let arns: string[];
  if (req.queueArn) {
    if (!known.some((q) => q.arn === req.queueArn)) {
      throw new RedriveError(
        `${req.queueArn} is not a dead-letter queue of any delivery (see \`portico dlq list\`)`,
      );
    }
    arns = [req.queueArn];
  } else if (req.all || req.messageIds?.length) {
    arns = known.map((q) => q.arn);
  } else {
    const withMessages = known.filter((q) => q.messages > 0);
    if (withMessages.length > 1) {
      throw new RedriveError(
        `${withMessages.length} dead-letter queues hold messages: name one with --queue <arn>, or use --all`,
      );
    }
    arns = withMessages.map((q) => q.arn);
  }
  const result: RedriveResult = { redriven: [], skipped: [] };
  const wanted = req.messageIds ? new Set(req.messageIds) : undefined;
  deliveries.transaction(() => {
    for (const arn of arns) {
      for (const message of queues.receive(arn, 100_000)) {
        if (wanted && !wanted.has(message.id)) continue;
        wanted?.delete(message.id);
        const delivery = deliveryOf(deliveries, message);
        if (!delivery) {
          result.skipped.push({
            messageId: message.id,
            reason: 'no delivery recorded for this message (not sent by the delivery worker)',
          });
        } else if (!deliveries.redrive(delivery.id, req.now)) {
          result.skipped.push({
            messageId: message.id,
            reason: `delivery ${delivery.id} is ${delivery.status}, not dead-lettered`,
          });
        } else {
          queues.delete(arn, message.id);
          result.redriven.push({
            messageId: message.id,
            deliveryId: delivery.id,
            targetArn: delivery.targetArn,
          });
        }
      }
    }
  });
  for (const id of wanted ?? [])
    result.skipped.push({ messageId: id, reason: 'no such message in any dead-letter queue' });
  return result;
}

function deliveryOf(deliveries: DeliveryQueue, m: QueueMessage): Delivery | undefined {
  const id = m.attributes.PORTICO_DELIVERY_ID;
  return (id ? deliveries.get(id) : undefined) ?? deliveries.byDeadLetterMessage(m.id);
}

function summarise(queueArn: string, m: QueueMessage): DeadLetterSummary {
  const a = m.attributes;
  const out: DeadLetterSummary = { id: m.id, queueArn, sentAt: m.sentAt };
  if (a.PORTICO_DELIVERY_ID) out.deliveryId = a.PORTICO_DELIVERY_ID;
  if (a.RULE_ARN) out.ruleArn = a.RULE_ARN;
  if (a.TARGET_ARN) out.targetArn = a.TARGET_ARN;
  if (a.ERROR_CODE) out.errorCode = a.ERROR_CODE;
  if (a.ERROR_MESSAGE) out.errorMessage = a.ERROR_MESSAGE;
  if (a.EXHAUSTED_RETRY_CONDITION) out.exhaustedRetryCondition = a.EXHAUSTED_RETRY_CONDITION;
  if (a.RETRY_ATTEMPTS !== undefined) out.retryAttempts = Number(a.RETRY_ATTEMPTS);
  return out;
}
