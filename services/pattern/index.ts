// The EventBridge pattern engine: AWS's validation and matching semantics, a reference matcher
// (the oracle) and a compiled RuleMachine whose cost per event does not grow with the rule count.
// Design notes: docs/pattern-engine.md.
export { PatternError, EventError } from './pattern-error.ts';
export { parsePattern } from './parse-pattern.ts';
export { matchesPattern } from './reference-matcher.ts';
export { RuleMachine } from './rule-machine.ts';
export type { CompiledPattern, Branch, Condition, Matcher } from './pattern-model.ts';
