// Delivering to partners: the durable delivery queue, the worker with EventBridge's retry policy and
// dead letters, the API-destination invoker (auth, Standard Webhooks signatures, endpoint safety,
// per-destination rate limits), and the delivery log over HTTP. docs/delivery.md.
export {
  DeliveryQueue,
  DELIVERY_STATUSES,
  type Delivery,
  type DeliveryAttempt,
  type DeliveryFilter,
  type DeliveryStatus,
  type NewDelivery,
} from './delivery-queue.ts';
export { DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.ts';
export {
  ApiDestinationInvoker,
  createApiDestinationInvoker,
  type ApiDestinationInvokerOptions,
} from './api-destination-invoker.ts';
export {
  createDeliveriesHandler,
  DELIVERIES_PREFIX,
  type DeliveriesHandlerOptions,
} from './deliveries-http-handler.ts';
export {
  deadLetterMessages,
  deadLetterQueues,
  redriveDeadLetters,
  showDeadLetter,
  RedriveError,
} from './dead-letters.ts';
export {
  DEFAULT_RETRY_POLICY,
  DEFAULT_RETRY_SCHEDULE,
  nextDelay,
  parseRetryAfter,
  classifyStatus,
  checkRetryPolicy,
  type RetryPolicy,
  type RetrySchedule,
  type ExhaustedRetryCondition,
} from './retry-policy.ts';
export { signWebhook, webhookHeaders, decodeWebhookSecret } from './webhook-signature.ts';
export {
  checkEndpointUrl,
  effectivePolicy,
  refusalReason,
  guardedConnector,
  guardedLookup,
  EndpointRefusedError,
  strictPolicy,
  type EndpointPolicy,
} from './outbound-guard.ts';
export { classifyAddress, type AddressClass } from './address-class.ts';
export { OAuthTokenCache } from './oauth-token-cache.ts';
export { ManualClock, systemClock, type Clock } from './clock.ts';
export { createDeliveryLogger } from './delivery-logger.ts';
export type { InvokeOutcome, InvokeRequest, TargetInvoker } from './target-invoker.ts';
