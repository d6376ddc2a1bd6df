// Field conditions, shared: every rule of a partner set says `source: ["com.marketplace.market"]`,
// so identical conditions (same path, same alternatives) are compiled once and, while matching,
// decided at most once per event (a memo stamped with the event's epoch). A candidate sub-rule whose
// leaves cannot conflict through an array then costs one memo read per condition, as in
// event-ruler's approach of deciding each field value once and counting satisfied conditions.
import type { Matcher } from '../pattern-model.ts';
import { END, type EventFields } from './event-fields.ts';
import { compileAlternatives, type LeafPredicate } from './leaf-predicate.ts';
import type { Anchor } from './sub-table.ts';

export interface MachineCondition {
  readonly id: number;
  readonly key: string;
  readonly pathId: number;
  readonly path: string;
  readonly matchers: readonly Matcher[];
  /** Any non-absence alternative; undefined when the condition is only `exists: false`. */
  readonly test: LeafPredicate | undefined;
  readonly allowsAbsent: boolean;
  /** Sub-rules using it; it goes away at 0. */
  refs: number;
  /** How it could anchor a sub-rule (rule-machine.ts anchorFor), worked out once: null = it cannot. */
  anchor: Anchor | null | undefined;
}

function matcherKey(m: Matcher): string {
  switch (m.kind) {
    case 'string':
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
    case 'prefix-ignore-case':
    case 'suffix-ignore-case':
      return `${m.kind}${m.value.length}:${m.value}`; // length-prefixed: unambiguous
    case 'literal':
      return `l${String(m.value)}`;
    case 'number':
      return `n${m.number.text}`; // the text decides both the double and comparability
    case 'numeric':
      return `r${m.lowOpen ? '(' : '['}${m.low},${m.high}${m.highOpen ? ')' : ']'}`;
    case 'anything-but':
      return `b${JSON.stringify(m.strings)}${m.numbers.join(',')}`;
    default:
      return JSON.stringify(m);
  }
}

export function conditionKey(path: string, matchers: readonly Matcher[]): string {
  let key = path;
  for (const m of matchers) key += `\u0000${matcherKey(m)}`;
  return key;
}

export class ConditionTable {
  private readonly byKey = new Map<string, MachineCondition>();
  /**
   * The commonest condition, one plain string on a path, keyed by path id then by the string
   * itself: no key to build (10,000 partner rules make 40,000 lookups while compiling).
   */
  private readonly plain: Array<Map<string, MachineCondition> | undefined> = [];
  readonly byId: Array<MachineCondition | undefined> = [];
  /** Per condition id: the epoch of the event it was last decided for, and the answer (0/1). */
  memoEpoch = new Float64Array(64);
  memo = new Uint8Array(64);
  private readonly free: number[] = [];

  get size(): number {
    return this.byId.length - this.free.length;
  }

  acquire(path: string, pathId: number, matchers: readonly Matcher[]): MachineCondition {
    const only = matchers.length === 1 ? matchers[0] : undefined;
    const plainKey = only !== undefined && only.kind === 'string' ? only.value : undefined;
    let plain: Map<string, MachineCondition> | undefined;
    let key = '';
    let c: MachineCondition | undefined;
    if (plainKey !== undefined) {
      plain = this.plain[pathId];
      if (plain === undefined) this.plain[pathId] = plain = new Map();
      c = plain.get(plainKey);
    } else {
      key = conditionKey(path, matchers);
      c = this.byKey.get(key);
    }
    if (c === undefined) {
      const id = this.free.pop() ?? this.byId.length;
      if (id >= this.memoEpoch.length) this.grow();
      c = {
        id,
        key,
        pathId,
        path,
        matchers,
        test: compileAlternatives(matchers),
        allowsAbsent: matchers.some((m) => m.kind === 'exists' && !m.value),
        refs: 0,
        anchor: undefined,
      };
      if (plain !== undefined) plain.set(plainKey as string, c);
      else this.byKey.set(key, c);
      this.byId[id] = c;
      this.memoEpoch[id] = -1;
    }
    c.refs++;
    return c;
  }

  release(c: MachineCondition): void {
    if (--c.refs > 0) return;
    const only = c.matchers.length === 1 ? c.matchers[0] : undefined;
    if (only !== undefined && only.kind === 'string') this.plain[c.pathId]?.delete(only.value);
    else this.byKey.delete(c.key);
    this.byId[c.id] = undefined;
    this.free.push(c.id);
  }

  private grow(): void {
    const memoEpoch = new Float64Array(this.memoEpoch.length * 2);
    memoEpoch.set(this.memoEpoch);
    this.memoEpoch = memoEpoch;
    const memo = new Uint8Array(this.memo.length * 2);
    memo.set(this.memo);
    this.memo = memo;
  }

  /**
   * Does condition `id` hold on its own (no array consistency)? Some leaf passes, or there is none
   * and `exists: false` is allowed. Decided once per event.
   */
  holds(id: number, f: EventFields): boolean {
    if (this.memoEpoch[id] === f.epoch) return this.memo[id] === 1;
    const result = decide(this.byId[id] as MachineCondition, f);
    this.memoEpoch[id] = f.epoch;
    this.memo[id] = result ? 1 : 0;
    return result;
  }
}

function decide(c: MachineCondition, f: EventFields): boolean {
  let i = f.first(c.pathId);
  if (i === END) return c.allowsAbsent;
  const test = c.test;
  if (test === undefined) return false;
  for (; i !== END; i = f.next[i] as number) if (test(f, i)) return true;
  return false;
}
