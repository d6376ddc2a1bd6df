// The `partner` operations of catalog/openapi/marketplace-api.yaml: getPartner, updatePartner,
// rotateWebhookSecret. A partner can only name itself: the partner is the API key's, never a
// parameter. A change reaches the bus first (so routing and delivery use it at once), then is
// recorded, then announced with `partner details changed` events that name fields, not values; it
// is planned and applied as one unit (partner-change.ts).
import { HttpProblem, jsonResult } from '../api-gateway/problem.ts';
import type { ApiGatewayProxyResult } from '../api-gateway/proxy-event.ts';
import type { Environment } from '../request-store/request-store.ts';
import type { OperationContext, OperationInput } from './operation-context.ts';
import { applyPartnerChange, planPartnerChange } from './partner-change.ts';

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
  const before = await view(ctx, caller.partner);
  const plan = planPartnerChange(before, req.body as Record<string, unknown>, ctx);
  await applyPartnerChange(caller.partner, plan, ctx);
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
    await ctx.catalogueSecret(caller.partner, env),
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
