import type { TargetInvoker } from '../../delivery/target-invoker.ts';
import { busNameFromArn } from '../arns.ts';
import { ingestForwarded } from '../ingest.ts';
import type { LocalBus } from '../local-bus.ts';

/**
 * Forwards an event to another bus (a target ARN `arn:aws:events:...:event-bus/<name>`): it is logged
 * and routed there once, keeping its id, however many times the delivery is retried.
 */
export function busInvoker(bus: LocalBus): TargetInvoker {
  return {
    canInvoke: (arn) => busNameFromArn(arn) !== undefined,
    async invoke(d) {
      const started = Date.now();
      const name = busNameFromArn(d.targetArn)!;
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(d.body) as Record<string, unknown>;
      } catch {
        event = {};
      }
      if (
        typeof event.id !== 'string' ||
        typeof event.source !== 'string' ||
        typeof event['detail-type'] !== 'string'
      ) {
        return {
          kind: 'failed',
          errorCode: 'MalformedEvent',
          errorMessage: `The input for ${d.targetArn} is not an event (an InputPath or InputTransformer changed it).`,
          latencyMs: Date.now() - started,
        };
      }
      if (!(await ingestForwarded(bus, name, d.body))) {
        return {
          kind: 'failed',
          errorCode: 'ResourceNotFoundException',
          errorMessage: `Event bus ${name} does not exist.`,
          latencyMs: Date.now() - started,
        };
      }
      return { kind: 'succeeded', latencyMs: Date.now() - started };
    },
  };
}
