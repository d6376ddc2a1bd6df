// Where the machine looks a rule up. Each sub-rule (one `$or` branch) is filed under ONE of its
// conditions, its anchor, chosen to be the most selective at the time it is added: an exact value
// (hash lookup), else a prefix (lookup of the event value's prefixes of the lengths in use), else the
// mere presence of the path. An event therefore only touches the sub-rules filed under values it
// actually carries, however many rules there are; candidates are then verified in full.
import { NUMBER, STRING, type MachineLeaf } from './event-fields.ts';
import type { LeafPredicate } from './leaf-predicate.ts';

export interface MachineCondition {
  readonly pathId: number;
  readonly path: string;
  /** Any non-absence alternative; undefined when the condition is only `exists: false`. */
  readonly test: LeafPredicate | undefined;
  readonly allowsAbsent: boolean;
}

export interface RuleEntry {
  readonly name: string;
  subs: SubRule[];
  matchedEpoch: number;
}

export interface SubRule {
  readonly rule: RuleEntry;
  readonly conditions: readonly MachineCondition[];
  anchor: Anchor;
  seenEpoch: number;
}

export type ExactKey =
  | { readonly map: 'strings' | 'texts'; readonly key: string }
  | { readonly map: 'numbers'; readonly key: number }
  | { readonly map: 'literals'; readonly key: number };

export type Anchor =
  | { readonly kind: 'exact'; readonly pathId: number; readonly keys: readonly ExactKey[] }
  | { readonly kind: 'prefix'; readonly pathId: number; readonly prefixes: readonly string[] }
  | { readonly kind: 'presence'; readonly pathId: number }
  | { readonly kind: 'always' };

function push<K>(map: Map<K, SubRule[]>, key: K, sub: SubRule): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [sub]);
  else list.push(sub);
}

function pull<K>(map: Map<K, SubRule[]>, key: K, sub: SubRule): void {
  const list = map.get(key);
  if (list === undefined) return;
  const at = list.indexOf(sub);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) map.delete(key);
}

/** The sub-rules anchored on one path. */
export class PathIndex {
  readonly strings = new Map<string, SubRule[]>();
  readonly numbers = new Map<number, SubRule[]>();
  readonly texts = new Map<string, SubRule[]>();
  readonly literals = new Map<number, SubRule[]>();
  readonly prefixes = new Map<string, SubRule[]>();
  private prefixLengths: number[] = [];
  presence: SubRule[] = [];
  size = 0;

  cost(anchor: Anchor): number {
    switch (anchor.kind) {
      case 'exact': {
        let n = 0;
        for (const k of anchor.keys) n += (this[k.map] as Map<unknown, SubRule[]>).get(k.key)?.length ?? 0;
        return n;
      }
      case 'prefix': {
        let n = 1;
        for (const p of anchor.prefixes) n += this.prefixes.get(p)?.length ?? 0;
        return n;
      }
      default:
        return 4 * (this.presence.length + 1);
    }
  }

  add(sub: SubRule): void {
    const a = sub.anchor;
    this.size++;
    if (a.kind === 'exact') for (const k of a.keys) push(this[k.map] as Map<unknown, SubRule[]>, k.key, sub);
    else if (a.kind === 'prefix') {
      for (const p of a.prefixes) push(this.prefixes, p, sub);
      this.refreshLengths();
    } else this.presence.push(sub);
  }

  remove(sub: SubRule): void {
    const a = sub.anchor;
    this.size--;
    if (a.kind === 'exact') for (const k of a.keys) pull(this[k.map] as Map<unknown, SubRule[]>, k.key, sub);
    else if (a.kind === 'prefix') {
      for (const p of a.prefixes) pull(this.prefixes, p, sub);
      this.refreshLengths();
    } else this.presence = this.presence.filter((s) => s !== sub);
  }

  private refreshLengths(): void {
    this.prefixLengths = [...new Set([...this.prefixes.keys()].map((p) => p.length))].sort((a, b) => a - b);
  }

  /** Adds the sub-rules this leaf's value selects to `out` (once per event, by epoch). */
  collect(leaf: MachineLeaf, out: SubRule[], epoch: number): void {
    let list: SubRule[] | undefined;
    if (leaf.k === STRING) {
      list = this.strings.get(leaf.s);
      if (list !== undefined) take(list, out, epoch);
      const lengths = this.prefixLengths;
      for (let i = 0; i < lengths.length; i++) {
        const n = lengths[i] as number;
        if (n > leaf.s.length) break;
        list = this.prefixes.get(leaf.s.slice(0, n));
        if (list !== undefined) take(list, out, epoch);
      }
    } else if (leaf.k === NUMBER) {
      if (leaf.c) {
        list = this.numbers.get(leaf.n);
        if (list !== undefined) take(list, out, epoch);
      }
      list = this.texts.get(leaf.t);
      if (list !== undefined) take(list, out, epoch);
    } else {
      list = this.literals.get(leaf.k);
      if (list !== undefined) take(list, out, epoch);
    }
  }
}

export function take(list: readonly SubRule[], out: SubRule[], epoch: number): void {
  for (let i = 0; i < list.length; i++) {
    const sub = list[i] as SubRule;
    if (sub.seenEpoch !== epoch) {
      sub.seenEpoch = epoch;
      out.push(sub);
    }
  }
}
