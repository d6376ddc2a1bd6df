// Golden test: the generator's output over the real catalogue is the committed loadtest/k6/ folder,
// byte for byte (`portico generate` writes it; `generate --check` guards it in CI), and that folder
// type-checks against @types/k6.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContext, type GeneratedFile } from '../context.ts';
import { compareFiles } from '../write-files.ts';
import { generateLoadtest, LOADTEST_DIR } from './generate-loadtest.ts';
import { realLoadtestModel, ROOT } from './loadtest-fixture.ts';
import type { LoadtestModel } from './loadtest-model.ts';

const outDir = join(ROOT, LOADTEST_DIR);
let model: LoadtestModel;
let files: GeneratedFile[];

beforeAll(async () => {
  model = await realLoadtestModel();
  files = generateLoadtest(model, createContext());
  if (process.env.UPDATE_GOLDEN) {
    for (const f of files) {
      mkdirSync(dirname(join(outDir, f.path)), { recursive: true });
      writeFileSync(join(outDir, f.path), f.contents);
    }
  }
});

describe('generateLoadtest', () => {
  it('writes exactly the committed loadtest/k6/ files', () => {
    expect(compareFiles(outDir, files)).toEqual([]);
  });

  it('is deterministic', () => {
    expect(generateLoadtest(model, createContext())).toEqual(files);
  });

  it.each([
    [
      'ingest.js',
      { want: ['export function ingestRequestCreated()', 'export function ingestNotificationRequested()'] },
    ],
    ['marketplace-api.js', { want: ['export function partnersPollAndAnswer()'] }],
    [
      'day-in-the-marketplace.js',
      { want: ['export function usersPlaceRequests()', 'export function partnersPollAndAnswer()'] },
    ],
  ])('%s has the do-not-edit header and one function per part', (path, { want }) => {
    const contents = files.find((f) => f.path === path)?.contents ?? '';
    expect(contents.split('\n')[0]).toBe(`// ${createContext().notice}`);
    for (const line of want) expect(contents).toContain(line);
  });

  it('writes the definitions the Node runner reads', () => {
    const defs = readFileSync(join(outDir, 'lib/definitions.js'), 'utf8');
    expect(defs).toContain('"rateVariable": "USERS_RATE"');
    expect(defs).toContain('"http_req_duration{scenario:users}"');
  });

  it('type-checks against @types/k6', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    expect(() =>
      execFileSync(process.execPath, [tsc, '-p', join(outDir, 'tsconfig.json')], { encoding: 'utf8' }),
    ).not.toThrow();
  });
});
