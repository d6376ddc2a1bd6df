import type { TargetInvoker } from '../../delivery/target-invoker.ts';
import { nameOfQueueArn, type LocalQueues } from '../queues/local-queues.ts';

/** Delivers to a local queue (an SQS ARN): the message body is the target input. */
export function queueInvoker(queues: LocalQueues): TargetInvoker {
  return {
    canInvoke: (arn) => nameOfQueueArn(arn) !== undefined,
    invoke(d) {
      const started = Date.now();
      queues.send(d.targetArn, d.body, { 'portico-event-id': d.eventId, 'portico-delivery-id': d.id });
      return Promise.resolve({ kind: 'succeeded', latencyMs: Date.now() - started });
    },
  };
}
