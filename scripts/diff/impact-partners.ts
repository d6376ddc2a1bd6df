// Who a change cuts off or newly reaches, judged with the project's own machinery: the partner
// filter check and the witness-based rule check of `portico validate` (scripts/catalog), the
// routing pattern generator (scripts/generate/routing-pattern.ts) and the real pattern engine
// (services/pattern). Every partner of both revisions is evaluated, in every environment.
import { checkFilter } from '../catalog/check-filters.ts';
import { checkRules } from '../catalog/check-rules.ts';
import {
  ENVIRONMENTS,
  type EventDefinition,
  type PartnerDeclaration,
  type PartnerEntry,
} from '../catalog/catalogue.ts';
import type { SchemaValidator } from '../catalog/schema-validator.ts';
import { minimalInstance, witnessDetail } from '../catalog/witness.ts';
import { FILTER_FIELDS, ROUTED_EVENT, routingBranches, routingPattern } from '../generate/routing-pattern.ts';
import { matchesPattern } from '../../services/pattern/index.ts';
import type { Finding } from './change.ts';
import { messageExamples } from './event-changes.ts';
import type { Side } from './load-side.ts';

type Obj = Record<string, unknown>;

export function routedEvent(side: Side): EventDefinition | undefined {
  return side.catalogue.events.find(
    (e) => e.source === ROUTED_EVENT.source && e.detailType === ROUTED_EVENT.detailType,
  );
}

export function ruleNames(id: string): string {
  return ENVIRONMENTS.map((env) => `portico-${id}-${env}`).join(', ');
}

/** The detail fields a partner's filter names, with the values it lists for each. */
export function filterFields(p: PartnerDeclaration): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const f = p.fulfils;
  out.set(FILTER_FIELDS.request_types, [...f.request_types]);
  if (f.countries) out.set(FILTER_FIELDS.countries, [...f.countries]);
  if (f.currencies) out.set(FILTER_FIELDS.currencies, [...f.currencies]);
  if (f.amount) out.set(FILTER_FIELDS.amount, []);
  const visit = (fragment: Obj) => {
    for (const [key, value] of Object.entries(fragment)) {
      if (key === '$or' && Array.isArray(value)) value.forEach((alt) => visit(alt as Obj));
      else if (Array.isArray(value)) out.set(key, [...(out.get(key) ?? []), ...value]);
      else if (value !== null && typeof value === 'object') out.set(key, out.get(key) ?? []);
    }
  };
  if (f.pattern) visit(f.pattern);
  return out;
}

/** Filters and rules that the head schema breaks, and were sound at base. */
export function brokenFilters(base: Side, head: Side, validator: SchemaValidator): Finding[] {
  const event = routedEvent(head);
  if (event === undefined) return [];
  const before = routedEvent(base);
  const out: Finding[] = [];
  const bases = messageExamples(head.catalogue.asyncapi?.data, event.name).map((e) => e.payload);
  for (const partner of head.catalogue.partners) {
    const id = partner.declaration.id;
    const old = base.catalogue.partners.find((p) => p.declaration.id === id);
    const known = new Set(
      old && before
        ? checkFilter(old, before, validator).map((p) => p.message.replace(before.schemaId, ''))
        : [],
    );
    const problems = checkFilter(partner, event, validator);
    for (const problem of problems) {
      if (known.has(problem.message.replace(event.schemaId, ''))) continue;
      out.push({
        id: 'partner-filter-broken',
        file: partner.source.file,
        path: pointerPath(problem.pointer),
        message: `${id}: ${problem.message}`,
        impact: [`partner ${id}: rules ${ruleNames(id)} no longer match what the schema allows`],
      });
    }
    if (problems.length > 0) continue;
    const knownRules = new Set(
      old && before ? checkRules(old, before, bases, validator).map((p) => p.message) : [],
    );
    for (const problem of checkRules(partner, event, bases, validator)) {
      if (knownRules.has(problem.message)) continue;
      out.push({
        id: 'partner-rule-never-matches',
        file: partner.source.file,
        path: pointerPath(problem.pointer),
        message: `${id}: ${problem.message}`,
        impact: [`partner ${id} stops receiving requests`],
      });
    }
  }
  return out;
}

/**
 * Routing before and after, by the pattern engine: every partner of both revisions, in every
 * environment, over the events that can be produced now (head examples, base examples still valid,
 * the bus's examples, and a witness event for every branch of every partner's rule, both revisions).
 */
export function routingChanges(base: Side, head: Side, validator: SchemaValidator): Finding[] {
  const event = routedEvent(head);
  const oldEvent = routedEvent(base);
  if (event === undefined || oldEvent === undefined) return [];
  const corpus = eventCorpus(base, head, event, validator);
  const out: Finding[] = [];
  for (const partner of head.catalogue.partners) {
    const id = partner.declaration.id;
    const old = base.catalogue.partners.find((p) => p.declaration.id === id);
    if (old === undefined) continue;
    const widened: string[] = [];
    const narrowed: string[] = [];
    for (const env of ENVIRONMENTS) {
      const before = routingPattern(old.declaration, env, oldEvent);
      const after = routingPattern(partner.declaration, env, event);
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      for (const detail of corpus) {
        const envelope = envelopeOf(event, detail);
        const m0 = matchesPattern(before, envelope);
        const m1 = matchesPattern(after, envelope);
        if (m1 && !m0) widened.push(`portico-${id}-${env} now matches ${summary(detail)}`);
        if (m0 && !m1) narrowed.push(`portico-${id}-${env} no longer matches ${summary(detail)}`);
      }
    }
    const file = partner.source.file;
    const unique = (lines: string[]) => [...new Set(lines)];
    if (widened.length > 0)
      out.push({
        id: 'partner-routing-widened',
        file,
        path: 'fulfils',
        message: `${id} receives requests it did not before`,
        impact: unique(widened).slice(0, 5),
      });
    if (narrowed.length > 0)
      out.push({
        id: 'partner-routing-narrowed',
        file,
        path: 'fulfils',
        message: `${id} stops receiving requests it got before`,
        impact: unique(narrowed).slice(0, 5),
      });
  }
  return out;
}

function eventCorpus(base: Side, head: Side, event: EventDefinition, validator: SchemaValidator): Obj[] {
  const examples = [
    ...messageExamples(head.catalogue.asyncapi?.data, event.name).map((e) => e.payload),
    ...messageExamples(base.catalogue.asyncapi?.data, event.name).map((e) => e.payload),
    ...[...base.busExamples, ...head.busExamples]
      .filter((e) => e.source === event.source && e.detailType === event.detailType)
      .map((e) => e.detail),
  ];
  const valid = examples.filter((e) => validator.accepts(event.schema, e)) as Obj[];
  const seed = (valid[0] ?? minimalInstance(event.schema)) as Obj;
  const partners: PartnerEntry[] = [...base.catalogue.partners, ...head.catalogue.partners];
  const witnesses = partners.flatMap((p) =>
    ENVIRONMENTS.flatMap((env) =>
      routingBranches(p.declaration, env)
        .flatMap(variants)
        .flatMap((branch) =>
          valid.length > 0
            ? valid.map((b) => witnessDetail(b, event.schema, branch, validator.accepts))
            : [witnessDetail(seed, event.schema, branch, validator.accepts)],
        ),
    ),
  );
  const seen = new Set<string>();
  return [...valid, ...witnesses].filter((d) => {
    const key = JSON.stringify(d);
    if (seen.has(key) || !validator.accepts(event.schema, d)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A branch once per listed value: the witness takes the first value a list allows, so a filter
 * narrowed from [FR, BE] to [FR] is only seen with a witness for BE.
 */
function variants(branch: Obj): Obj[] {
  const out = [branch];
  for (const [key, matchers] of Object.entries(branch)) {
    if (!Array.isArray(matchers) || matchers.length < 2) continue;
    for (const m of matchers) out.push({ ...branch, [key]: [m] });
  }
  return out;
}

function envelopeOf(event: EventDefinition, detail: Obj): Obj {
  return {
    version: '0',
    id: '00000000-0000-4000-8000-000000000000',
    'detail-type': event.detailType,
    source: event.source,
    account: '000000000000',
    time: '2025-01-01T00:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  };
}

const SHOWN = [
  '3rdparty',
  'request_types',
  'requests1',
  'requests2',
  'country',
  'currency',
  'amount',
  'environment',
];

/** A routed event in a few words: the fields rules look at. */
export function summary(detail: Obj): string {
  const parts = SHOWN.filter((k) => k in detail).map((k) => `${k}=${JSON.stringify(detail[k])}`);
  const env = 'environment' in detail ? '' : ' (environment absent = prod)';
  return `{${parts.join(', ')}}${env}`;
}

function pointerPath(pointer: string): string {
  return pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
    .join('')
    .replace(/^\./, '');
}
