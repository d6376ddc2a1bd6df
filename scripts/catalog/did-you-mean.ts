// "Did you mean" for an unknown key: the allowed key closest to it by edit distance (Levenshtein,
// insertions, deletions and substitutions cost 1; an adjacent swap costs 1 too, as in `tpye`), when
// it is close enough to be a typo: at most 2 edits, and fewer than half the key's length.

/** The allowed key `key` is most likely a typo of, or undefined. */
export function didYouMean(key: string, allowed: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of allowed) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (!best || best.distance === 0 || best.distance > 2 || best.distance * 2 >= key.length) return undefined;
  return best.name;
}

/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The property names allowed where Ajv found an unknown key: `schemaPath` is the failing
 * `additionalProperties` keyword's JSON pointer in `root` (`#/$defs/environment/additionalProperties`);
 * its parent's `properties` are the allowed names.
 */
export function allowedKeysAt(root: unknown, schemaPath: string): string[] {
  const segments = schemaPath.replace(/^#\/?/, '').split('/').slice(0, -1);
  let node: unknown = root;
  for (const s of segments) {
    node = (node as Record<string, unknown> | undefined)?.[s.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  const properties = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties) : [];
}
