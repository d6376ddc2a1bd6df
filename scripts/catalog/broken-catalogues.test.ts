// Each folder under fixtures/broken/ is the fixture catalogue with one defect; `portico validate`
// must report exactly that defect, with its file, line, column and JSON pointer.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
        'asyncapi.yaml:33:7  #/components/messages/RequestCreated  warning: 4 partner rule checks skipped: 1 example of RequestCreated breaks its schema (fix it first)',
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
  // A defect in the event schema or its examples is reported once, with the partner checks that
  // depend on it skipped in one line (not one "can never match" per partner file and environment).
  [
    'required-property-added',
    {
      want: [
        'asyncapi.yaml:33:7  #/components/messages/RequestCreated  warning: 4 partner rule checks skipped: 2 examples of RequestCreated break its schema (fix them first)',
        "asyncapi.yaml:41:13  #/components/messages/RequestCreated/examples/0/payload  example breaks its schema: must have required property 'channel'",
        "asyncapi.yaml:47:13  #/components/messages/RequestCreated/examples/1/payload  example breaks its schema: must have required property 'channel'",
      ],
    },
  ],
  [
    'payload-missing',
    {
      want: [
        'asyncapi.yaml:2:1  #  warning: 4 partner rule checks skipped: message RequestCreated has a problem (fix it first)',
        'asyncapi.yaml:33:7  #/components/messages/RequestCreated  message has no payload schema for the event detail',
      ],
    },
  ],
  [
    'info-version-missing',
    {
      want: [
        `asyncapi.yaml:2:1  #  warning: 4 partner rule checks skipped: ${dir}/info-version-missing/asyncapi.yaml does not parse (fix it first)`,
        'asyncapi.yaml:3:6  #/info  "info" property must have required property "version"',
      ],
    },
  ],
  [
    'unknown-key-typo',
    {
      want: [
        "partners/alpha.yaml:7:3  #/fulfils/countrys  unknown key 'countrys' (did you mean 'countries'?)",
      ],
    },
  ],
  // EventBridge API destinations and OAuth endpoints need HTTPS on a host AWS reaches (RFC 6890 ranges).
  [
    'endpoint-not-on-aws',
    {
      want: [
        "partners/alpha.yaml:15:18  #/environments/prod/auth/token_url  'https://10.1.2.3/oauth2/token' is a private address, so the prod stack on AWS cannot use it; mark the environment `local_only: true` if only the local stack runs it",
        "partners/alpha.yaml:21:15  #/environments/test/endpoint  'http://127.0.0.1:4999/webhook' is not HTTPS, which EventBridge requires, so the test stack on AWS cannot use it; mark the environment `local_only: true` if only the local stack runs it",
        "partners/alpha.yaml:24:18  #/environments/test/auth/token_url  'https://localhost:4999/oauth2/token' names this machine (localhost), so the test stack on AWS cannot use it; mark the environment `local_only: true` if only the local stack runs it",
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
    const errors = want.filter((line) => !line.includes('  warning: ')).length;
    expect(report.lines).toEqual([...lines, `${errors} problem${errors === 1 ? '' : 's'} in ${dir}/${name}`]);
  });

  it('accepts the fixture catalogue and the shipped one', async () => {
    for (const catalog of ['scripts/generate/fixtures/catalog', 'catalog']) {
      const report = await validateCatalog({ catalog, cwd: repo });
      expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(report.exitCode).toBe(0);
      expect(report.lines.at(-1)).toMatch(/^catalog valid: \d+ events, \d+ APIs, \d+ partners, \d+ rules$/);
    }
  });

  it('warns about a partner file copied from another that keeps its name, secret variables and endpoint', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'portico-copied-partner-'));
    cpSync(`${repo}scripts/generate/fixtures/catalog`, copy, { recursive: true });
    const alpha = readFileSync(join(copy, 'partners/alpha.yaml'), 'utf8');
    writeFileSync(join(copy, 'partners/gamma.yaml'), alpha.replace('id: alpha', 'id: gamma'));
    const report = await validateCatalog({ catalog: copy, cwd: copy });
    expect(report.exitCode).toBe(0);
    const at = (line: number, column: number) => `partners/alpha.yaml:${line}:${column}`;
    expect(report.lines.map((l) => l.replace(/^partners\/gamma\.yaml:\d+:\d+ {2}/, ''))).toEqual([
      `#/name  warning: name 'Alpha Books' is also alpha's (${at(2, 7)}): copied from it?`,
      `#/webhook_secret/env  warning: secret variable 'ALPHA_WEBHOOK_SECRET' is also alpha's (${at(9, 24)}): copied from it?`,
      `#/environments/prod/endpoint  warning: endpoint 'https://alpha.example/webhook' is also alpha's (${at(12, 15)}): copied from it?`,
      `#/environments/prod/auth/value/env  warning: secret variable 'ALPHA_PROD_API_KEY' is also alpha's (${at(13, 61)}): copied from it?`,
      `#/environments/test/endpoint  warning: endpoint 'http://127.0.0.1:4999/webhook' is also alpha's (${at(17, 15)}): copied from it?`,
      `#/environments/test/auth/username/env  warning: secret variable 'ALPHA_TEST_USER' is also alpha's (${at(18, 43)}): copied from it?`,
      `#/environments/test/auth/password/env  warning: secret variable 'ALPHA_TEST_PASSWORD' is also alpha's (${at(18, 79)}): copied from it?`,
      expect.stringMatching(/^catalog valid: /),
    ]);
  });
});
