// The compiled form of an event pattern: `$or` expanded into branches, each branch a list of field
// conditions sorted by path (the order event-ruler walks them, which decides `exists: false` under
// array consistency), each condition a list of alternatives, any of which may match.
import type { IpRange } from './ip-address.ts';
import type { Wildcard } from './wildcard.ts';

/** A JSON number from a pattern or event: its text, its double, and whether the two agree (see number-text.ts). */
export interface NumberValue {
  readonly text: string;
  readonly value: number;
  readonly comparable: boolean;
}

export type Matcher =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly number: NumberValue }
  | { readonly kind: 'literal'; readonly value: true | false | null }
  | { readonly kind: 'ip'; readonly range: IpRange } // a plain string value that is an IP address, or `cidr`
  | {
      readonly kind: 'prefix' | 'suffix' | 'equals-ignore-case' | 'prefix-ignore-case' | 'suffix-ignore-case';
      readonly value: string;
    }
  | { readonly kind: 'wildcard'; readonly wildcard: Wildcard }
  | {
      readonly kind: 'numeric';
      readonly low: number;
      readonly lowOpen: boolean;
      readonly high: number;
      readonly highOpen: boolean;
    }
  | {
      readonly kind: 'anything-but';
      readonly strings: readonly string[];
      readonly numbers: readonly number[];
    }
  | {
      readonly kind: 'anything-but-prefix' | 'anything-but-suffix' | 'anything-but-ignore-case';
      readonly values: readonly string[];
    }
  | { readonly kind: 'anything-but-wildcard'; readonly wildcards: readonly Wildcard[] }
  | { readonly kind: 'exists'; readonly value: boolean };

export interface Condition {
  /** Dotted path: nested objects and dotted keys name the same path. */
  readonly path: string;
  readonly matchers: readonly Matcher[];
}

export type Branch = readonly Condition[];

export interface CompiledPattern {
  readonly kind: 'compiled-pattern';
  /** At least one branch; a rule matches when any branch does. */
  readonly branches: readonly Branch[];
}

export function isCompiledPattern(x: unknown): x is CompiledPattern {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'compiled-pattern';
}
