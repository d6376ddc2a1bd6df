// A value removed and another added at the same place is most often a rename; saying so helps the
// reader of a pull-request comment, who sees two rows otherwise. Only a hint: the levels stay those
// of a removal and an addition, which is what a rename is to producers and consumers.
import type { Finding } from './change.ts';

export function hintRenames(findings: readonly Finding[]): Finding[] {
  const at = (f: Finding) => `${f.file}\u0000${f.path}`;
  const removed = new Map<string, Finding[]>();
  const added = new Map<string, Finding[]>();
  for (const f of findings) {
    const kind = f.subject && 'delta' in f.subject ? f.subject.delta?.kind : undefined;
    if (kind === 'enum-value-removed') removed.set(at(f), [...(removed.get(at(f)) ?? []), f]);
    if (kind === 'enum-value-added') added.set(at(f), [...(added.get(at(f)) ?? []), f]);
  }
  return findings.map((f) => {
    const [gone] = removed.get(at(f)) ?? [];
    const [came] = added.get(at(f)) ?? [];
    if (f !== gone || came === undefined) return f;
    if (removed.get(at(f))?.length !== 1 || added.get(at(f))?.length !== 1) return f;
    const value =
      came.subject && 'delta' in came.subject && came.subject.delta?.kind === 'enum-value-added'
        ? came.subject.delta.value
        : undefined;
    return { ...f, message: `${f.message} (renamed to ${JSON.stringify(value)}?)` };
  });
}
