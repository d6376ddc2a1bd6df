// Environments a partner file marks `local_only: true`: they run on the local stack alone (a demo
// partner on 127.0.0.1), so neither the SAM template nor `portico deploy-rules` against AWS has them.
import type { Catalogue } from './catalogue.ts';

/** `<partner>/<environment>` of every environment marked `local_only: true`. */
export function localOnlyEnvironments(catalogue: Pick<Catalogue, 'partners'>): Set<string> {
  return new Set(
    catalogue.partners.flatMap(({ declaration: d }) =>
      Object.entries(d.environments)
        .filter(([, env]) => env.local_only === true)
        .map(([name]) => `${d.id}/${name}`),
    ),
  );
}
