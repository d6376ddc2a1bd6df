// Filter correctness, proven: for events drawn from the catalogue's own request-created schema
// (biased toward each partner's filter values), every generated rule pattern matches an event
// exactly when the plain reading of the partner file (`routesTo`) says the partner gets it.
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchesPattern } from '../../services/pattern/index.ts';
import { buildCatalogModel } from '../catalog/build-catalog-model.ts';
import type { EventDefinition, PartnerDeclaration } from '../catalog/catalogue.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { createSchemaValidator } from '../catalog/schema-validator.ts';
import type { CatalogModel } from '../../generated/catalog-model.ts';
import { createContext } from './context.ts';
import { routesTo } from './routes-to.ts';
import { ROUTED_EVENT } from './routing-pattern.ts';
import { arbitraryFor, type Hints } from './schema-arbitrary.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const RUNS_PER_PARTNER = 300;

let event: EventDefinition;
let partners: PartnerDeclaration[];
let model: CatalogModel;

beforeAll(async () => {
  const { catalogue, problems } = await loadCatalog('catalog', repo);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  const routed = catalogue.events.find(
    (e) => e.source === ROUTED_EVENT.source && e.detailType === ROUTED_EVENT.detailType,
  );
  if (!routed) throw new Error('catalog/asyncapi.yaml has no marketplace requests event');
  event = routed;
  partners = catalogue.partners.map((p) => p.declaration);
  model = buildCatalogModel(catalogue, createContext());
});

/** Values a partner's filter names, by detail property, so that about half the events hit it. */
function hintsFor(p: PartnerDeclaration, all: readonly PartnerDeclaration[]): Hints {
  const hints = new Map<string, unknown[]>();
  const f = p.fulfils;
  hints.set('request_types', f.request_types);
  hints.set('3rdparty', [p.id, ...all.filter((o) => o.id !== p.id).map((o) => o.id)].slice(0, 3));
  if (f.countries) hints.set('country', f.countries);
  if (f.currencies) hints.set('currency', f.currencies);
  if (f.amount) {
    const { min, max } = f.amount;
    const edges = [min, max].filter((n): n is number => n !== undefined);
    hints.set(
      'amount',
      edges.flatMap((n) => [n, n + 0.5, n - 0.5]).filter((n) => n >= 0),
    );
  }
  if (f.pattern) collectLeafHints(f.pattern, hints);
  return hints;
}

function collectLeafHints(fragment: Record<string, unknown>, hints: Map<string, unknown[]>): void {
  for (const [key, value] of Object.entries(fragment)) {
    if (key === '$or' && Array.isArray(value))
      value.forEach((alt) => collectLeafHints(alt as Record<string, unknown>, hints));
    else if (Array.isArray(value)) {
      const picks = value.flatMap((m) => {
        if (m === null || typeof m !== 'object') return [m];
        const o = m as Record<string, unknown>;
        if (typeof o.prefix === 'string') return [`${o.prefix}passport`, `${o.prefix}card`];
        if (typeof o.suffix === 'string') return [`x${o.suffix}`];
        return [];
      });
      hints.set(key, [...(hints.get(key) ?? []), ...picks]);
    } else if (value !== null && typeof value === 'object')
      collectLeafHints(value as Record<string, unknown>, hints);
  }
}

function envelope(detail: unknown) {
  return {
    version: '0',
    id: 'x',
    'detail-type': event.detailType,
    source: event.source,
    account: '0',
    time: '2025-01-01T00:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  };
}

describe('generated routing patterns agree with the partner files', () => {
  it('every rule matches exactly the events routesTo sends to its partner', () => {
    const validator = createSchemaValidator();
    const byId = new Map(partners.map((p) => [p.id, p]));
    for (const partner of partners) {
      const detailArb = arbitraryFor(event.schema, hintsFor(partner, partners)).filter((d) =>
        validator.accepts(event.schema, d),
      );
      let accepted = 0;
      fc.assert(
        fc.property(detailArb, (detail) => {
          const d = detail as Record<string, unknown>;
          for (const rule of model.rules) {
            const want = routesTo(byId.get(rule.partner)!, rule.environment, d);
            expect({ rule: rule.name, matched: matchesPattern(rule.eventPattern, envelope(d)) }).toEqual({
              rule: rule.name,
              matched: want,
            });
          }
          if (routesTo(partner, 'prod', d) || routesTo(partner, 'test', d)) accepted++;
        }),
        { numRuns: RUNS_PER_PARTNER },
      );
      // The bias works: a fair share of the events drawn for this partner reach it.
      expect(accepted, `${partner.id} received ${accepted}/${RUNS_PER_PARTNER}`).toBeGreaterThan(
        RUNS_PER_PARTNER * 0.1,
      );
    }
  });

  it.each([
    [
      'the walkthrough legacy event reaches 3rdparty1 in prod only',
      {
        detail: {
          user_id: '123456789',
          request_status: 'new',
          '3rdparty': '3rdparty1',
          requests1: 'books',
          requests2: 'pens',
        },
        want: ['portico-3rdparty1-prod'],
      },
    ],
    [
      'an addressed test event reaches only its partner in test',
      {
        detail: {
          user_id: 'u',
          request_status: 'new',
          '3rdparty': 'printworks',
          environment: 'test',
          request_types: ['books'],
        },
        want: ['portico-printworks-test'],
      },
    ],
    [
      'an unaddressed event with no request types reaches no one',
      { detail: { user_id: 'u', request_status: 'new', country: 'FR' }, want: [] },
    ],
  ])('%s', (_name, { detail, want }) => {
    expect(
      model.rules.filter((r) => matchesPattern(r.eventPattern, envelope(detail))).map((r) => r.name),
    ).toEqual(want);
  });
});
