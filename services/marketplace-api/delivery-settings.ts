// Where a partner's self-service changes take effect: the bus's API destinations and connections,
// changed through EventBridge's own API (UpdateApiDestination, UpdateConnection), so the same code
// changes a real EventBridge bus on AWS. The catalogue names each partner environment's rule,
// connection and API destination alike: `portico-<partner>-<env>`.
// Webhook signing secrets have no EventBridge API; the local bus takes them through
// `setWebhookSecrets` (on AWS they would live in Secrets Manager beside the connection).
import {
  DescribeApiDestinationCommand,
  DescribeConnectionCommand,
  UpdateApiDestinationCommand,
  UpdateConnectionCommand,
  type ConnectionAuthorizationType,
  type EventBridgeClient,
  type UpdateConnectionAuthRequestParameters,
} from '@aws-sdk/client-eventbridge';
import type { ProblemError } from '../api-gateway/problem.ts';
import { headerNameProblem } from '../delivery/header-names.ts';
import { checkEndpointUrl, effectivePolicy } from '../delivery/outbound-guard.ts';
import type { Environment } from '../request-store/request-store.ts';

export type AuthPatch =
  | { type: 'api_key'; header: string; value: string }
  | { type: 'basic'; username: string; password: string }
  | {
      type: 'oauth_client_credentials';
      token_url: string;
      client_id: string;
      client_secret: string;
      scope?: string;
    };

export interface DeliverySettings {
  setEndpoint(partner: string, environment: Environment, endpoint: string): Promise<void>;
  setAuth(partner: string, environment: Environment, auth: AuthPatch): Promise<void>;
  /** Every secret that signs `environment`'s deliveries from now on, newest first (two during a grace period). */
  setWebhookSecrets(partner: string, environment: Environment, secrets: readonly string[]): Promise<void>;
  /** What `setEndpoint` and `setAuth` would overwrite, kept so that a failed change can put it back. */
  capture(partner: string, environment: Environment): Promise<DeliverySnapshot>;
  /** Puts back what `capture` saw (a self-service change that failed part-way: partner-change.ts). */
  restore(partner: string, environment: Environment, snapshot: DeliverySnapshot): Promise<void>;
}

/** An environment's endpoint and connection auth as EventBridge keeps them. */
export interface DeliverySnapshot {
  endpoint?: string;
  connection?: ConnectionAuth;
}

export interface ConnectionAuth {
  AuthorizationType: ConnectionAuthorizationType;
  AuthParameters: UpdateConnectionAuthRequestParameters;
}

export interface EventBridgeDeliverySettingsOptions {
  client: Pick<EventBridgeClient, 'send'>;
  resourceName?: (partner: string, environment: Environment) => string;
  /** The bus's own hook for signing secrets, by API destination name. */
  setDestinationSecrets?: (apiDestinationName: string, secrets: readonly string[]) => Promise<void> | void;
  /**
   * A connection's auth with its secrets, by connection name. EventBridge's DescribeConnection
   * never returns secrets, so without this hook `restore` puts back the auth type and the public
   * parameters only, and a secret already overwritten stays the new one (on AWS the secrets live in
   * the connection's Secrets Manager secret). The local bus gives its own sealed record.
   */
  readConnectionAuth?: (connectionName: string) => ConnectionAuth | undefined;
}

export function catalogueResourceName(partner: string, environment: Environment): string {
  return `portico-${partner}-${environment}`;
}

export class EventBridgeDeliverySettings implements DeliverySettings {
  private readonly name: (partner: string, environment: Environment) => string;

  constructor(private readonly opts: EventBridgeDeliverySettingsOptions) {
    this.name = opts.resourceName ?? catalogueResourceName;
  }

  async setEndpoint(partner: string, environment: Environment, endpoint: string): Promise<void> {
    await this.opts.client.send(
      new UpdateApiDestinationCommand({
        Name: this.name(partner, environment),
        InvocationEndpoint: endpoint,
        HttpMethod: 'POST',
      }),
    );
  }

  async setAuth(partner: string, environment: Environment, auth: AuthPatch): Promise<void> {
    await this.opts.client.send(
      new UpdateConnectionCommand({ Name: this.name(partner, environment), ...connectionAuth(auth) }),
    );
  }

  async capture(partner: string, environment: Environment): Promise<DeliverySnapshot> {
    const name = this.name(partner, environment);
    const destination = await this.opts.client.send(new DescribeApiDestinationCommand({ Name: name }));
    const withSecrets = this.opts.readConnectionAuth?.(name);
    const connection =
      withSecrets ??
      (await this.opts.client.send(new DescribeConnectionCommand({ Name: name })).then((c) =>
        c.AuthorizationType && c.AuthParameters
          ? {
              AuthorizationType: c.AuthorizationType,
              AuthParameters: c.AuthParameters as UpdateConnectionAuthRequestParameters,
            }
          : undefined,
      ));
    return {
      ...(destination.InvocationEndpoint ? { endpoint: destination.InvocationEndpoint } : {}),
      ...(connection ? { connection: structuredClone(connection) } : {}),
    };
  }

  async restore(partner: string, environment: Environment, snapshot: DeliverySnapshot): Promise<void> {
    const name = this.name(partner, environment);
    if (snapshot.endpoint)
      await this.opts.client.send(
        new UpdateApiDestinationCommand({
          Name: name,
          InvocationEndpoint: snapshot.endpoint,
          HttpMethod: 'POST',
        }),
      );
    if (snapshot.connection)
      await this.opts.client.send(new UpdateConnectionCommand({ Name: name, ...snapshot.connection }));
  }

  async setWebhookSecrets(
    partner: string,
    environment: Environment,
    secrets: readonly string[],
  ): Promise<void> {
    if (!this.opts.setDestinationSecrets)
      throw new Error('This bus takes no webhook secrets: startMarketplace needs setDestinationSecrets');
    await this.opts.setDestinationSecrets(this.name(partner, environment), secrets);
  }
}

/** The Marketplace API's `Auth` as EventBridge's UpdateConnection AuthParameters. */
export function connectionAuth(auth: AuthPatch) {
  switch (auth.type) {
    case 'api_key':
      return {
        AuthorizationType: 'API_KEY' as const,
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: auth.header, ApiKeyValue: auth.value } },
      };
    case 'basic':
      return {
        AuthorizationType: 'BASIC' as const,
        AuthParameters: { BasicAuthParameters: { Username: auth.username, Password: auth.password } },
      };
    case 'oauth_client_credentials':
      return {
        AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS' as const,
        AuthParameters: {
          OAuthParameters: {
            AuthorizationEndpoint: auth.token_url,
            HttpMethod: 'POST' as const,
            ClientParameters: { ClientID: auth.client_id, ClientSecret: auth.client_secret },
            ...(auth.scope
              ? {
                  OAuthHttpParameters: {
                    BodyParameters: [{ Key: 'scope', Value: auth.scope, IsValueSecret: false }],
                  },
                }
              : {}),
          },
        },
      };
  }
}

/**
 * What the bus would refuse in `auth`, as the Marketplace API's 422 errors: a reserved header name
 * (../delivery/header-names.ts) and a token URL the outbound guard refuses (link-local, metadata).
 */
export function authProblems(environment: Environment, auth: AuthPatch): ProblemError[] {
  const at = `/environments/${environment}/auth`;
  if (auth.type === 'api_key') {
    const problem = headerNameProblem(auth.header);
    return problem ? [{ pointer: `${at}/header`, message: problem }] : [];
  }
  if (auth.type === 'oauth_client_credentials') {
    try {
      checkEndpointUrl(
        auth.token_url,
        effectivePolicy({ allowHttp: true, allowPrivateNetworks: true }),
        'token_url',
      );
    } catch (error) {
      return [{ pointer: `${at}/token_url`, message: (error as Error).message }];
    }
  }
  return [];
}
