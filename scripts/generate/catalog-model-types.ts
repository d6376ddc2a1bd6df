// The TypeScript declaration of the runtime's catalogue model (common.md), emitted verbatim at the
// top of `generated/catalog-model.ts`. The toolkit imports the generated type back
// (`build-catalog-model.ts`), so `tsc` proves the builder and this text agree.
export const CATALOG_MODEL_TYPES = `export type EnvironmentName = 'prod' | 'test';

/** A secret named by reference: the environment variable that holds it. */
export interface SecretRef {
  env: string;
}

export type Auth =
  | { type: 'api_key'; header: string; value: SecretRef }
  | { type: 'basic'; username: SecretRef; password: SecretRef }
  | { type: 'oauth_client_credentials'; tokenUrl: string; clientId: SecretRef; clientSecret: SecretRef; scope?: string };

export interface RetryPolicy {
  maximumRetryAttempts: number;
  maximumEventAgeInSeconds: number;
}

export interface PartnerEnvironment {
  endpoint?: string;
  auth?: Auth;
  /** This environment's own Standard Webhooks secret; without it one is derived from the partner's. */
  webhookSecret?: SecretRef;
  retryPolicy: RetryPolicy;
  rateLimitPerSecond: number;
}

export interface Fulfils {
  requestTypes: string[];
  countries?: string[];
  currencies?: string[];
  amount?: { min?: number; max?: number };
  /** Raw EventBridge pattern fragment on \`detail\`, ANDed with the rest. */
  pattern?: Record<string, unknown>;
}

export interface Partner {
  id: string;
  name: string;
  delivery: 'webhook' | 'poll';
  contact: { email: string; name?: string; phone?: string };
  fulfils: Fulfils;
  webhookSecret?: SecretRef;
  environments: Record<EnvironmentName, PartnerEnvironment>;
}

export interface CatalogEvent {
  name: string;
  source: string;
  detailType: string;
  schemaId: string;
}

export interface RuleTarget {
  kind: 'api-destination' | 'poll';
  endpoint?: string;
  httpMethod: 'POST';
  auth?: Auth;
  retryPolicy: RetryPolicy;
  rateLimitPerSecond: number;
}

export interface Rule {
  name: string;
  eventBusName: string;
  partner: string;
  environment: EnvironmentName;
  description: string;
  eventPattern: Record<string, unknown>;
  target: RuleTarget;
}

export interface CatalogModel {
  bus: 'marketplace';
  events: CatalogEvent[];
  partners: Partner[];
  rules: Rule[];
}
`;
