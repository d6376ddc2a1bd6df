// Every rule `portico diff` applies: its id, level and the reasoning behind the level. The OpenAPI
// rules take oasdiff's ids and levels (https://github.com/oasdiff/oasdiff, docs/BREAKING-CHANGES.md:
// ERR = breaking, WARN = warning, INFO = info); the event rules follow the schema-registry
// compatibility modes (Confluent Schema Registry, "Schema Evolution and Compatibility"): BACKWARD =
// a reader with the new schema reads what was written with the old one (here: producers that still
// send today's events, the legacy producer among them, stay valid); FORWARD = a reader with the old
// schema reads what is written with the new one (here: consumers, partners among them, still accept
// what is produced). The partner rules are Portico's own: no other tool knows who filters on what.
import type { Level } from './change.ts';

export interface Rule {
  readonly level: Level;
  readonly reason: string;
}

const rule = (level: Level, reason: string): Rule => Object.freeze({ level, reason });

export const RULES = Object.freeze({
  // ── OpenAPI: paths and operations ────────────────────────────────────────────────────────────
  'api-path-removed-without-deprecation': rule(
    'breaking',
    'every client calling the path gets 404 (oasdiff ERR)',
  ),
  'api-removed-without-deprecation': rule(
    'breaking',
    'clients calling the operation get 404/405 (oasdiff ERR)',
  ),
  'api-path-added': rule('info', 'no client calls it yet (oasdiff INFO)'),
  'endpoint-added': rule('info', 'no client calls it yet (oasdiff INFO)'),
  'api-operation-id-removed': rule(
    'warning',
    'generated clients and pacts name operations by id; renaming one breaks them at build time (oasdiff WARN)',
  ),
  // ── OpenAPI: parameters ───────────────────────────────────────────────────────────────────────
  'new-required-request-parameter': rule(
    'breaking',
    'existing requests do not send it and are rejected (oasdiff ERR)',
  ),
  'new-optional-request-parameter': rule('info', 'existing requests stay valid (oasdiff INFO)'),
  'request-parameter-removed': rule(
    'warning',
    'clients still send it; the server now ignores or rejects it (oasdiff WARN)',
  ),
  'request-parameter-became-required': rule(
    'breaking',
    'requests that omit it are now rejected (oasdiff ERR)',
  ),
  'request-parameter-became-optional': rule(
    'info',
    'every request that was valid stays valid (oasdiff INFO)',
  ),
  'request-parameter-type-changed': rule('breaking', 'values clients send no longer parse (oasdiff ERR)'),
  'request-parameter-enum-value-removed': rule(
    'breaking',
    'clients sending the value are rejected (oasdiff ERR)',
  ),
  'request-parameter-enum-value-added': rule('info', 'requests that were valid stay valid (oasdiff INFO)'),
  // ── OpenAPI: request bodies ───────────────────────────────────────────────────────────────────
  'new-required-request-property': rule(
    'breaking',
    'existing clients do not send it and are rejected (oasdiff ERR)',
  ),
  'new-optional-request-property': rule('info', 'existing requests stay valid (oasdiff INFO)'),
  'request-property-removed': rule(
    'warning',
    'clients still send it; a closed schema now rejects it (oasdiff WARN)',
  ),
  'request-property-became-required': rule(
    'breaking',
    'requests that omit it are now rejected (oasdiff ERR)',
  ),
  'request-property-became-optional': rule('info', 'every request that was valid stays valid (oasdiff INFO)'),
  'request-property-type-changed': rule('breaking', 'values clients send no longer validate (oasdiff ERR)'),
  'request-property-format-changed': rule(
    'breaking',
    'values of the old format no longer validate (oasdiff ERR: request-property-type-changed covers format)',
  ),
  'request-property-enum-value-removed': rule(
    'breaking',
    'clients sending the value are rejected (oasdiff ERR)',
  ),
  'request-property-enum-value-added': rule('info', 'requests that were valid stay valid (oasdiff INFO)'),
  'request-property-max-length-decreased': rule(
    'breaking',
    'longer values that were valid are rejected (oasdiff ERR)',
  ),
  'request-property-max-length-increased': rule(
    'info',
    'every value that was valid stays valid (oasdiff INFO)',
  ),
  'request-property-min-length-increased': rule(
    'breaking',
    'shorter values that were valid are rejected (oasdiff ERR)',
  ),
  'request-property-min-length-decreased': rule(
    'info',
    'every value that was valid stays valid (oasdiff INFO)',
  ),
  'request-property-max-decreased': rule(
    'breaking',
    'larger values that were valid are rejected (oasdiff ERR)',
  ),
  'request-property-max-increased': rule('info', 'every value that was valid stays valid (oasdiff INFO)'),
  'request-property-min-increased': rule(
    'breaking',
    'smaller values that were valid are rejected (oasdiff ERR)',
  ),
  'request-property-min-decreased': rule('info', 'every value that was valid stays valid (oasdiff INFO)'),
  'request-property-pattern-changed': rule(
    'warning',
    'values may no longer match; a pattern cannot be compared by containment (oasdiff WARN)',
  ),
  'request-body-became-required': rule('breaking', 'requests without a body are now rejected (oasdiff ERR)'),
  'request-body-media-type-removed': rule(
    'breaking',
    'clients sending that media type get 415 (oasdiff ERR)',
  ),
  // ── OpenAPI: responses ────────────────────────────────────────────────────────────────────────
  'response-required-property-removed': rule(
    'breaking',
    'clients read a property the server stops sending (oasdiff ERR)',
  ),
  'response-optional-property-removed': rule(
    'warning',
    'clients that read it lose it; breaking where a pact expects it (oasdiff WARN, raised by Portico when a pact names the property)',
  ),
  'response-property-became-optional': rule(
    'breaking',
    'clients relying on its presence break when it is absent (oasdiff ERR)',
  ),
  'response-property-became-required': rule('info', 'clients get at least what they got (oasdiff INFO)'),
  'response-required-property-added': rule('info', 'clients ignore what they do not read (oasdiff INFO)'),
  'response-optional-property-added': rule('info', 'clients ignore what they do not read (oasdiff INFO)'),
  'response-property-type-changed': rule('breaking', 'clients parse the old type (oasdiff ERR)'),
  'response-property-format-changed': rule('breaking', 'clients parse the old format (oasdiff ERR)'),
  'response-property-enum-value-added': rule(
    'warning',
    'a client with an exhaustive switch meets a value it does not know (oasdiff WARN)',
  ),
  'response-property-enum-value-removed': rule(
    'info',
    'clients still know every value they can get (oasdiff INFO)',
  ),
  'response-success-status-removed': rule(
    'breaking',
    'clients expecting the success answer get another (oasdiff ERR)',
  ),
  'response-non-success-status-removed': rule(
    'warning',
    'clients handling that error get another one (oasdiff WARN)',
  ),
  'response-success-status-added': rule(
    'info',
    'a new answer clients may not handle yet; oasdiff reports it INFO',
  ),
  'response-media-type-removed': rule(
    'breaking',
    'clients accepting only that media type get 406 (oasdiff ERR)',
  ),
  // ── OpenAPI: security ─────────────────────────────────────────────────────────────────────────
  'api-security-added': rule(
    'breaking',
    'clients without the new credentials are refused (oasdiff ERR for a new required scheme)',
  ),
  'api-security-removed': rule(
    'warning',
    'the operation is less protected than clients and reviewers assume (oasdiff INFO; Portico warns: partners see only their own data)',
  ),
  'api-security-scheme-changed': rule(
    'breaking',
    'clients send credentials the API no longer reads (oasdiff ERR)',
  ),
  // ── AsyncAPI: messages, channels, operations ─────────────────────────────────────────────────
  'message-removed': rule(
    'breaking',
    'producers still put it and consumers still expect it; its rules and targets lose their schema',
  ),
  'message-added': rule('info', 'nobody depends on it yet'),
  'message-source-changed': rule(
    'breaking',
    'EventBridge matches rules on source: every rule and consumer of the old source stops receiving it',
  ),
  'message-detail-type-changed': rule(
    'breaking',
    'EventBridge matches rules on detail-type: every rule and consumer of the old one stops receiving it',
  ),
  'channel-removed': rule('breaking', 'operations on the channel lose their address'),
  'channel-added': rule('info', 'nobody depends on it yet'),
  'operation-removed': rule(
    'warning',
    'a service stops sending or receiving the message: check that none still does',
  ),
  'operation-added': rule('info', 'a new sender or receiver; nothing that worked stops working'),
  // ── AsyncAPI: payloads (per message; BACKWARD = producers, FORWARD = consumers) ─────────────
  'message-required-property-added': rule(
    'breaking',
    "BACKWARD: events producers send today (the legacy producer's among them) lack it and become invalid",
  ),
  'message-optional-property-added': rule(
    'info',
    'BACKWARD and FORWARD in practice: producers need not send it, and EventBridge consumers ignore fields they do not read (AWS: add fields, never remove them)',
  ),
  'message-property-removed': rule(
    'breaking',
    'BACKWARD: producers still send it and a closed detail schema rejects it; FORWARD: consumers and partner filters that read it lose it',
  ),
  'message-property-became-required': rule(
    'breaking',
    'BACKWARD: events that omit it (as producers send today) become invalid',
  ),
  'message-property-became-optional': rule(
    'warning',
    'FORWARD: consumers that read it unconditionally meet events without it',
  ),
  'message-property-type-changed': rule(
    'breaking',
    'neither BACKWARD nor FORWARD: producers and consumers disagree on the value',
  ),
  'message-property-format-changed': rule(
    'breaking',
    'neither BACKWARD nor FORWARD: producers and consumers disagree on the value',
  ),
  'message-property-enum-value-removed': rule(
    'breaking',
    'BACKWARD: producers still send the value; partner filters on it can no longer match',
  ),
  'message-property-enum-value-added': rule(
    'warning',
    'FORWARD: consumers generated from the old schema reject or mis-handle the new value; partners filtering by value do not get it',
  ),
  'message-property-narrowed': rule(
    'breaking',
    'BACKWARD: values producers send today (longer, larger, other patterns) become invalid',
  ),
  'message-property-widened': rule(
    'warning',
    'FORWARD: consumers validating with the old bounds reject new values',
  ),
  'message-closed': rule(
    'breaking',
    'BACKWARD: additionalProperties became false: producers adding fields are rejected',
  ),
  'message-opened': rule('info', 'every event that was valid stays valid'),
  // ── Partner files (routing) ─────────────────────────────────────────────────────────────────
  'partner-added': rule('info', 'a new partner starts receiving the requests its filter accepts'),
  'partner-removed': rule(
    'warning',
    'the partner stops receiving requests: its rules, connections and API destinations are deleted',
  ),
  'partner-routing-narrowed': rule('warning', 'the partner stops receiving some requests it got before'),
  'partner-routing-widened': rule(
    'warning',
    'the partner starts receiving requests it did not get before: only the intended partners may receive a request',
  ),
  'partner-endpoint-changed': rule('info', 'deliveries go to the new endpoint once deployed'),
  'partner-delivery-changed': rule(
    'warning',
    'the partner switches between webhook and polling: its integration must switch with it',
  ),
  'partner-filter-broken': rule(
    'breaking',
    "the partner's filter names a field or value the event schema no longer has: its rule can no longer match",
  ),
  'partner-rule-never-matches': rule(
    'breaking',
    "no valid event satisfies the partner's rule any more: the partner silently stops receiving requests",
  ),
  // ── Catalogue as a whole ──────────────────────────────────────────────────────────────────────
  'catalogue-version-major-raised': rule(
    'info',
    'a raised major version announces breaking changes: they do not fail the diff',
  ),
} satisfies Record<string, Rule>);

export type RuleId = keyof typeof RULES;

export function ruleOf(id: string): Rule {
  const found = (RULES as Record<string, Rule>)[id];
  if (found === undefined) throw new Error(`portico diff: no rule '${id}' (scripts/diff/rules.ts)`);
  return found;
}
