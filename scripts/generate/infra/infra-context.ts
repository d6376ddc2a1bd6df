// Options resolved once, with their defaults, into one frozen context (STYLE.md): nothing else in
// the generator writes `?? default`.
import type { CfnObject } from './cfn.ts';
import type { InfraModel } from './infra-model.ts';

export interface InfraOptions {
  /** Lambda runtime for every service (SAM `Globals`). */
  runtime?: string;
  /** The Marketplace API's stage: the last segment of the API URL. */
  apiStageName?: string;
  /** Per-partner usage plan throttle on the Marketplace API. */
  partnerThrottle?: { rateLimit: number; burstLimit: number };
  /** Retry policy of the consumers' own rules (partners' come from their files). */
  consumerRetry?: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number };
}

export interface InfraContext {
  readonly runtime: string;
  readonly apiStageName: string;
  readonly partnerThrottle: CfnObject;
  readonly consumerRetryPolicy: CfnObject;
  /** Source and detail-type of each catalogue event, by detail-type. */
  readonly eventTypes: ReadonlyMap<string, { source: string; detailType: string }>;
}

export function resolveInfraContext(model: InfraModel, options: InfraOptions = {}): InfraContext {
  const eventTypes = new Map(
    model.events.map((e) => [e.detailType, { source: e.source, detailType: e.detailType }]),
  );
  const throttle = options.partnerThrottle ?? { rateLimit: 10, burstLimit: 20 };
  const retry = options.consumerRetry ?? { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86400 };
  const ctx: InfraContext = {
    runtime: options.runtime ?? 'nodejs22.x',
    apiStageName: options.apiStageName ?? 'v1',
    partnerThrottle: { RateLimit: throttle.rateLimit, BurstLimit: throttle.burstLimit },
    consumerRetryPolicy: {
      MaximumRetryAttempts: retry.maximumRetryAttempts,
      MaximumEventAgeInSeconds: retry.maximumEventAgeInSeconds,
    },
    eventTypes,
  };
  return Object.freeze(ctx);
}

/** The pattern that matches one catalogue event type, by its envelope. */
export function eventPattern(
  eventTypes: InfraContext['eventTypes'],
  detailType: string,
): { source: string[]; 'detail-type': string[] } {
  const event = eventTypes.get(detailType);
  if (event === undefined) {
    throw new Error(
      `The catalogue has no event with detail-type "${detailType}" (catalog/asyncapi.yaml), which the template subscribes to`,
    );
  }
  return { source: [event.source], 'detail-type': [event.detailType] };
}
