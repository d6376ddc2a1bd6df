// Each folder under fixtures/broken/ is the fixture catalogue with one defect; `portico validate`
// must report exactly that defect, with its file, line, column and JSON pointer.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from './validate-catalog.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dir = 'scripts/catalog/fixtures/broken';

const cases: [string, { want: string[] }][] = [
  ['unknown-key', { want: ["partners/alpha.yaml:9:3  #/fulfils/colour  unknown key 'colour'"] }],
  [
    'filter-unknown-field',
    {
      want: [
        "partners/beta.yaml:9:5  #/fulfils/pattern/colour  filters on 'colour', which RequestCreatedDetail does not have",
      ],
    },
  ],
  [
    'request-type-outside-enum',
    {
      want: [
        `partners/alpha.yaml:6:26  #/fulfils/request_types/1  request type "comics" is not one of RequestCreatedDetail.request_types's values (books, pens, laptops)`,
      ],
    },
  ],
  [
    'example-breaks-schema',
    {
      want: [
        'asyncapi.yaml:50:22  #/components/messages/RequestCreated/examples/1/payload/country  example breaks its schema: must match pattern "^[A-Z]{2}$"',
      ],
    },
  ],
  [
    'id-not-file-name',
    { want: ["partners/alpha.yaml:1:5  #/id  id 'alfa' must equal the file name 'alpha'"] },
  ],
  [
    'duplicate-operation-id',
    {
      want: [
        `openapi/mini-api.yaml:25:20  #/paths/~1things~1{thingId}/post/operationId  duplicate operationId 'getThing' (first at ${dir}/duplicate-operation-id/openapi/mini-api.yaml:14:20)`,
      ],
    },
  ],
  [
    'raw-pattern-invalid',
    {
      want: [
        'partners/beta.yaml:9:5  #/fulfils/pattern  Event pattern is not valid. Reason: prefix match pattern must be a string',
      ],
    },
  ],
  [
    'rule-never-matches',
    {
      want: ['prod', 'test'].map(
        (env) =>
          `partners/beta.yaml:10:7  #/fulfils/pattern/documents  rule portico-beta-${env} can never match a valid RequestCreated event (filtered): must match pattern "^[a-z][a-z0-9-]*$" at /documents/0/kind`,
      ),
    },
  ],
  [
    'unresolved-ref',
    {
      want: [
        'openapi/mini-api.yaml:30:29  #/paths/~1things~1{thingId}/post/requestBody/content/application~1json/schema/$ref  Missing $ref pointer "#/components/schemas/Nope". Token "Nope" does not exist.',
      ],
    },
  ],
  [
    'country-outside-pattern',
    { want: ['partners/alpha.yaml:7:19  #/fulfils/countries/1  must match pattern "^[A-Z]{2}$"'] },
  ],
];

describe('portico validate on broken catalogues', () => {
  it('has a case for every folder', () => {
    expect(readdirSync(`${repo}${dir}`).sort()).toEqual(cases.map(([name]) => name).sort());
  });

  it.each(cases)('%s', async (name, { want }) => {
    const report = await validateCatalog({ catalog: `${dir}/${name}`, cwd: repo });
    expect(report.exitCode).toBe(1);
    const lines = want.map((line) => `${dir}/${name}/${line}`);
    expect(report.lines).toEqual([
      ...lines,
      `${want.length} problem${want.length === 1 ? '' : 's'} in ${dir}/${name}`,
    ]);
  });

  it('accepts the fixture catalogue and the shipped one', async () => {
    for (const catalog of ['scripts/generate/fixtures/catalog', 'catalog']) {
      const report = await validateCatalog({ catalog, cwd: repo });
      expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(report.exitCode).toBe(0);
      expect(report.lines.at(-1)).toMatch(/^catalog valid: \d+ events, \d+ APIs, \d+ partners, \d+ rules$/);
    }
  });
});
