// The compiled rule machine, after aws/event-ruler's Machine: rules are compiled once into a path
// trie (what to read from an event), per-path value indexes (where to look a rule up) and compiled
// predicates (how to verify it). Matching reads only the named fields of the event, gathers the
// sub-rules anchored on the values it carries, and verifies those alone, so the work per event
// follows the event, not the number of rules. Unlike event-ruler, which walks a rule's fields in name
// order, each rule is anchored on its most selective condition (a unique `partner` rather than the
// `source` every rule shares).
import {
  type Anchor,
  type ExactKey,
  type MachineCondition,
  PathIndex,
  type RuleEntry,
  type SubRule,
  take,
} from './machine/anchor-index.ts';
import { EventFields, NO_ARRAYS } from './machine/event-fields.ts';
import { JsonScanner, scanObject } from './machine/json-scanner.ts';
import { compileAlternatives } from './machine/leaf-predicate.ts';
import { PathTable } from './machine/path-table.ts';
import { verify } from './machine/verify.ts';
import { parsePattern } from './parse-pattern.ts';
import type { Branch, Condition, Matcher } from './pattern-model.ts';

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

/** The ways this condition could anchor its sub-rule, best first. */
function anchorsFor(c: Condition, pathId: number): Anchor[] {
  if (c.matchers.some((m) => m.kind === 'exists' && !m.value)) return [];
  const keys = c.matchers.map(exactKey);
  if (keys.every((k) => k !== undefined)) return [{ kind: 'exact', pathId, keys: keys as ExactKey[] }];
  if (c.matchers.every((m) => m.kind === 'prefix')) {
    return [{ kind: 'prefix', pathId, prefixes: c.matchers.map((m) => (m as { value: string }).value) }];
  }
  return [{ kind: 'presence', pathId }];
}

const EMPTY_INDEX = new PathIndex();

export class RuleMachine {
  private readonly rules = new Map<string, RuleEntry>();
  private readonly paths = new PathTable();
  private readonly fields = new EventFields();
  private readonly scanner = new JsonScanner(this.paths, this.fields);
  private readonly indexes: Array<PathIndex | undefined> = [];
  private always: SubRule[] = [];
  private epoch = 0;

  /** Number of rules. */
  get size(): number {
    return this.rules.size;
  }

  /** Adds a rule, or replaces the rule of that name. Throws PatternError for an invalid pattern. */
  add(name: string, pattern: string | object): void {
    const compiled = parsePattern(pattern);
    this.remove(name);
    const rule: RuleEntry = { name, subs: [], matchedEpoch: -1 };
    for (const branch of compiled.branches) rule.subs.push(this.addBranch(rule, branch));
    this.rules.set(name, rule);
  }

  private addBranch(rule: RuleEntry, branch: Branch): SubRule {
    const conditions: MachineCondition[] = branch.map((c) => {
      const node = this.paths.acquire(c.path);
      return {
        pathId: node.id,
        path: c.path,
        test: compileAlternatives(c.matchers),
        allowsAbsent: c.matchers.some((m) => m.kind === 'exists' && !m.value),
      };
    });
    let best = { kind: 'always' } as Anchor;
    let bestCost = Infinity;
    for (let i = 0; i < branch.length; i++) {
      const pathId = (conditions[i] as MachineCondition).pathId;
      for (const anchor of anchorsFor(branch[i] as Condition, pathId)) {
        const cost = (this.indexes[pathId] ?? EMPTY_INDEX).cost(anchor);
        if (cost < bestCost) {
          best = anchor;
          bestCost = cost;
        }
      }
    }
    const sub: SubRule = { rule, conditions, anchor: best, seenEpoch: -1 };
    if (best.kind === 'always') this.always.push(sub);
    else {
      let index = this.indexes[best.pathId];
      if (index === undefined) this.indexes[best.pathId] = index = new PathIndex();
      index.add(sub);
    }
    return sub;
  }

  /** Removes a rule; false when there was none of that name. */
  remove(name: string): boolean {
    const rule = this.rules.get(name);
    if (rule === undefined) return false;
    for (const sub of rule.subs) {
      const a = sub.anchor;
      if (a.kind === 'always') this.always = this.always.filter((s) => s !== sub);
      else {
        const index = this.indexes[a.pathId] as PathIndex;
        index.remove(sub);
        if (index.size === 0) this.indexes[a.pathId] = undefined;
      }
      for (const c of sub.conditions) this.paths.release(c.path);
    }
    this.rules.delete(name);
    return true;
  }

  /** Names of the rules the event matches (JSON text or a parsed object), each once. Throws EventError. */
  match(event: string | object): string[] {
    const epoch = ++this.epoch;
    const fields = this.fields;
    fields.reset();
    if (typeof event === 'string') this.scanner.scan(event);
    else scanObject(event, this.paths, fields);

    const candidates: SubRule[] = [];
    const touched = fields.touched;
    for (let i = 0; i < fields.touchedCount; i++) {
      const pathId = touched[i] as number;
      const index = this.indexes[pathId];
      if (index === undefined) continue;
      const leaves = fields.get(pathId) ?? [];
      for (let j = 0; j < leaves.length; j++) index.collect(leaves[j]!, candidates, epoch);
      if (index.presence.length > 0) take(index.presence, candidates, epoch);
    }
    if (this.always.length > 0) take(this.always, candidates, epoch);

    const names: string[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const sub = candidates[i] as SubRule;
      if (sub.rule.matchedEpoch === epoch) continue;
      if (verify(sub.conditions, 0, fields, NO_ARRAYS)) {
        sub.rule.matchedEpoch = epoch;
        names.push(sub.rule.name);
      }
    }
    return names;
  }
}
