// What the template generator reads: the part of the runtime catalogue model
// (`generated/catalog-model.ts`, shape in the shared brief) that the deployment depends on, plus the
// Marketplace API's operations (from `catalog/openapi/marketplace-api.yaml`). Declared here, narrowly,
// so that the generator is a pure function of exactly what it uses and its fixtures stay small.
export type EnvironmentName = 'prod' | 'test';
export const ENVIRONMENTS: readonly EnvironmentName[] = ['prod', 'test'];

export interface SecretRef {
  env: string;
}

export type ConnectionAuth =
  | { type: 'api_key'; header: string; value: SecretRef }
  | { type: 'basic'; username: SecretRef; password: SecretRef }
  | {
      type: 'oauth_client_credentials';
      tokenUrl: string;
      clientId: SecretRef;
      clientSecret: SecretRef;
      scope?: string;
    };

export interface InfraRule {
  name: string;
  partner: string;
  environment: EnvironmentName;
  eventPattern: object;
  /** The partner file marks this environment `local_only`: it is left out of the template. */
  localOnly?: boolean;
  target: {
    kind: 'api-destination' | 'poll';
    endpoint?: string;
    httpMethod: 'POST';
    auth?: ConnectionAuth;
    retryPolicy: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number };
    rateLimitPerSecond: number;
  };
}

export interface InfraPartner {
  id: string;
  delivery: 'webhook' | 'poll';
}

export interface ApiOperation {
  operationId: string;
  method: string;
  path: string;
}

export interface InfraModel {
  bus: string;
  events: readonly { name: string; source: string; detailType: string }[];
  partners: readonly InfraPartner[];
  rules: readonly InfraRule[];
  /** The Marketplace API's operations, in document order. */
  apiOperations: readonly ApiOperation[];
}
