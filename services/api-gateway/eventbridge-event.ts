// The EventBridge event as a rule target (a Lambda consumer) receives it: the generated type, so
// that the services and the catalogue's consumer signatures share one definition.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
import type { EventBridgeEvent } from '../../generated/services/consumers.ts';

export type { EventBridgeEvent };

export type EventConsumer<TDetail = Record<string, unknown>> = (
  event: EventBridgeEvent<TDetail>,
) => Promise<void>;
