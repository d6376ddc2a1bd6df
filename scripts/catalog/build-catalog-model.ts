// The normalised catalogue model the runtime reads (`generated/catalog-model.ts`): camelCase,
// secrets by reference only, and one rule per partner and environment with its full pattern.
import type { Auth, CatalogModel, Partner, PartnerEnvironment, Rule } from '../../generated/catalog-model.ts';
import type { GenerateContext } from '../generate/context.ts';
import { routingPattern } from '../generate/routing-pattern.ts';
import {
  ENVIRONMENTS,
  type AuthDeclaration,
  type Catalogue,
  type EnvironmentDeclaration,
  type PartnerDeclaration,
} from './catalogue.ts';

export function buildCatalogModel(catalogue: Catalogue, ctx: GenerateContext): CatalogModel {
  const partners = [...catalogue.partners]
    .map((p) => p.declaration)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    bus: ctx.bus,
    events: catalogue.events.map((e) => ({
      name: e.name,
      source: e.source,
      detailType: e.detailType,
      schemaId: e.schemaId,
    })),
    partners: partners.map(partnerModel),
    rules: partners.flatMap((p) => ENVIRONMENTS.map((env) => ruleModel(p, env, ctx))),
  };
}

function partnerModel(p: PartnerDeclaration): Partner {
  const f = p.fulfils;
  return {
    id: p.id,
    name: p.name,
    delivery: p.delivery,
    contact: p.contact as Partner['contact'],
    fulfils: {
      requestTypes: [...f.request_types],
      ...(f.countries ? { countries: [...f.countries] } : {}),
      ...(f.currencies ? { currencies: [...f.currencies] } : {}),
      ...(f.amount ? { amount: { ...f.amount } } : {}),
      ...(f.pattern ? { pattern: structuredClone(f.pattern) } : {}),
    },
    ...(p.webhook_secret ? { webhookSecret: { env: p.webhook_secret.env } } : {}),
    environments: {
      prod: environmentModel(p.environments.prod),
      test: environmentModel(p.environments.test),
    },
  };
}

function environmentModel(e: EnvironmentDeclaration): PartnerEnvironment {
  return {
    ...(e.endpoint ? { endpoint: e.endpoint } : {}),
    ...(e.auth ? { auth: authModel(e.auth) } : {}),
    ...(e.webhook_secret ? { webhookSecret: { env: e.webhook_secret.env } } : {}),
    retryPolicy: {
      maximumRetryAttempts: e.retry.maximum_retry_attempts,
      maximumEventAgeInSeconds: e.retry.maximum_event_age_seconds,
    },
    rateLimitPerSecond: e.rate_limit_per_second,
  };
}

function authModel(a: AuthDeclaration): Auth {
  switch (a.type) {
    case 'api_key':
      return { type: 'api_key', header: a.header, value: { env: a.value.env } };
    case 'basic':
      return { type: 'basic', username: { env: a.username.env }, password: { env: a.password.env } };
    case 'oauth_client_credentials':
      return {
        type: 'oauth_client_credentials',
        tokenUrl: a.token_url,
        clientId: { env: a.client_id.env },
        clientSecret: { env: a.client_secret.env },
        ...(a.scope ? { scope: a.scope } : {}),
      };
  }
}

function ruleModel(p: PartnerDeclaration, env: (typeof ENVIRONMENTS)[number], ctx: GenerateContext): Rule {
  const e = environmentModel(p.environments[env]);
  const delivery = p.delivery === 'webhook' ? `POST to ${e.endpoint ?? '?'}` : 'kept for polling';
  return {
    name: `portico-${p.id}-${env}`,
    eventBusName: ctx.bus,
    partner: p.id,
    environment: env,
    description: `${ctx.routedEvent.detailType} for ${p.name} (${env}): addressed to ${p.id}, or unaddressed and accepted by its filter; ${delivery}`,
    eventPattern: routingPattern(p, env, ctx.routedEvent) as Record<string, unknown>,
    target: {
      kind: p.delivery === 'webhook' ? 'api-destination' : 'poll',
      ...(e.endpoint ? { endpoint: e.endpoint } : {}),
      httpMethod: 'POST',
      ...(e.auth ? { auth: e.auth } : {}),
      retryPolicy: e.retryPolicy,
      rateLimitPerSecond: e.rateLimitPerSecond,
    },
  };
}
