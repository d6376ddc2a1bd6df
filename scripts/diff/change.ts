import type { SchemaDelta } from './schema-delta.ts';

// What `portico diff` reports: one change, found by one rule, at one place, with its impact (who and
// what it breaks). The levels follow oasdiff's (ERR, WARN, INFO), named as the issue names them.
export const LEVELS = ['info', 'warning', 'breaking'] as const;
export type Level = (typeof LEVELS)[number];

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export interface Change {
  /** The rule's id (rules.ts), oasdiff's where oasdiff has the rule. */
  readonly id: string;
  readonly level: Level;
  /** The catalogue file, relative to the catalogue folder (`asyncapi.yaml`, `openapi/x.yaml`, `partners/p.yaml`). */
  readonly file: string;
  /** Where in the document: `GET /requests/{requestId}` plus a property path, or a message and a field. */
  readonly path: string;
  readonly message: string;
  /** Who and what the change breaks or affects, one line each: partners, rules, examples, pacts, services. */
  readonly impact: readonly string[];
  /** Set when the change is acknowledged (acknowledged-changes.yaml) or allowed by a raised major version. */
  readonly accepted?: string;
}

/** A change before its level is final: the rule fixes the level, impact may raise it. */
export interface Finding {
  readonly id: string;
  readonly file: string;
  readonly path: string;
  readonly message: string;
  readonly impact?: readonly string[];
  /** Raise the rule's level (e.g. a warning some pact depends on), with the reason in the impact. */
  readonly level?: Level;
  /** What changed, as data, for the impact analysis. */
  readonly subject?: Subject;
}

/** The thing a finding is about, for the impact analysis to find who depends on it. */
export type Subject =
  | { readonly kind: 'event'; readonly event: string; readonly delta: SchemaDelta }
  | { readonly kind: 'message'; readonly event: string }
  | {
      readonly kind: 'http';
      readonly method: string;
      readonly path: string;
      readonly status?: string;
      readonly delta?: SchemaDelta;
    };

export function byLevelThenPlace(a: Change, b: Change): number {
  return (
    levelRank(b.level) - levelRank(a.level) ||
    a.file.localeCompare(b.file) ||
    a.path.localeCompare(b.path) ||
    a.id.localeCompare(b.id)
  );
}
