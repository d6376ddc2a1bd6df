// The EventBridge event as a rule target (a Lambda consumer) receives it.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
export interface EventBridgeEvent<TDetail = Record<string, unknown>> {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: TDetail;
}

export type EventConsumer<TDetail = Record<string, unknown>> = (
  event: EventBridgeEvent<TDetail>,
) => Promise<void>;
