// The routing rule (common.md, catalog/README.md) read plainly, straight from a partner file, with
// no EventBridge pattern in sight: the oracle the generated patterns are tested against.
// The raw `pattern` fragment is the one part that *is* EventBridge's language by definition, so
// it is evaluated with the engine's reference matcher, on `detail` alone.
import { matchesPattern } from '../../services/pattern/index.ts';
import type { EnvironmentName, PartnerDeclaration } from '../catalog/catalogue.ts';

type Detail = Record<string, unknown>;

export function routesTo(partner: PartnerDeclaration, env: EnvironmentName, detail: Detail): boolean {
  const eventEnvironment = detail.environment === undefined ? 'prod' : detail.environment;
  if (eventEnvironment !== env) return false;
  if (detail['3rdparty'] !== undefined) return detail['3rdparty'] === partner.id; // addressed: filter bypassed
  return filterAccepts(partner.fulfils, detail);
}

function filterAccepts(f: PartnerDeclaration['fulfils'], detail: Detail): boolean {
  const types = Array.isArray(detail.request_types) ? detail.request_types : [];
  if (!types.some((t) => f.request_types.includes(t as string))) return false;
  if (f.countries && !f.countries.includes(detail.country as string)) return false;
  if (f.currencies && !f.currencies.includes(detail.currency as string)) return false;
  if (f.amount) {
    const amount = detail.amount;
    if (typeof amount !== 'number') return false;
    if (f.amount.min !== undefined && amount < f.amount.min) return false;
    if (f.amount.max !== undefined && amount > f.amount.max) return false;
  }
  if (f.pattern && !matchesPattern({ detail: f.pattern }, { detail })) return false;
  return true;
}
