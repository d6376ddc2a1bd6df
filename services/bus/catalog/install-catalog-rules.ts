import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { Auth, CatalogModel, Rule, SecretRef } from '../../../generated/catalog-model.ts';
import { apiDestinationArn, connectionArn, queueArn } from '../arns.ts';
import type { LocalBus } from '../local-bus.ts';
import type { TargetRecord } from '../resources/rule-store.ts';
import type { CatalogResourceKind } from '../resources/catalog-install-store.ts';
import { reconcileFields, type Reconciled } from './reconcile-fields.ts';

/** Marks what the catalogue owns: reloaded at every start, changed through catalog/ rather than the API. */
export const CATALOG_MANAGER = 'portico.catalog';

/**
 * A webhook rule's target id: the same as the SAM template's (scripts/generate/infra/partner-resources.ts)
 * and `portico deploy-rules`' (scripts/infra/deploy-rules/rule-state.ts), so that the three agree.
 */
export const API_DESTINATION_TARGET_ID = 'api-destination';

export interface InstallReport {
  rules: number;
  apiDestinations: number;
  /** Environment variables the catalogue names that are not set: a dev placeholder was used. */
  unsetSecrets: string[];
  /** API destinations and connections that keep settings changed through the API, and which. */
  keptApiChanges: { resource: string; fields: string[] }[];
  skipped: { rule: string; reason: string }[];
}

/**
 * Installs the catalogue's routing rules on their bus (`marketplace`), beside the rules created through the
 * API. A webhook partner's rule targets an API destination with its connection; a polling partner's rule
 * targets the local queue `portico-poll-<partner>-<env>`, which the Marketplace API reads. Each target
 * dead-letters to `<rule>-dlq`. Catalogue rules no longer in the model are removed.
 *
 * Rules are the catalogue's alone and are rewritten at every start. API destinations and connections
 * can also be changed by a partner's self-service (endpoint, credentials, webhook secrets, in-process:
 * ../operations/managed-change.ts), and those changes must survive a restart: each field is re-applied
 * only when the catalogue's own value for it changed since the last install (`reconcile-fields.ts`).
 * A change forced through the EventBridge API is not self-service, and is undone here.
 *
 * Secrets are references to environment variables. An unset variable gets a placeholder,
 * `portico-dev-unset-<VAR>` (no colon: it may be a basic-auth user-id, RFC 7617 §2) (and a `whsec_` secret derived from the variable's name for webhook secrets),
 * so that `npm start` on a fresh clone routes and attempts every delivery; the report lists them.
 */
export function installCatalogRules(bus: LocalBus, model: CatalogModel, env = process.env): InstallReport {
  const report: InstallReport = {
    rules: 0,
    apiDestinations: 0,
    unsetSecrets: [],
    keptApiChanges: [],
    skipped: [],
  };
  const secret = (ref: SecretRef | undefined): string => {
    if (!ref) return '';
    const value = env[ref.env];
    if (value) return value;
    if (!report.unsetSecrets.includes(ref.env)) report.unsetSecrets.push(ref.env);
    return `portico-dev-unset-${ref.env}`;
  };
  const now = Date.now();
  bus.db.transaction(() => {
    if (!bus.buses.get(model.bus))
      bus.buses.create(model.bus, 'The marketplace bus (from catalog/asyncapi.yaml)');
    const wanted = new Set<string>();
    for (const rule of model.rules) {
      wanted.add(`${rule.eventBusName}/${rule.name}`);
      if (!bus.buses.get(rule.eventBusName)) bus.buses.create(rule.eventBusName);
      let target: TargetRecord;
      try {
        target = ruleTarget(bus, rule, model, secret, now, report);
      } catch (error) {
        report.skipped.push({ rule: rule.name, reason: (error as Error).message });
        continue;
      }
      if (rule.target.kind === 'api-destination') report.apiDestinations += 1;
      bus.rules.put({
        bus: rule.eventBusName,
        name: rule.name,
        eventPattern: JSON.stringify(rule.eventPattern),
        state: 'ENABLED',
        description: rule.description,
        managedBy: CATALOG_MANAGER,
        targets: [target],
      });
      report.rules += 1;
    }
    for (const b of bus.buses.list()) {
      for (const r of bus.rules.list(b.name)) {
        if (r.managedBy === CATALOG_MANAGER && !wanted.has(`${b.name}/${r.name}`))
          bus.rules.delete(b.name, r.name);
      }
    }
  })();
  return report;
}

function ruleTarget(
  bus: LocalBus,
  rule: Rule,
  model: CatalogModel,
  secret: (ref: SecretRef | undefined) => string,
  now: number,
  report: InstallReport,
): TargetRecord {
  const base = {
    RetryPolicy: {
      MaximumRetryAttempts: rule.target.retryPolicy.maximumRetryAttempts,
      MaximumEventAgeInSeconds: rule.target.retryPolicy.maximumEventAgeInSeconds,
    },
    DeadLetterConfig: { Arn: queueArn(bus.identity, `${rule.name}-dlq`) },
  };
  if (rule.target.kind === 'poll') {
    return {
      Id: 'partner-poll',
      Arn: queueArn(bus.identity, `portico-poll-${rule.partner}-${rule.environment}`),
      ...base,
    };
  }
  if (!rule.target.endpoint)
    throw new Error(`rule ${rule.name}: an api-destination target needs an endpoint`);
  const name = rule.name.slice(0, 64);
  const keep = (resource: string, fields: string[]) => {
    if (fields.length > 0) report.keptApiChanges.push({ resource, fields });
  };

  const existingConnection = bus.connections.get(name);
  const wantedConnection = {
    description: `Credentials for ${rule.partner} (${rule.environment}), from catalog/partners/${rule.partner}.yaml`,
    auth: authOf(rule.target.auth, secret),
  };
  const connectionFields = reconcileFields(
    wantedConnection,
    comparedWith(
      bus,
      'connection',
      name,
      existingConnection && {
        description: existingConnection.description,
        auth: {
          authorizationType: existingConnection.authorizationType,
          authParameters: existingConnection.authParameters,
        },
      },
    ),
    bus.catalogInstalls.get('connection', name),
  );
  keep(`connection ${name}`, connectionFields.kept);
  keepSelfService(bus, 'connection', name, connectionFields);
  const connection = {
    name,
    arn: existingConnection?.arn ?? connectionArn(bus.identity, name, randomUUID()),
    ...(connectionFields.value.description ? { description: connectionFields.value.description } : {}),
    ...connectionFields.value.auth,
    managedBy: CATALOG_MANAGER,
    createdAt: existingConnection?.createdAt ?? now,
    modifiedAt: now,
  };
  bus.connections.put(connection);

  const webhookSecret = environmentWebhookSecret(model, rule, secret);
  const existing = bus.apiDestinations.get(name);
  const wantedDestination = {
    description: `Webhook of ${rule.partner} (${rule.environment})`,
    endpoint: rule.target.endpoint,
    httpMethod: rule.target.httpMethod,
    invocationRateLimitPerSecond: rule.target.rateLimitPerSecond,
    webhookSecrets: webhookSecret ? [webhookSecret] : [],
  };
  const destinationFields = reconcileFields(
    wantedDestination,
    comparedWith(
      bus,
      'api-destination',
      name,
      existing && {
        description: existing.description,
        endpoint: existing.endpoint,
        httpMethod: existing.httpMethod,
        invocationRateLimitPerSecond: existing.invocationRateLimitPerSecond,
        webhookSecrets: existing.webhookSecrets,
      },
    ),
    bus.catalogInstalls.get('api-destination', name),
  );
  keep(`api-destination ${name}`, destinationFields.kept);
  keepSelfService(bus, 'api-destination', name, destinationFields);
  const { description, invocationRateLimitPerSecond, ...fields } = destinationFields.value;
  // ARNs stay stable across restarts: pending deliveries name their destination by ARN.
  const arn = existing?.arn ?? apiDestinationArn(bus.identity, name, randomUUID());
  bus.apiDestinations.put({
    name,
    arn,
    ...(description ? { description } : {}),
    connectionArn: connection.arn,
    ...fields,
    ...(invocationRateLimitPerSecond !== undefined ? { invocationRateLimitPerSecond } : {}),
    managedBy: CATALOG_MANAGER,
    createdAt: existing?.createdAt ?? now,
    modifiedAt: now,
  });
  bus.catalogInstalls.put('connection', name, wantedConnection);
  bus.catalogInstalls.put('api-destination', name, wantedDestination);
  return { Id: API_DESTINATION_TARGET_ID, Arn: arn, ...base };
}

/**
 * What the catalogue's values are compared with: its last install overlaid with what the Marketplace
 * API's self-service set since (`managed-change.ts`), never the resource as it stands, so that a change
 * forced through the EventBridge API (or a forced delete) is undone. A database from before self-service
 * was recorded has no record: there the resource as it stands counts, as it did then.
 */
function comparedWith<T extends Record<string, unknown>>(
  bus: LocalBus,
  kind: CatalogResourceKind,
  name: string,
  existing: T | undefined,
): T | undefined {
  const own = bus.catalogInstalls.selfService(kind, name);
  if (own === undefined) return existing;
  const installed = bus.catalogInstalls.get(kind, name);
  return installed && ({ ...installed, ...own } as T);
}

/** Self-service values the install kept stay recorded; one the catalogue overrode is forgotten. */
function keepSelfService<T extends Record<string, unknown>>(
  bus: LocalBus,
  kind: CatalogResourceKind,
  name: string,
  fields: Reconciled<T>,
): void {
  bus.catalogInstalls.putSelfService(
    kind,
    name,
    Object.fromEntries(fields.kept.map((key) => [key, fields.value[key]])),
  );
}

/**
 * The secret an environment signs with, its own from the start, so that nothing done to one environment's
 * secret (a test key's rotation) reaches the other's: the environment's `webhook_secret` if the partner file
 * names one; else prod signs with the partner's `webhook_secret` and test with a secret derived from it
 * (HMAC-SHA256 keyed with it, over the environment's name: knowing test's tells nothing of prod's).
 */
function environmentWebhookSecret(
  model: CatalogModel,
  rule: Rule,
  secret: (ref: SecretRef | undefined) => string,
): string | undefined {
  const partner = model.partners.find((p) => p.id === rule.partner);
  const own = partner?.environments?.[rule.environment]?.webhookSecret;
  if (own) return asWebhookSecret(secret(own));
  if (!partner?.webhookSecret) return undefined;
  const shared = asWebhookSecret(secret(partner.webhookSecret));
  if (rule.environment === 'prod') return shared;
  const derived = createHmac('sha256', shared)
    .update(`portico webhook secret ${rule.environment}`)
    .digest('base64');
  return `whsec_${derived}`;
}

/** A Standard Webhooks secret is `whsec_` + base64; a placeholder becomes a stable secret derived from it. */
function asWebhookSecret(value: string): string {
  if (value.startsWith('whsec_')) return value;
  return `whsec_${createHash('sha256').update(value).digest('base64')}`;
}

function authOf(
  auth: Auth | undefined,
  secret: (ref: SecretRef | undefined) => string,
): {
  authorizationType: 'API_KEY' | 'BASIC' | 'OAUTH_CLIENT_CREDENTIALS';
  authParameters: Record<string, unknown>;
} {
  switch (auth?.type) {
    case 'basic':
      return {
        authorizationType: 'BASIC',
        authParameters: {
          BasicAuthParameters: { Username: secret(auth.username), Password: secret(auth.password) },
        },
      };
    case 'oauth_client_credentials':
      return {
        authorizationType: 'OAUTH_CLIENT_CREDENTIALS',
        authParameters: {
          OAuthParameters: {
            ClientParameters: { ClientID: secret(auth.clientId), ClientSecret: secret(auth.clientSecret) },
            AuthorizationEndpoint: auth.tokenUrl,
            HttpMethod: 'POST',
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
    case 'api_key':
      return {
        authorizationType: 'API_KEY',
        authParameters: {
          ApiKeyAuthParameters: { ApiKeyName: auth.header, ApiKeyValue: secret(auth.value) },
        },
      };
    default:
      // AWS requires credentials on every connection; a partner without auth gets a harmless marker header.
      return {
        authorizationType: 'API_KEY',
        authParameters: { ApiKeyAuthParameters: { ApiKeyName: 'X-Portico-Auth', ApiKeyValue: 'none' } },
      };
  }
}
