// The `deliveries` operations of catalog/openapi/marketplace-api.yaml: listPartnerDeliveries,
// resendPartnerDelivery, sendPartnerTestEvent. The scope is the API key's partner and environment
// (the caller, as authorisation established it); nothing in the request can widen it, so another
// partner's delivery, or the same partner's in the other environment, is simply not found.
import { HttpProblem, jsonResult } from '../api-gateway/problem.ts';
import type { ApiGatewayProxyResult } from '../api-gateway/proxy-event.ts';
import type { DeliveryStatus } from '../delivery/delivery-queue.ts';
import { CursorError, type PartnerDeliveryLog } from '../delivery/partner-delivery-log.ts';
import type { OperationContext, OperationInput } from './operation-context.ts';

function logOf(ctx: OperationContext): PartnerDeliveryLog {
  if (!ctx.deliveries)
    throw new HttpProblem(
      501,
      'not-implemented',
      'This deployment keeps no delivery log; see the EventBridge console.',
      { title: 'Not Implemented' },
    );
  return ctx.deliveries;
}

export async function listPartnerDeliveries(
  { req, caller }: OperationInput,
  ctx: OperationContext,
): Promise<ApiGatewayProxyResult> {
  const log = logOf(ctx);
  try {
    const page = await log.list(caller, {
      limit: (req.query['limit'] as number | undefined) ?? 20,
      ...(req.query['status'] ? { status: req.query['status'] as DeliveryStatus } : {}),
      ...(req.query['request_id'] ? { requestId: String(req.query['request_id']) } : {}),
      ...(req.query['cursor'] ? { cursor: String(req.query['cursor']) } : {}),
    });
    return jsonResult(200, { items: page.items, next_cursor: page.next ?? null });
  } catch (error) {
    if (!(error instanceof CursorError)) throw error;
    throw new HttpProblem(422, 'validation', error.message, {
      errors: [{ pointer: '/query/cursor', message: 'is not a cursor this API handed out' }],
    });
  }
}

export async function resendPartnerDelivery(
  { req, caller }: OperationInput,
  ctx: OperationContext,
): Promise<ApiGatewayProxyResult> {
  const id = req.path['deliveryId'] ?? '';
  const result = await logOf(ctx).resend(caller, id);
  if (result.kind === 'not-found')
    throw new HttpProblem(404, 'not-found', `No delivery ${id} for this partner in ${caller.environment}.`);
  if (result.kind === 'open')
    throw new HttpProblem(
      409,
      'delivery-open',
      `Delivery ${id} is ${result.status}; it is attempted again without a resend.`,
      { title: 'Delivery still open' },
    );
  return jsonResult(202, result.delivery);
}

export async function sendPartnerTestEvent(
  { caller }: OperationInput,
  ctx: OperationContext,
): Promise<ApiGatewayProxyResult> {
  const delivery = await logOf(ctx).sendTestEvent(caller);
  if (!delivery)
    throw new HttpProblem(
      422,
      'validation',
      `This partner has no webhook in ${caller.environment}; it polls the Marketplace API.`,
      { errors: [{ pointer: '', message: 'a partner that polls receives no webhook' }] },
    );
  return jsonResult(202, delivery);
}
