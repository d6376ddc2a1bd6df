// Makes a pact file written by pact-js byte-for-byte reproducible, so that `portico generate
// --check` can compare it: interactions in description order, keys sorted, and the metadata the
// library stamps (its own versions) replaced by where the pact comes from. The Pact
// specification version stays: verifiers read it.

type Obj = Record<string, unknown>;

export interface PactOrigin {
  /** Catalogue files the pact is derived from. */
  readonly files: readonly string[];
}

export function normalisePact(text: string, origin: PactOrigin): string {
  const pact = JSON.parse(text) as Obj;
  const interactions = ((pact.interactions ?? pact.messages ?? []) as Obj[])
    .slice()
    .sort((a, b) => String(a.description).localeCompare(String(b.description), 'en'));
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

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value as Obj)
      .sort()
      .map((k) => [k, sortKeys((value as Obj)[k])]),
  );
}
