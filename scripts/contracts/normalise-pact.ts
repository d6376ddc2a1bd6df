// Makes a pact file written by pact-js byte-for-byte reproducible, so that `portico generate
// --check` can compare it: interactions in description order, keys sorted, and the metadata the
// library stamps (its own versions) replaced by where the pact comes from. The Pact
// specification version stays: verifiers read it.
import { sortKeys } from '../generate/context.ts';

type Obj = Record<string, unknown>;

export interface PactOrigin {
  /** Catalogue files the pact is derived from. */
  readonly files: readonly string[];
}

export function normalisePact(text: string, origin: PactOrigin): string {
  const pact = JSON.parse(text) as Obj;
  const interactions = ((pact.interactions ?? pact.messages ?? []) as Obj[])
    .slice()
    .sort((a, b) => String(a.description).localeCompare(String(b.description), 'en'))
    .map((i) => {
      for (const part of ['request', 'response'] as const) fixPart(i[part] as Obj | undefined);
      dedupeMatchers(i); // message interactions keep their rules beside `contents`
      return i;
    });
  const metadata = (pact.metadata ?? {}) as Obj;
  const out: Obj = {
    ...pact,
    interactions,
    metadata: {
      pactSpecification: metadata.pactSpecification ?? { version: '4.0' },
      portico: {
        generatedFrom: [...origin.files],
        regenerateWith: 'portico generate',
      },
    },
  };
  return `${JSON.stringify(sortKeys(out), null, 2)}\n`;
}

/**
 * Two things pact-js writes that a stock verifier reads literally: a JSON body's `contentType` is
 * always `application/json`, even where the Content-Type header says `application/merge-patch+json`
 * (Pact V4: the body's content type is the request's); and a matcher list can repeat a matcher
 * (one from the schema, one from an example), which says nothing twice.
 */
function fixPart(part: Obj | undefined): void {
  if (!part) return;
  const headers = (part.headers ?? {}) as Record<string, string[] | string>;
  const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const body = part.body as Obj | undefined;
  const declared = Array.isArray(type) ? type[0] : type;
  if (body && declared && /[/+]json(;|$)/.test(declared)) body.contentType = declared;
  dedupeMatchers(part);
}

function dedupeMatchers(part: Obj): void {
  for (const category of Object.values((part.matchingRules ?? {}) as Record<string, Obj>))
    for (const rule of Object.values(category ?? {}) as Obj[]) {
      if (!Array.isArray(rule?.matchers)) continue;
      const seen = new Set<string>();
      rule.matchers = (rule.matchers as unknown[]).filter((m) => {
        const key = JSON.stringify(sortKeys(m));
        return seen.has(key) ? false : (seen.add(key), true);
      });
    }
}
