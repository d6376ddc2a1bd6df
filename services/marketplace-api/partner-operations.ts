// The `partner` operations of catalog/openapi/marketplace-api.yaml: getPartner, updatePartner,
// rotateWebhookSecret. A partner can only name itself: the partner is the API key's, never a
// parameter. Changes reach the bus first (so routing and delivery use them at once), then are
// recorded, then announced with a `partner details changed` event that names fields, not values.
import { HttpProblem, jsonResult, type ProblemError } from '../api-gateway/problem.ts';
import type { ApiGatewayProxyResult } from '../api-gateway/proxy-event.ts';
import type { Environment } from '../request-store/request-store.ts';
import type { AuthPatch } from './delivery-settings.ts';
import type { OperationContext, OperationInput } from './operation-context.ts';
import type { StoredPatch } from './partner-registry.ts';

interface PartnerPatch {
  name?: string;
  contact?: StoredPatch['contact'];
  environments?: Partial<Record<Environment, { endpoint?: string; auth?: AuthPatch }>>;
}

export async function getPartner(
  { caller }: OperationInput,
  ctx: OperationContext,
): Promise<ApiGatewayProxyResult> {
  return jsonResult(200, await view(ctx, caller.partner));
}

export async function updatePartner(
  { req, caller }: OperationInput,
  ctx: OperationContext,
): Promise<ApiGatewayProxyResult> {
  const patch = req.body as PartnerPatch;
  const before = await view(ctx, caller.partner);
  const envs = Object.entries(patch.environments ?? {}) as [
    Environment,
    { endpoint?: string; auth?: AuthPatch },
  ][];
  if (before.delivery === 'poll' && envs.length > 0) {
    const errors: ProblemError[] = envs.map(([env]) => ({
      pointer: `/environments/${env}`,
      message: 'a partner that polls has no endpoint or credentials',
    }));
    throw new HttpProblem(
      422,
      'validation',
      'This partner polls the Marketplace API; it has no endpoint to change.',
      { errors },
    );
  }
  const stored: StoredPatch = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.contact !== undefined ? { contact: patch.contact } : {}),
  };
  for (const [env, change] of envs) {
    if (change.endpoint !== undefined) await ctx.settings.setEndpoint(caller.partner, env, change.endpoint);
    if (change.auth !== undefined) await ctx.settings.setAuth(caller.partner, env, change.auth);
    (stored.environments ??= {})[env] = {
      ...(change.endpoint !== undefined ? { endpoint: change.endpoint } : {}),
      ...(change.auth !== undefined ? { auth_type: change.auth.type } : {}),
    };
  }
  await ctx.partners.change(caller.partner, stored);
  const changedAt = ctx.now().toISOString();
  const general = [
    ...(patch.name !== undefined ? ['name'] : []),
    ...(patch.contact !== undefined ? ['contact'] : []),
  ];
  if (general.length > 0) await announce(ctx, caller.partner, general, changedAt);
  for (const [env, change] of envs) {
    const fields = [
      ...(change.endpoint !== undefined ? ['endpoint'] : []),
      ...(change.auth !== undefined ? ['auth'] : []),
    ];
    await announce(ctx, caller.partner, fields, changedAt, env);
  }
  return jsonResult(200, await view(ctx, caller.partner));
}

export async function rotateWebhookSecret(
  { req, caller }: OperationInput,
  ctx: OperationContext,
): Promise<ApiGatewayProxyResult> {
  if ((await view(ctx, caller.partner)).delivery === 'poll') {
    throw new HttpProblem(
      422,
      'validation',
      'This partner polls the Marketplace API; no webhook is signed for it.',
      {
        errors: [{ pointer: '', message: 'a partner that polls has no webhook secret' }],
      },
    );
  }
  const grace = (req.body as { grace_period_seconds?: number } | undefined)?.grace_period_seconds ?? 86400;
  const env = caller.environment;
  const rotation = await ctx.rotation.rotate(
    caller.partner,
    env,
    grace,
    ctx.catalogueSecret(caller.partner, env),
  );
  const createdAt = new Date(rotation.createdAt).toISOString();
  const previousExpiresAt = new Date(rotation.previousExpiresAt).toISOString();
  await ctx.partners.recordRotation(caller.partner, env, createdAt, previousExpiresAt);
  await announce(ctx, caller.partner, ['webhook_secret'], createdAt, env);
  return jsonResult(
    201,
    { secret: rotation.secret, created_at: createdAt, previous_secret_expires_at: previousExpiresAt },
    { 'cache-control': 'no-store' },
  );
}

async function view(ctx: OperationContext, partner: string) {
  const found = await ctx.partners.view(partner);
  // An API key names a partner the catalogue no longer has: the key outlived its partner.
  if (!found) throw new HttpProblem(401, 'unauthorized', 'The API key belongs to no current partner.');
  return found;
}

async function announce(
  ctx: OperationContext,
  partner: string,
  fields: string[],
  changedAt: string,
  environment?: Environment,
): Promise<void> {
  await ctx.publisher.put('com.marketplace.partners', 'partner details changed', {
    partner_id: partner,
    changed_fields: fields,
    ...(environment ? { environment } : {}),
    changed_at: changedAt,
  });
}
