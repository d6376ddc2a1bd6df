// `portico validate` and `portico generate` through the real binary, as a user runs them.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'scripts/bin/portico.mjs');

function portico(args: string[], cwd = repo): Promise<{ code: number; stdout: string[] }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' }, (error, stdout) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: stdout.split('\n').filter((l) => l !== '') });
    });
  });
}

// Each case runs the real binary, several times for some: seconds of CPU each, minutes on a loaded
// 2-core machine (`npm test` with both cores busy). The limits guard against a stall; they measure nothing.
const CLI_TEST = { timeout: 300_000 };

describe('portico validate', CLI_TEST, () => {
  it('exits 0 with one summary line on the shipped catalogue', async () => {
    const { code, stdout } = await portico(['validate']);
    expect(stdout).toEqual([
      expect.stringMatching(/^catalog valid: \d+ events, \d+ APIs, \d+ partners, \d+ rules$/),
    ]);
    expect(code).toBe(0);
  });

  it.each([
    ['the project root', ''],
    ['catalog/', 'catalog'],
    ['catalog/partners/', 'catalog/partners'],
  ])('finds the catalogue from %s', async (_name, folder) => {
    const { code, stdout } = await portico(['validate'], join(repo, folder));
    expect(stdout).toEqual([expect.stringMatching(/^catalog valid: /)]);
    expect(code).toBe(0);
  });

  it('exits 1 naming file, line, column and pointer; --json gives the same problem', async () => {
    const catalog = 'scripts/catalog/fixtures/broken/unknown-key';
    const text = await portico(['validate', '--catalog', catalog]);
    expect(text.code).toBe(1);
    expect(text.stdout[0]).toBe(`${catalog}/partners/alpha.yaml:9:3  #/fulfils/colour  unknown key 'colour'`);
    const json = await portico(['validate', '--catalog', catalog, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout.join('\n'))).toEqual([
      {
        file: `${catalog}/partners/alpha.yaml`,
        line: 9,
        column: 3,
        pointer: '#/fulfils/colour',
        message: "unknown key 'colour'",
        severity: 'error',
      },
    ]);
  });

  it('refuses a demo partner on loopback that is not marked local_only, with its place', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'portico-not-local-'));
    try {
      cpSync(join(repo, 'catalog'), join(copy, 'catalog'), { recursive: true });
      const file = join(copy, 'catalog/partners/3rdparty1.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {4}local_only: true.*\n/m, ''));
      const { code, stdout } = await portico(['validate', '--json'], copy);
      expect(code).toBe(1);
      expect(JSON.parse(stdout.join('\n'))).toEqual([
        expect.objectContaining({
          file: 'catalog/partners/3rdparty1.yaml',
          line: 19,
          pointer: '#/environments/test/endpoint',
          message: expect.stringMatching(/^'http:\/\/127\.0\.0\.1:4101\/webhook' is not HTTPS/),
        }),
      ]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('portico generate', CLI_TEST, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'portico-generate-'));
    cpSync(join(repo, 'scripts/generate/fixtures/catalog'), join(dir, 'catalog'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'writes generated/, then --check passes on it and fails once a partner file changes',
    { timeout: 600_000 },
    async () => {
      expect((await portico(['generate'], dir)).code).toBe(0);
      expect(await portico(['generate', '--check'], dir)).toEqual({
        code: 0,
        stdout: ['generated: 13 files up to date'],
      });

      const alpha = join(dir, 'catalog/partners/alpha.yaml');
      writeFileSync(
        alpha,
        readFileSync(alpha, 'utf8').replace('rate_limit_per_second: 10', 'rate_limit_per_second: 11'),
      );
      expect(await portico(['generate', '--check'], dir)).toEqual({
        code: 1,
        stdout: [
          'generated/catalog-model.ts  stale',
          'generated/rules/alpha-prod.json  stale',
          '2 generated file(s) out of date: run `portico generate`',
        ],
      });
      expect((await portico(['generate'], dir)).code).toBe(0);
    },
  );

  it(
    'onboards a partner by copying its file: only its rules and model entries change',
    { timeout: 300_000 },
    async () => {
      const alpha = readFileSync(join(dir, 'catalog/partners/alpha.yaml'), 'utf8');
      writeFileSync(join(dir, 'catalog/partners/gamma.yaml'), alpha.replace('id: alpha', 'id: gamma'));
      const before = readFileSync(join(dir, 'generated/catalog-model.ts'), 'utf8');
      expect(await portico(['generate', '--out', 'generated'], dir)).toEqual({
        code: 0,
        stdout: [
          'generated/catalog-model.ts  updated',
          'generated/rules/gamma-prod.json  created',
          'generated/rules/gamma-test.json  created',
          'generated: 15 files, 3 changed',
        ],
      });
      const after = readFileSync(join(dir, 'generated/catalog-model.ts'), 'utf8');
      // Every line of the old model is still there, in order: gamma's entries were only added.
      const added = after.split('\n');
      let i = 0;
      for (const line of before.split('\n')) {
        while (i < added.length && added[i] !== line) i++;
        expect(i, `line kept: ${line}`).toBeLessThan(added.length);
        i++;
      }
      expect(after).toContain('"name": "portico-gamma-prod"');
    },
  );

  it('--check names extra files in the output folder', async () => {
    writeFileSync(join(dir, 'generated/rules/retired-prod.json'), '{}\n');
    expect(await portico(['generate', '--check'], dir)).toEqual({
      code: 1,
      stdout: [
        'generated/rules/retired-prod.json  extra',
        '1 generated file(s) out of date: run `portico generate`',
      ],
    });
  });
});

describe('portico generate on the marketplace catalogue', CLI_TEST, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'portico-generate-full-'));
    cpSync(join(repo, 'catalog'), join(dir, 'catalog'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'covers the SAM template, the k6 scenarios and the pacts: an event schema change makes them stale',
    { timeout: 600_000 },
    async () => {
      expect((await portico(['generate'], dir)).code).toBe(0);
      const asyncapi = join(dir, 'catalog/asyncapi.yaml');
      writeFileSync(
        asyncapi,
        readFileSync(asyncapi, 'utf8').replace('        - travel\n', '        - travel\n        - toys\n'),
      );
      expect(await portico(['generate', '--check'], dir)).toEqual({
        code: 1,
        stdout: [
          'generated/types/events.ts  stale',
          'generated/validators/compiled.js  stale',
          'loadtest/k6/lib/definitions.js  stale',
          'contracts/pacts/portico-marketplace-partner-webhook.json  stale',
          'contracts/pacts/request-store-user-portal.json  stale',
          '5 generated file(s) out of date: run `portico generate`',
        ],
      });
      const partner = join(dir, 'catalog/partners/3rdparty1.yaml');
      writeFileSync(
        partner,
        readFileSync(partner, 'utf8').replace(/rate_limit_per_second: \d+/, 'rate_limit_per_second: 7'),
      );
      const { stdout } = await portico(['generate', '--check'], dir);
      expect(stdout).toContain('infra/template.yaml  stale');
    },
  );
});
