// The `requests` operations of catalog/openapi/marketplace-api.yaml: listRequests, getRequest,
// postRequestStatus. A partner only ever reaches its own assignments: every store call carries
// the caller's partner and environment, so another partner's request is simply not found.
import { HttpProblem, jsonResult } from '../api-gateway/problem.ts';
import type { ApiGatewayProxyResult } from '../api-gateway/proxy-event.ts';
import { CursorError, type RequestStatus } from '../request-store/request-store.ts';
import { fingerprint } from './idempotency-store.ts';
import type { OperationContext, OperationInput } from './operation-context.ts';
import { toApiRequest } from './request-view.ts';
import { canTransition } from './status-transitions.ts';

export async function listRequests(
  { req, caller }: OperationInput,
  ctx: OperationContext,
): Promise<ApiGatewayProxyResult> {
  const environment = req.query['environment'] ?? caller.environment;
  if (environment !== caller.environment) {
    throw new HttpProblem(
      422,
      'validation',
      `This API key is for ${caller.environment}; it cannot list ${String(environment)} requests.`,
      {
        errors: [
          { pointer: '/query/environment', message: `must be ${caller.environment} for this API key` },
        ],
      },
    );
  }
  try {
    const page = await ctx.store.listForPartner({
      partner: caller.partner,
      environment: caller.environment,
      limit: (req.query['limit'] as number | undefined) ?? 20,
      ...(req.query['status'] ? { status: req.query['status'] as RequestStatus } : {}),
      ...(req.query['cursor'] ? { cursor: String(req.query['cursor']) } : {}),
    });
    return jsonResult(200, { items: page.items.map(toApiRequest), next_cursor: page.nextCursor ?? null });
  } catch (error) {
    if (!(error instanceof CursorError)) throw error;
    throw new HttpProblem(422, 'validation', error.message, {
      errors: [{ pointer: '/query/cursor', message: 'is not a cursor this API handed out' }],
    });
  }
}

export async function getRequest(
  { req, caller }: OperationInput,
  ctx: OperationContext,
): Promise<ApiGatewayProxyResult> {
  const requestId = req.path['requestId'] ?? '';
  const found = await ctx.store.findForPartner(requestId, caller.partner, caller.environment);
  if (!found) throw notFound(requestId);
  return jsonResult(200, toApiRequest(found));
}

export async function postRequestStatus(
  { req, caller }: OperationInput,
  ctx: OperationContext,
): Promise<ApiGatewayProxyResult> {
  const requestId = req.path['requestId'] ?? '';
  const body = req.body as { status: Exclude<RequestStatus, 'new'>; reason?: string };
  const key = req.headers['Idempotency-Key'] ?? '';
  const scope = `${caller.partner}:${caller.environment}`;
  // Same key and same parsed body (whitespace and member order do not count) answer the same.
  const print = fingerprint([requestId, canonicalJson(body)]);
  return ctx.locks.run(`${scope}:${key}`, async () => {
    const seen = await ctx.idempotency.lookup(scope, key, print);
    if (seen.kind === 'conflict') {
      throw new HttpProblem(
        409,
        'idempotency-key-reused',
        `Idempotency-Key ${key} was used with a different body.`,
        { title: 'Idempotency key reused' },
      );
    }
    if (seen.kind === 'replay')
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: seen.answer.body };
    const current = await ctx.store.findForPartner(requestId, caller.partner, caller.environment);
    if (!current) throw notFound(requestId);
    if (!canTransition(current.status, body.status)) {
      throw new HttpProblem(
        409,
        'invalid-transition',
        `The request is ${current.status}; it cannot become ${body.status}.`,
        { title: 'Invalid status transition' },
      );
    }
    const changedAt = ctx.now().toISOString();
    const change = {
      requestId,
      partner: caller.partner,
      environment: caller.environment,
      from: current.status,
      to: body.status,
      at: changedAt,
    };
    const result = await ctx.store.changeStatus({
      ...change,
      ...(body.reason ? { reason: body.reason } : {}),
    });
    if (result.kind !== 'changed') {
      throw new HttpProblem(
        409,
        'invalid-transition',
        `The request changed meanwhile; it is now ${result.kind === 'stale' ? result.current : 'gone'}.`,
        { title: 'Invalid status transition' },
      );
    }
    const detail = {
      request_id: requestId,
      user_id: current.userId,
      partner: caller.partner,
      request_status: body.status,
      previous_status: current.status,
      ...(body.reason ? { reason: body.reason } : {}),
      changed_at: changedAt,
      environment: caller.environment,
    };
    try {
      await ctx.publisher.put('com.marketplace.api', 'request status changed', detail);
    } catch (error) {
      // No event, no change: put the status back so that the partner's retry can succeed.
      await ctx.store.changeStatus({
        ...change,
        from: body.status,
        to: current.status,
        ...(current.reason ? { reason: current.reason } : {}),
      });
      throw error;
    }
    const answer = {
      request_id: requestId,
      status: body.status,
      previous_status: current.status,
      ...(body.reason ? { reason: body.reason } : {}),
      changed_at: changedAt,
    };
    const text = JSON.stringify(answer);
    await ctx.idempotency.save(scope, key, print, { statusCode: 201, body: text });
    return { statusCode: 201, headers: { 'content-type': 'application/json' }, body: text };
  });
}

function notFound(requestId: string): HttpProblem {
  return new HttpProblem(404, 'not-found', `No request ${requestId} for this partner.`);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
