// `portico diff` through the real binary, in a real git repository made from the project's own
// catalogue, pacts and bus examples, the way an architect runs it before merging (`--base HEAD~1`,
// `--base main`): the "done when" checks, one row each.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'scripts/bin/portico.mjs');
const COPIED = ['catalog', 'contracts/pacts', 'services/bus/examples'];

function portico(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd, encoding: 'utf8', maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Architect', '-c', 'user.email=a@example.org', ...args], {
    cwd,
    stdio: 'pipe',
  });

/** A git repository holding the project's catalogue as commit `main`. */
function projectRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-diff-cli-'));
  for (const path of COPIED) cpSync(join(repo, path), join(dir, path), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'catalogue as shipped');
  return dir;
}

/** Edits a file by a regular expression; a no-op edit fails the test (the catalogue moved). */
function edit(dir: string, file: string, pattern: RegExp, replacement: string): void {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = before.replace(pattern, replacement);
  expect(after, `${file}: ${pattern} matched nothing`).not.toBe(before);
  writeFileSync(path, after);
}

/** The shipped partners whose filter lists `value` among its request types. */
function partnersFiltering(value: string): string[] {
  const dir = join(repo, 'catalog/partners');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map(
      (f) =>
        parse(readFileSync(join(dir, f), 'utf8')) as { id: string; fulfils: { request_types: string[] } },
    )
    .filter((p) => p.fulfils.request_types.includes(value))
    .map((p) => p.id);
}

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('portico diff through the binary, in a git repository', () => {
  it(
    'renaming the enum value pens exits 1, naming every partner that filters on it and the legacy event',
    { timeout: 180_000 },
    async () => {
      const dir = projectRepo();
      dirs.push(dir);
      // RequestType's enum in the AsyncAPI document (RequestCreatedDetail's request types).
      edit(
        dir,
        'catalog/asyncapi.yaml',
        /(RequestType:\n(?:.*\n)*?\s+enum:\n(?:\s+- .*\n)*?\s+)- pens\n/,
        '$1- ballpoints\n',
      );
      git(dir, 'commit', '-q', '-am', 'rename pens');
      const { code, stdout, stderr } = await portico(['diff', '--base', 'HEAD~1'], dir);
      expect(code, stdout + stderr).toBe(1);
      expect(stdout).toMatch(
        /^BREAKING\s+message-property-enum-value-removed\s+catalog\/asyncapi\.yaml\s+RequestCreated: request_types\[\]\s+RequestCreatedDetail\.request_types\[\] no longer allows "pens" \(renamed to "ballpoints"\?\)$/m,
      );
      const partners = partnersFiltering('pens');
      expect(partners.length).toBeGreaterThan(0);
      for (const id of partners) {
        expect(stdout).toContain(`partner ${id} filters on request_types "pens"`);
        expect(stdout).toMatch(
          new RegExp(`^BREAKING\\s+partner-filter-broken\\s+catalog/partners/${id}\\.yaml`, 'm'),
        );
      }
      expect(stdout).toContain(
        'bus example services/bus/examples/walkthrough-event.json [0] (as the legacy producer puts it) is no longer valid: RequestCreatedDetail.requests2',
      );
      expect(stdout).toContain("example 'legacy-walkthrough' of RequestCreated");
      expect(stderr).toContain('… checking'); // progress on stderr, never mixed into the report
    },
  );

  it('adding an optional field exits 0 with an info line', { timeout: 180_000 }, async () => {
    const dir = projectRepo();
    dirs.push(dir);
    edit(
      dir,
      'catalog/asyncapi.yaml',
      /(RequestCreatedDetail:\n(?:.*\n)*? {6}properties:\n)/,
      '$1        channel_hint:\n          type: string\n          description: Where the user placed the request.\n',
    );
    git(dir, 'commit', '-q', '-am', 'optional field');
    const { code, stdout, stderr } = await portico(['diff', '--base', 'HEAD~1'], dir);
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).toMatch(
      /^INFO\s+message-optional-property-added\s+catalog\/asyncapi\.yaml\s+RequestCreated: channel_hint\s+optional RequestCreatedDetail\.channel_hint added$/m,
    );
    expect(stdout).not.toMatch(/^(BREAKING|WARNING)/m);
    expect(stdout).toMatch(/^portico diff HEAD~1 → \(working tree\): 0 breaking, 0 warning\(s\), 1 info$/m);
  });

  it(
    'removing a response property of GET /requests/{requestId} is breaking and names the pacts that expect it (working tree against main)',
    { timeout: 180_000 },
    async () => {
      const dir = projectRepo();
      dirs.push(dir);
      // `country` of the Request schema, which GET /requests/{requestId} answers with: uncommitted.
      edit(
        dir,
        'catalog/openapi/marketplace-api.yaml',
        /(\n {4}Request:\n(?:.*\n)*?) {8}country:\n(?: {10}.*\n)+/,
        '$1',
      );
      const { code, stdout, stderr } = await portico(
        ['diff', '--base', 'main', '--format', 'json', '--quiet'],
        dir,
      );
      expect(code, stdout + stderr).toBe(1);
      expect(stderr).toBe('');
      const report = JSON.parse(stdout) as {
        changes: { id: string; level: string; path: string; impact: string[] }[];
      };
      const change = report.changes.find((c) => c.path === 'GET /requests/{requestId} response 200: country');
      expect(change).toMatchObject({ id: 'response-optional-property-removed', level: 'breaking' });
      const pacts = readdirSync(join(dir, 'contracts/pacts')).filter((f) =>
        (
          JSON.parse(readFileSync(join(dir, 'contracts/pacts', f), 'utf8')) as {
            interactions: {
              request?: { method: string; path: string };
              response?: { status: number; body?: { content?: Record<string, unknown> } };
            }[];
          }
        ).interactions.some(
          (i) =>
            i.request?.method === 'GET' &&
            /^\/requests\/[^/]+$/.test(i.request.path) &&
            i.response?.status === 200 &&
            i.response.body?.content !== undefined &&
            'country' in i.response.body.content,
        ),
      );
      expect(pacts.length).toBeGreaterThan(0);
      for (const p of pacts) expect(change?.impact.join('\n')).toContain(`pact contracts/pacts/${p}`);
    },
  );

  it(
    'removing a partner file is a warning with the routing table before/after and the SAM resources deleted',
    { timeout: 180_000 },
    async () => {
      const dir = projectRepo();
      dirs.push(dir);
      type PartnerFile = { id: string; fulfils: { request_types: string[] } };
      const read = (f: string) =>
        parse(readFileSync(join(dir, 'catalog/partners', f), 'utf8')) as PartnerFile;
      const files = readdirSync(join(dir, 'catalog/partners'))
        .filter((f) => f.endsWith('.yaml'))
        .sort();
      const file = files[files.length - 1] as string;
      const partner = read(file);
      const others = files.filter((f) => f !== file).map(read);
      git(dir, 'rm', '-q', `catalog/partners/${file}`);
      git(dir, 'commit', '-q', '-m', 'offboard');
      const { code, stdout, stderr } = await portico(['diff', '--base', 'HEAD~1', '--quiet'], dir);
      expect(code, stdout + stderr).toBe(0);
      const line = stdout.split('\n').find((l) => l.startsWith('WARNING') && l.includes('partner-removed'));
      expect(line?.split(/\s{2,}/)).toEqual([
        'WARNING',
        'partner-removed',
        `catalog/partners/${file}`,
        partner.id,
        `partner ${partner.id} removed`,
      ]);
      for (const type of partner.fulfils.request_types) {
        const before = [
          ...others.filter((o) => o.fulfils.request_types.includes(type)).map((o) => o.id),
          partner.id,
        ].sort();
        const after = before.filter((id) => id !== partner.id);
        const row = stdout.split('\n').find((l) => l.startsWith(`  requests of type ${type} `));
        expect(row?.trim().split(/\s{2,}/)).toEqual([
          `requests of type ${type}`,
          `before: ${before.join(', ')}; after: ${after.join(', ') || '(nobody)'}`,
        ]);
      }
      expect(stdout).toMatch(/^ {2}sam\s+SAM resource \w+ \(AWS::Events::Rule\) deleted$/m);
      expect(stdout).toContain(`generated/rules/${partner.id}-prod.json removed`);
    },
  );

  it.each([
    [
      'a base that is neither a folder nor a revision',
      ['--base', 'no-such-branch'],
      'portico diff: no-such-branch: neither a folder nor a git revision',
    ],
    [
      'a folder without a catalogue',
      ['--base', 'services'],
      'portico diff: services: a folder with neither asyncapi.yaml nor catalog/asyncapi.yaml',
    ],
    [
      'an unknown format',
      ['--base', 'main', '--format', 'yaml'],
      "--format must be one of text, markdown, json, not 'yaml'",
    ],
    [
      'an unknown level',
      ['--base', 'main', '--fail-on', 'error'],
      "--fail-on must be one of breaking, warning, info, none, not 'error'",
    ],
    ['no base', [], "required option '--base <ref|folder>' not specified"],
  ])('answers 2 saying what is wrong for %s', { timeout: 60_000 }, async (_name, args, message) => {
    const dir = projectRepo();
    dirs.push(dir);
    const { code, stdout, stderr } = await portico(['diff', ...args], dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });
});
