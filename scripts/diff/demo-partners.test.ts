// Every shipped demo partner's filter is checked for impact: against the real catalogue, removing
// the first request type each partner fulfils, and every other field a filter names, must name each
// partner that depends on it, with its rules. The expectations come from the partner files
// themselves, so a partner added to catalog/partners is checked without a change here.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { filterFields } from './impact-partners.ts';
import { loadSide, type Side } from './load-side.ts';
import { compare, type DiffReport } from './run-diff.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
type Obj = Record<string, unknown>;

let scratch: string;
let base: Side;

async function headWith(name: string, change: (asyncapi: Obj) => void): Promise<DiffReport> {
  const dir = join(scratch, name);
  cpSync(join(repo, 'catalog'), join(dir, 'catalog'), { recursive: true });
  const file = join(dir, 'catalog/asyncapi.yaml');
  const doc = parse(readFileSync(file, 'utf8')) as Obj;
  change(doc);
  writeFileSync(file, stringify(doc));
  const { side } = await loadSide(dir, scratch);
  return compare(base, side, 'breaking', () => {});
}

const schemas = (doc: Obj) => (doc.components as Obj).schemas as Record<string, Obj>;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'portico-diff-partners-'));
  cpSync(join(repo, 'catalog'), join(scratch, 'base/catalog'), { recursive: true });
  base = (await loadSide(join(scratch, 'base'), scratch)).side;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('every shipped partner filter, checked for impact', () => {
  it(
    'removing the request type each partner fulfils first names that partner, its rules and the field',
    { timeout: 180_000 },
    async () => {
      const partners = base.catalogue.partners.map((p) => p.declaration);
      expect(partners.length).toBeGreaterThan(0);
      const removed = new Set(partners.map((p) => p.fulfils.request_types[0] as string));
      const report = await headWith('types', (doc) => {
        const type = schemas(doc).RequestType as Obj;
        type.enum = (type.enum as string[]).filter((v) => !removed.has(v));
      });
      expect(report.exitCode).toBe(1);
      for (const p of partners) {
        const value = p.fulfils.request_types[0] as string;
        const change = report.changes.find(
          (c) =>
            c.id === 'message-property-enum-value-removed' &&
            c.path === 'RequestCreated: request_types[]' &&
            c.message.endsWith(`"${value}"`),
        );
        expect(change?.impact, `${p.id} / ${value}`).toContain(
          `partner ${p.id} filters on request_types "${value}" (catalog/partners/${p.id}.yaml): rules portico-${p.id}-prod, portico-${p.id}-test`,
        );
        expect(
          report.changes.some(
            (c) => c.id === 'partner-filter-broken' && c.file === `catalog/partners/${p.id}.yaml`,
          ),
          p.id,
        ).toBe(true);
      }
    },
  );

  it(
    'removing every other field a filter names names each partner that filters on it',
    { timeout: 180_000 },
    async () => {
      const byField = new Map<string, string[]>();
      for (const p of base.catalogue.partners)
        for (const field of filterFields(p.declaration).keys())
          if (field !== 'request_types')
            byField.set(field, [...(byField.get(field) ?? []), p.declaration.id]);
      expect(byField.size).toBeGreaterThan(0);
      const report = await headWith('fields', (doc) => {
        const detail = schemas(doc).RequestCreatedDetail as Obj;
        for (const field of byField.keys()) delete (detail.properties as Obj)[field];
      });
      expect(report.exitCode).toBe(1);
      for (const [field, ids] of byField) {
        const change = report.changes.find(
          (c) => c.id === 'message-property-removed' && c.path === `RequestCreated: ${field}`,
        );
        for (const id of ids) {
          expect(change?.impact, `${id} / ${field}`).toContain(
            `partner ${id} filters on '${field}' (catalog/partners/${id}.yaml): rules portico-${id}-prod, portico-${id}-test`,
          );
          expect(
            report.changes.some(
              (c) => c.id === 'partner-filter-broken' && c.file === `catalog/partners/${id}.yaml`,
            ),
            id,
          ).toBe(true);
        }
      }
    },
  );
});
