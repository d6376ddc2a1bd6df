// Partner files are onboarded by copying one: a copy that keeps the original's display name, secret
// variables or endpoint is valid on its own, but then two partners share credentials, or one
// receives the other's requests. Each is a warning on the later file (by file name), naming the
// earlier one; the catalogue stays valid, since a shared endpoint can be intended (one integrator
// for two brands).
import type { PartnerEntry } from './catalogue.ts';
import type { Problem } from './problem.ts';
import { locate, problemAt } from './source-file.ts';

interface Claim {
  what: string;
  value: string;
  partner: PartnerEntry;
  pointer: string;
}

export function checkPartnerOverlap(partners: readonly PartnerEntry[]): Problem[] {
  const first = new Map<string, Claim>();
  const problems: Problem[] = [];
  for (const partner of partners) {
    for (const claim of claimsOf(partner)) {
      const key = `${claim.what}\u0000${claim.value}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, claim);
        continue;
      }
      if (earlier.partner === partner) continue; // prod and test may share a secret or an endpoint
      const at = locate(earlier.partner.source, earlier.pointer);
      problems.push(
        problemAt(
          partner.source,
          claim.pointer,
          `${claim.what} '${claim.value}' is also ${earlier.partner.declaration.id}'s (${earlier.partner.source.file}:${at.line}:${at.column}): copied from it?`,
          { severity: 'warning' },
        ),
      );
    }
  }
  return problems;
}

function claimsOf(partner: PartnerEntry): Claim[] {
  const claims: Claim[] = [{ what: 'name', value: partner.declaration.name, partner, pointer: '#/name' }];
  const environments = partner.declaration.environments as Record<string, { endpoint?: string }>;
  for (const [env, e] of Object.entries(environments)) {
    if (e.endpoint)
      claims.push({
        what: 'endpoint',
        value: e.endpoint,
        partner,
        pointer: `#/environments/${env}/endpoint`,
      });
  }
  const walk = (value: unknown, pointer: string) => {
    if (value === null || typeof value !== 'object') return;
    const env = (value as { env?: unknown }).env;
    if (typeof env === 'string' && Object.keys(value).length === 1) {
      claims.push({ what: 'secret variable', value: env, partner, pointer: `${pointer}/env` });
      return;
    }
    for (const [k, v] of Object.entries(value))
      walk(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  walk(partner.declaration, '#');
  return claims;
}
