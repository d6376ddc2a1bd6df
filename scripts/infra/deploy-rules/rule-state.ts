// What `deploy-rules` manages on an EventBridge endpoint, as comparable data: the bus and, for each
// webhook partner and environment, a connection, an API destination and a rule with one target,
// all named `portico-<partner>-<env>`. Only names starting `portico-` are ever read or deleted, so
// rules that other teams keep on the same bus are not this tool's business.
import type { Auth, CatalogModel, EnvironmentName } from '../../../generated/catalog-model.ts';
import { stableJson } from '../../generate/context.ts';

export const MANAGED_PREFIX = 'portico-';
export const TARGET_ID = 'api-destination';

export interface ConnectionState {
  authorizationType: 'API_KEY' | 'BASIC' | 'OAUTH_CLIENT_CREDENTIALS';
  /** The non-secret part AWS gives back (header name, token URL): what can be compared. */
  visible: string;
}

export interface DestinationState {
  connection: string;
  endpoint: string;
  httpMethod: string;
  rateLimitPerSecond: number;
}

export interface TargetState {
  /** `api-destination:<name>` for an API destination this tool manages, else the raw ARN. */
  destination: string;
  retry: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number };
  deadLetterArn?: string;
  roleArn?: string;
}

export interface RuleState {
  eventPattern: string;
  description: string;
  state: 'ENABLED' | 'DISABLED';
  target?: TargetState;
}

export interface EndpointState {
  bus: string;
  busExists: boolean;
  connections: Record<string, ConnectionState>;
  destinations: Record<string, DestinationState>;
  rules: Record<string, RuleState>;
}

export interface DesiredOptions {
  environments: readonly EnvironmentName[];
  /** `<partner>/<environment>`s left out: those marked `local_only`, when the endpoint is AWS. */
  leaveOut?: ReadonlySet<string>;
  /** Builds the DLQ ARN of a rule; deploy-rules derives it from the bus ARN's region and account. */
  deadLetterArn?: (ruleName: string) => string;
  roleArn?: string;
}

export const canonicalPattern = (pattern: string | object): string =>
  stableJson(typeof pattern === 'string' ? JSON.parse(pattern) : pattern, 0);

export function visibleAuth(auth: Auth): ConnectionState {
  switch (auth.type) {
    case 'api_key':
      return { authorizationType: 'API_KEY', visible: auth.header };
    case 'basic':
      return { authorizationType: 'BASIC', visible: '' };
    case 'oauth_client_credentials':
      return { authorizationType: 'OAUTH_CLIENT_CREDENTIALS', visible: auth.tokenUrl };
  }
}

export function desiredState(model: CatalogModel, options: DesiredOptions): EndpointState {
  const state: EndpointState = {
    bus: model.bus,
    busExists: true,
    connections: {},
    destinations: {},
    rules: {},
  };
  for (const rule of model.rules) {
    if (!options.environments.includes(rule.environment) || rule.target.kind !== 'api-destination') continue;
    if (options.leaveOut?.has(`${rule.partner}/${rule.environment}`)) continue;
    const { auth, endpoint } = rule.target;
    if (auth === undefined || endpoint === undefined) {
      throw new Error(
        `catalog/partners/${rule.partner}.yaml: #/environments/${rule.environment} needs endpoint and auth for a webhook partner`,
      );
    }
    state.connections[rule.name] = visibleAuth(auth);
    state.destinations[rule.name] = {
      connection: rule.name,
      endpoint,
      httpMethod: rule.target.httpMethod,
      rateLimitPerSecond: rule.target.rateLimitPerSecond,
    };
    const deadLetterArn = options.deadLetterArn?.(rule.name);
    state.rules[rule.name] = {
      eventPattern: canonicalPattern(rule.eventPattern),
      description: rule.description,
      state: 'ENABLED',
      target: {
        destination: `api-destination:${rule.name}`,
        retry: { ...rule.target.retryPolicy },
        ...(deadLetterArn ? { deadLetterArn } : {}),
        ...(options.roleArn ? { roleArn: options.roleArn } : {}),
      },
    };
  }
  return state;
}
