// `portico docs` through the real binary: the site is deterministic (two builds, same bytes), under
// 2 MB, shows events, APIs, partners and flows, never a secret (every credential variable set to
// a sentinel while building), and every relative link and anchor in its pages resolves.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogModel } from '../../generated/catalog-model.ts';

const repo = new URL('../../', import.meta.url).pathname;
const bin = join(repo, 'scripts/bin/portico.mjs');

function portico(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: repo, encoding: 'utf8', env },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

function files(dir: string, under = ''): string[] {
  return readdirSync(join(dir, under), { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? files(dir, join(under, d.name)) : [join(under, d.name)]))
    .sort();
}

/** Every credential the catalogue names by environment variable, set to a value that must never appear. */
const secretVariables = [
  ...new Set(
    readdirSync(join(repo, 'catalog/partners')).flatMap((f) =>
      [...readFileSync(join(repo, 'catalog/partners', f), 'utf8').matchAll(/env: ([A-Z0-9_]+)/g)].map(
        (m) => m[1]!,
      ),
    ),
  ),
];
const sentinel = (name: string): string => `sentinel-secret-${name.toLowerCase()}`;

const tmp = mkdtempSync(join(tmpdir(), 'portico-docs-'));
const [a, b] = [join(tmp, 'a'), join(tmp, 'b')];
let first: Awaited<ReturnType<typeof portico>>;

beforeAll(async () => {
  const env = { ...process.env, ...Object.fromEntries(secretVariables.map((v) => [v, sentinel(v)])) };
  [first] = await Promise.all([portico(['docs', '--out', a], env), portico(['docs', '--out', b])]);
}, 300_000); // a ceiling for two builds on a busy 2-core machine, not a timing assumption

const page = (name: string): string => readFileSync(join(a, name), 'utf8');

describe('portico docs', () => {
  it('builds the same bytes twice, under 2 MB', () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^${a}: \\d+ files, \\d+ KB; open ${a}/index.html\\n$`));
    expect(files(a)).toEqual(files(b));
    for (const f of files(a))
      expect([f, readFileSync(join(a, f), 'utf8')]).toEqual([f, readFileSync(join(b, f), 'utf8')]);
    const bytes = files(a).reduce((n, f) => n + statSync(join(a, f)).size, 0);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
  });

  it.each([
    ['index.html', ['events.html', 'apis.html', 'partners.html', 'flows.html', 'route.html']],
    [
      'event-request-created.html',
      [
        'com.marketplace.market',
        'marketplace requests',
        'id="field-detail-request-types"',
        'export interface RequestCreatedDetail',
        'legacy-walkthrough',
        'User portal places a request',
        'Partners receive requests',
        'portico-techhub-prod',
      ],
    ],
    ['api-marketplace-api.html', ['assets/redoc.standalone.js', '"operationId":"postRequestStatus"']],
    [
      'partner-techhub.html',
      [
        'unaddressed requests for laptops or phones in EUR, GBP or USD with an amount from 100 to 5000',
        '&quot;numeric&quot;',
        'https://techhub.example/portico/webhook',
        '5 retries within 15 min',
        '10 / s',
        'portico-marketplace-partner-webhook.json',
        '$TECHHUB_TEST_CLIENT_SECRET',
      ],
    ],
    ['flows.html', ['<svg', 'portico-3rdparty1-prod', 'Request store', 'request status changed', 'Notifier']],
    ['route.html', ['id="rules"', 'assets/explainer.js', 'walkthrough']],
  ])('%s shows what it is for', (name, wanted) => {
    const html = page(name);
    for (const w of wanted) expect(html).toContain(w);
  });

  it('has a page for every event, API and partner', () => {
    expect(files(a).filter((f) => f.startsWith('partner-'))).toHaveLength(catalogModel.partners.length);
    expect(files(a).filter((f) => f.startsWith('event-'))).toHaveLength(catalogModel.events.length);
    expect(files(a).filter((f) => f.startsWith('api-'))).toHaveLength(2);
  });

  it('shows no secret, only the names of the variables that hold them', () => {
    expect(secretVariables.length).toBeGreaterThan(10);
    for (const f of files(a)) {
      const text = readFileSync(join(a, f), 'utf8');
      for (const v of secretVariables)
        expect(text.includes(sentinel(v)), `${sentinel(v)} in ${f}`).toBe(false);
    }
  });

  it('every relative link and anchor of every page resolves', () => {
    const pages = files(a).filter((f) => f.endsWith('.html'));
    const ids = new Map(
      pages.map((p) => [p, new Set([...page(p).matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!))]),
    );
    let checked = 0;
    for (const p of pages) {
      for (const [, ref] of page(p).matchAll(/ (?:href|src)="([^"]+)"/g)) {
        if (/^(https?:|mailto:|data:)/.test(ref!)) continue;
        const [file, hash] = ref!.split('#') as [string, string | undefined];
        const target = file === '' ? p : file;
        expect(existsSync(join(a, target)), `${p} links to ${ref}`).toBe(true);
        // Redoc's anchors (#operation/…) and the explainer's (#example=…) are made by scripts: the browser test follows them.
        if (hash && !hash.startsWith('operation/') && !hash.startsWith('example=')) {
          expect(ids.get(target)?.has(decodeURIComponent(hash)), `${p} links to ${ref}`).toBe(true);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('refuses an invalid catalogue, naming the problem', async () => {
    const { code, stderr } = await portico([
      'docs',
      '--catalog',
      'scripts/catalog/fixtures/broken/unknown-key',
      '--out',
      join(tmp, 'c'),
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain("unknown key 'colour'");
    expect(existsSync(join(tmp, 'c'))).toBe(false);
  }, 300_000);
});
