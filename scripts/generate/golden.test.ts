// Golden files: every generator run on the small fixture catalogue must reproduce golden/out/
// byte for byte, and the golden TypeScript must compile. Regenerate after an intended change with
// `UPDATE_GOLDEN=1 npx vitest run scripts/generate/golden.test.ts`, then review the diff.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { createContext, type GeneratedFile } from './context.ts';
import { generateAll } from './generate-all.ts';
import { compareFiles, writeFiles } from './write-files.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const golden = fileURLToPath(new URL('./golden/out/', import.meta.url));

let files: GeneratedFile[];

beforeAll(async () => {
  const { catalogue, problems } = await loadCatalog('scripts/generate/fixtures/catalog', repo);
  expect(problems).toEqual([]);
  files = await generateAll(catalogue, createContext());
  if (process.env.UPDATE_GOLDEN === '1') writeFiles(golden, files);
});

describe('generators against golden files', () => {
  it('writes one file per generator output, as in golden/out/', () => {
    expect(files.map((f) => f.path)).toEqual([
      'README.md',
      'catalog-model.ts',
      'rules/alpha-prod.json',
      'rules/alpha-test.json',
      'rules/beta-prod.json',
      'rules/beta-test.json',
      'services/consumers.ts',
      'services/mini-api-routes.ts',
      'types/events.ts',
      'types/mini-api.ts',
      'validators/compiled.d.ts',
      'validators/compiled.js',
      'validators/index.ts',
    ]);
    expect(compareFiles(golden, files)).toEqual([]);
  });

  it('starts every file with the do-not-edit notice', () => {
    for (const file of files) expect(file.contents.slice(0, 200)).toContain('Do not edit');
  });

  it('is byte-identical for the same input', async () => {
    const { catalogue } = await loadCatalog('scripts/generate/fixtures/catalog', repo);
    expect(await generateAll(catalogue, createContext())).toEqual(files);
  });

  it('golden TypeScript compiles with tsc', () => {
    const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
    const run = () =>
      execFileSync(process.execPath, [tsc, '--noEmit', '-p', `${golden}../tsconfig.json`], {
        encoding: 'utf8',
      });
    expect(run).not.toThrow();
  });

  it('golden validators run and return JSON pointers', async () => {
    const { validateDetail, validateRequestBody } = (await import(
      `${golden}validators/index.ts`
    )) as typeof import('./golden/out/validators/index.ts');
    expect(
      validateDetail('com.marketplace.market', 'marketplace requests', {
        user_id: 'u',
        request_status: 'new',
      }),
    ).toEqual({ ok: true });
    expect(
      validateDetail('com.marketplace.market', 'marketplace requests', {
        user_id: 'u',
        request_status: 'new',
        country: 'fr',
      }),
    ).toEqual({
      ok: false,
      errors: [{ pointer: '/country', message: 'must match pattern "^[A-Z]{2}$"' }],
    });
    expect(
      validateDetail('com.marketplace.market', 'marketplace requests', { request_status: 'new' }),
    ).toEqual({
      ok: false,
      errors: [{ pointer: '/user_id', message: "must have required property 'user_id'" }],
    });
    expect(validateDetail('com.example', 'unknown', {})).toBeUndefined();
    expect(validateRequestBody('updateThing', { status: 'maybe' })).toMatchObject({
      ok: false,
      errors: [{ pointer: '/status' }],
    });
    expect(validateRequestBody('getThing', {})).toBeUndefined();
  });
});
