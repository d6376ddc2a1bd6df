// The routing rule (common.md, catalog/README.md) as an EventBridge pattern, one per partner and
// environment. A `marketplace requests` event reaches partner P in environment E when
//   environment(event) = E   (absent = prod)
//   AND ( detail.3rdparty = P                                   -- addressed: the filter is bypassed
//         OR ( detail.3rdparty absent AND P's fulfils filter accepts it ) )
// EventBridge has no negation across fields, so the disjunction becomes `$or` branches inside
// `detail`, and "absent = prod" becomes one more pair of branches (`"prod"` | `{"exists": false}`)
// rather than one array mixing a value with `exists`, which keeps each branch a plain conjunction.
import type { EnvironmentName, FulfilsDeclaration, PartnerDeclaration } from '../catalog/catalogue.ts';

export interface RoutedEvent {
  source: string;
  detailType: string;
}

/** The event partners receive (common.md): the only one the routing rules match. */
export const ROUTED_EVENT: RoutedEvent = Object.freeze({
  source: 'com.marketplace.market',
  detailType: 'marketplace requests',
});

/** The detail fields the declarative filter is written against (the request-created schema). */
export const FILTER_FIELDS = {
  request_types: 'request_types',
  countries: 'country',
  currencies: 'currency',
  amount: 'amount',
} as const;

/** Detail fields the routing rule itself sets; a raw `pattern` fragment may not set them too. */
export const ROUTING_FIELDS = ['environment', '3rdparty', ...Object.values(FILTER_FIELDS)] as const;

type Branch = Record<string, unknown>;

/** The environment condition, as alternative branch fragments. */
export function environmentBranches(env: EnvironmentName): Branch[] {
  return env === 'prod'
    ? [{ environment: ['prod'] }, { environment: [{ exists: false }] }]
    : [{ environment: [env] }];
}

/** The declarative filter on `detail`, without the environment and addressing conditions. */
export function filterFragment(fulfils: FulfilsDeclaration): Branch {
  const out: Branch = { [FILTER_FIELDS.request_types]: [...fulfils.request_types] };
  if (fulfils.countries) out[FILTER_FIELDS.countries] = [...fulfils.countries];
  if (fulfils.currencies) out[FILTER_FIELDS.currencies] = [...fulfils.currencies];
  const range = numericRange(fulfils.amount);
  if (range) out[FILTER_FIELDS.amount] = [{ numeric: range }];
  // ANDed: the checks guarantee the fragment sets none of ROUTING_FIELDS, so a merge is an AND.
  return { ...out, ...(fulfils.pattern ?? {}) };
}

function numericRange(amount: FulfilsDeclaration['amount']): (string | number)[] | undefined {
  if (!amount) return undefined;
  const range: (string | number)[] = [];
  if (amount.min !== undefined) range.push('>=', amount.min);
  if (amount.max !== undefined) range.push('<=', amount.max);
  return range.length > 0 ? range : undefined;
}

/** The `detail` branches: addressed ones first, then the filtered ones. */
export function routingBranches(partner: PartnerDeclaration, env: EnvironmentName): Branch[] {
  const envs = environmentBranches(env);
  const addressed = envs.map((e) => ({ ...e, '3rdparty': [partner.id] }));
  const filtered = envs.map((e) => ({
    ...e,
    '3rdparty': [{ exists: false }],
    ...filterFragment(partner.fulfils),
  }));
  return [...addressed, ...filtered];
}

/** The full event pattern of rule `portico-<partner>-<env>`. */
export function routingPattern(
  partner: PartnerDeclaration,
  env: EnvironmentName,
  event: RoutedEvent,
): object {
  return {
    source: [event.source],
    'detail-type': [event.detailType],
    detail: { $or: routingBranches(partner, env) },
  };
}
