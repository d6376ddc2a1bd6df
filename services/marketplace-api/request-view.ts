// A stored request as the Marketplace API's `Request` schema shows it to one partner.
import type { PartnerRequest } from '../request-store/request-store.ts';

export function toApiRequest(r: PartnerRequest): Record<string, unknown> {
  const d = r.detail;
  // Legacy producers name what is requested in `requests1`/`requests2`; the API folds them in.
  const types = [
    ...(Array.isArray(d['request_types']) ? d['request_types'] : []),
    d['requests1'],
    d['requests2'],
  ].filter((t, i, all): t is string => typeof t === 'string' && all.indexOf(t) === i);
  return {
    request_id: r.requestId,
    user_id: r.userId,
    status: r.status,
    ...(r.reason ? { status_reason: r.reason } : {}),
    request_types: types,
    ...pick(d, ['country', 'amount', 'currency', 'documents']),
    environment: r.environment,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

function pick(from: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));
}
