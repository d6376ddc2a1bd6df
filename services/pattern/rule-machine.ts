// The compiled rule machine, after aws/event-ruler's Machine: rules are compiled once into a path
// trie (what to read from an event), per-path value indexes (where to look a rule up) and shared,
// compiled conditions (how to check it). Matching reads only the named fields of the event, gathers
// the sub-rules anchored on the values it carries, and checks those alone, so the work per event
// follows the event, not the number of rules. Unlike event-ruler, which walks a rule's fields in name
// order, each rule is anchored on its most selective condition (a unique `partner` rather than the
// `source` every rule shares).
import { PathIndex } from './machine/anchor-index.ts';
import { ConditionTable, type MachineCondition } from './machine/condition-table.ts';
import { EventFields } from './machine/event-fields.ts';
import { JsonScanner, scanObject } from './machine/json-scanner.ts';
import { type PathNode, PathTable } from './machine/path-table.ts';
import {
  type Anchor,
  Candidates,
  COMPLEX,
  type ExactKey,
  MEETS,
  REST_SLOTS,
  type RuleEntry,
  SINGLE,
  type SubRule,
  SubTable,
} from './machine/sub-table.ts';
import { verify } from './machine/verify.ts';
import { parsePattern } from './parse-pattern.ts';
import type { Branch, Matcher } from './pattern-model.ts';

const LITERAL_KEYS = new Map<boolean | null, number>([
  [true, 2],
  [false, 3],
  [null, 4],
]);

function exactKey(m: Matcher): ExactKey | undefined {
  if (m.kind === 'string') return { map: 'strings', key: m.value };
  if (m.kind === 'number')
    return m.number.comparable
      ? { map: 'numbers', key: m.number.value }
      : { map: 'texts', key: m.number.text };
  if (m.kind === 'literal') return { map: 'literals', key: LITERAL_KEYS.get(m.value) as number };
  return undefined;
}

/** The way this condition could anchor its sub-rule, if any (worked out once per shared condition). */
function anchorFor(c: MachineCondition): Anchor | undefined {
  if (c.anchor === undefined) c.anchor = newAnchor(c) ?? null;
  return c.anchor ?? undefined;
}

function newAnchor(c: MachineCondition): Anchor | undefined {
  if (c.allowsAbsent) return undefined;
  const keys: ExactKey[] = [];
  for (const m of c.matchers) {
    const k = exactKey(m);
    if (k === undefined) break;
    keys.push(k);
  }
  if (keys.length === c.matchers.length) return { kind: 'exact', pathId: c.pathId, condition: c, keys };
  if (c.matchers.every((m) => m.kind === 'prefix')) {
    const prefixes = c.matchers.map((m) => (m as { value: string }).value);
    return { kind: 'prefix', pathId: c.pathId, condition: c, prefixes };
  }
  return { kind: 'presence', pathId: c.pathId, condition: c };
}

/**
 * The trie nodes (paths and dot-boundary prefixes) at or below which two or more of the given
 * nodes lie: every common ancestor-or-self of some pair, root excluded.
 */
function meetingNodes(nodes: readonly PathNode[]): PathNode[] {
  const out: PathNode[] = [];
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      for (let a: PathNode | undefined = nodes[i]; a !== undefined; a = a.parent) {
        let common = false;
        for (let b: PathNode | undefined = nodes[j]; b !== undefined; b = b.parent) {
          if (b === a) {
            common = true;
            break;
          }
        }
        if (common && a.parent !== undefined && !out.includes(a)) out.push(a);
      }
    }
  }
  return out;
}

/**
 * One column store for every machine of the thread. Matching is synchronous and each match starts a new
 * epoch, so nothing of one match is read in another (per-path stamps and condition memos compare epochs);
 * and a store of its own made each new machine grow its columns from empty, which cost TestEventPattern
 * (a new machine per call) ~100 ms for a 256 KB event of 128,000 leaves.
 */
const SHARED_FIELDS = new EventFields();
const EMPTY_INDEX = new PathIndex();
const NO_CONDITIONS: readonly MachineCondition[] = [];
const NO_MEETS: number[] = [];

export class RuleMachine {
  private readonly rules = new Map<string, RuleEntry>();
  private readonly paths = new PathTable();
  private readonly conditions = new ConditionTable();
  private readonly fields = SHARED_FIELDS;
  private readonly scanner = new JsonScanner(this.paths, this.fields);
  private readonly indexes: Array<PathIndex | undefined> = [];
  private readonly subs = new SubTable();
  private readonly candidates = new Candidates(this.subs);
  private always: number[] = [];
  private pending: SubRule[] = [];

  /** Number of rules. */
  get size(): number {
    return this.rules.size;
  }

  /**
   * Adds a rule, or replaces the rule of that name. Throws PatternError for an invalid pattern.
   * The rule is compiled now and filed under its anchor at the next match, so that a batch of adds
   * chooses anchors knowing how many rules share each condition (see flush).
   */
  add(name: string, pattern: string | object): void {
    const compiled = parsePattern(pattern);
    this.remove(name);
    const rule: RuleEntry = { name, subs: [], matchedEpoch: -1 };
    for (const branch of compiled.branches) rule.subs.push(this.addBranch(rule, branch));
    this.rules.set(name, rule);
  }

  private addBranch(rule: RuleEntry, branch: Branch): SubRule {
    const nodes: PathNode[] = [];
    const conditions: MachineCondition[] = [];
    for (const c of branch) {
      const node = this.paths.acquire(c.path);
      nodes.push(node);
      conditions.push(this.conditions.acquire(c.path, node.id, c.matchers));
    }
    let meets: number[] = NO_MEETS;
    if (nodes.length > 1) {
      for (const node of meetingNodes(nodes)) {
        node.shared++;
        if (meets === NO_MEETS) meets = [];
        meets.push(node.id);
      }
    }
    const sub: SubRule = {
      id: this.subs.allocate(),
      rule,
      conditions,
      meets,
      anchor: undefined,
      rest: conditions,
      removed: false,
    };
    this.pending.push(sub);
    return sub;
  }

  /**
   * Files the pending sub-rules under their anchors. The cost of an anchor is the number of
   * sub-rules already filed under its key plus the others that share the very same condition (the
   * `source` every partner rule names), so even the first rule of a batch avoids the shared ones.
   */
  private flush(): void {
    const pending = this.pending;
    this.pending = [];
    for (const sub of pending) {
      if (sub.removed) continue;
      let best: Anchor = { kind: 'always' };
      let bestCost = Infinity;
      for (const c of sub.conditions) {
        const anchor = anchorFor(c);
        if (anchor === undefined) continue;
        const cost = (this.indexes[c.pathId] ?? EMPTY_INDEX).cost(anchor) + c.refs - 1;
        if (cost < bestCost) {
          best = anchor;
          bestCost = cost;
        }
      }
      // An exact or prefix anchor proves its own condition; the others must still be checked.
      const proven = best.kind === 'exact' || best.kind === 'prefix' ? best.condition : undefined;
      const rest = proven === undefined ? sub.conditions : sub.conditions.filter((c) => c !== proven);
      sub.anchor = best;
      sub.rest = rest.length === 0 ? NO_CONDITIONS : rest;
      this.subs.store(sub);
      if (best.kind === 'always') this.always.push(sub.id);
      else {
        let index = this.indexes[best.pathId];
        if (index === undefined) this.indexes[best.pathId] = index = new PathIndex();
        index.add(sub);
      }
    }
  }

  /** Removes a rule; false when there was none of that name. */
  remove(name: string): boolean {
    const rule = this.rules.get(name);
    if (rule === undefined) return false;
    for (const sub of rule.subs) {
      const a = sub.anchor;
      sub.removed = true;
      if (a === undefined) {
        // still pending: flush skips it
      } else if (a.kind === 'always') this.always = this.always.filter((id) => id !== sub.id);
      else {
        const index = this.indexes[a.pathId] as PathIndex;
        index.remove(sub);
        if (index.size === 0) this.indexes[a.pathId] = undefined;
      }
      for (const c of sub.conditions) this.conditions.release(c);
      // The meeting nodes are prefixes of the sub-rule's paths, so they exist until those are released.
      if (sub.meets.length > 0) {
        const nodes = sub.conditions.map((c) => this.paths.node(c.path) as PathNode);
        for (const node of meetingNodes(nodes)) node.shared--;
      }
      for (const c of sub.conditions) this.paths.release(c.path);
      this.subs.release(sub.id);
    }
    this.rules.delete(name);
    return true;
  }

  /** Names of the rules the event matches (JSON text or a parsed object), each once. Throws EventError. */
  match(event: string | object): string[] {
    if (this.pending.length > 0) this.flush();
    const f = this.fields;
    f.reset(this.paths.idLimit);
    if (typeof event === 'string') this.scanner.scan(event);
    else scanObject(event, this.paths, f);
    const epoch = f.epoch;

    const candidates = this.candidates;
    candidates.count = 0;
    const touched = f.touched;
    const indexes = this.indexes;
    for (let i = 0; i < f.touchedCount; i++) {
      const pathId = touched[i] as number;
      const index = indexes[pathId];
      if (index !== undefined) index.collect(f, f.first(pathId), candidates);
    }
    if (this.always.length > 0) candidates.takeAll(this.always, epoch);

    const names: string[] = [];
    const ids = candidates.ids;
    const subs = this.subs;
    const flags = subs.flags;
    const restCount = subs.restCount;
    const rest = subs.rest;
    const conditions = this.conditions;
    // Without arrays where a sub-rule's paths meet, its conditions are independent of each other.
    const slow = f.trackedArrays > 0 ? COMPLEX | MEETS : COMPLEX;
    for (let i = 0; i < candidates.count; i++) {
      const id = ids[i] as number;
      const flag = flags[id] as number;
      let ok: boolean;
      if ((flag & slow) === 0) {
        // The usual case: each remaining condition decided once per event, no array in the way.
        ok = true;
        const n = restCount[id] as number;
        for (let k = 0, at = id * REST_SLOTS; k < n; k++, at++) {
          if (!conditions.holds(rest[at] as number, f)) {
            ok = false;
            break;
          }
        }
        if (ok && (flag & SINGLE) !== 0) {
          names.push(subs.names[id] as string);
          continue;
        }
      } else ok = this.checkComplex(subs.objects[id] as SubRule, f);
      if (!ok) continue;
      if ((flag & SINGLE) !== 0) names.push(subs.names[id] as string);
      else {
        const rule = (subs.objects[id] as SubRule).rule;
        if (rule.matchedEpoch !== epoch) {
          rule.matchedEpoch = epoch;
          names.push(rule.name);
        }
      }
    }
    return names;
  }

  /** A sub-rule with array meeting points or many conditions. */
  private checkComplex(sub: SubRule, f: EventFields): boolean {
    const meets = sub.meets;
    for (let i = 0; i < meets.length; i++) {
      if (f.hasArray(meets[i] as number)) return verify(sub.conditions, f);
    }
    const rest = sub.rest;
    for (let i = 0; i < rest.length; i++) {
      if (!this.conditions.holds((rest[i] as MachineCondition).id, f)) return false;
    }
    return true;
  }
}
