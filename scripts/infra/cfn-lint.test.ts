// The template as the tools AWS publishes read it: cfn-lint (Python, with aws-sam-translator, so the
// SAM transform is expanded and `AWS::Serverless::*` resources are checked after it, which
// @aws/cloudformation-validate does not do) and @aws/cloudformation-validate, both with no error;
// and no API destination or OAuth endpoint that AWS cannot call (neither tool checks that).
// cfn-lint comes from the machine's Python (OUTSIDE-CHECKS.md); where it is absent the cfn-lint case
// is skipped with a note, as CI's machine has it. One cfn-lint process reads every template: it
// takes seconds to start.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createContext } from '../generate/context.ts';
import { fixtureModel } from '../generate/infra/fixtures/fixture-model.ts';
import { generateInfra } from '../generate/infra/generate-infra.ts';
import { checkEndpoints } from './check-endpoints.ts';
import type { Template } from './template-walk.ts';
import { validateTemplateFile } from './validate-template.ts';

interface CfnLintMatch {
  Rule: { Id: string };
  Level: 'Error' | 'Warning' | 'Informational';
  Message: string;
  Filename: string;
  Location: { Path?: (string | number)[] };
}

function cfnLintVersion(): string | undefined {
  try {
    return execFileSync('cfn-lint', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

const version = cfnLintVersion();
if (version === undefined)
  console.warn('cfn-lint is not installed here: its check of infra/template.yaml is skipped (CI runs it)');

const dir = mkdtempSync(join(tmpdir(), 'portico-cfn-lint-'));
const real = join(process.cwd(), 'infra/template.yaml');
const fixture = join(dir, 'fixture.yaml');
writeFileSync(fixture, generateInfra(fixtureModel, createContext())[0]!.contents);
// A template cfn-lint must refuse, and only after the SAM transform (the timeout is in SAM's
// `Globals`; each expanded AWS::Lambda::Function carries it): proof that the harness can fail.
const broken = join(dir, 'broken.yaml');
writeFileSync(broken, readFileSync(fixture, 'utf8').replace(/^( {4}Timeout:) \d+$/m, '$1 9000'));

function cfnLint(files: string[]): Promise<CfnLintMatch[]> {
  return new Promise((resolve, reject) => {
    // Exit status: 0 clean, 2 errors, 4 warnings, 8 informational (bit flags); JSON on stdout.
    execFile(
      'cfn-lint',
      ['--format', 'json', '--', ...files],
      { maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        try {
          resolve(JSON.parse(stdout) as CfnLintMatch[]);
        } catch {
          reject(new Error(`cfn-lint printed no JSON: ${stderr || stdout}`));
        }
      },
    );
  });
}

describe.skipIf(version === undefined)(`cfn-lint (${version ?? 'absent'}) with the SAM transform`, () => {
  let matches: CfnLintMatch[];
  beforeAll(async () => {
    matches = await cfnLint([real, fixture, broken]);
  }, 300_000);
  const findings = (file: string) =>
    matches
      .filter((m) => m.Filename === file && m.Level !== 'Informational')
      .map((m) => `${m.Rule.Id} ${(m.Location.Path ?? []).join('/')}: ${m.Message}`);

  it.each([
    ['infra/template.yaml', real],
    ['the fixture model', fixture],
  ])('%s: no error and no warning', (_name, file) => {
    expect(findings(file)).toEqual([]);
  });

  it('refuses a Lambda timeout over 900 s set in SAM Globals (the transform is expanded)', () => {
    const lines = findings(broken);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^E3034 .*9000 is greater than the maximum of 900$/);
  });
});

// Building the validator's engine takes tens of seconds on a busy 2-core machine: the limit guards
// against a stall and measures nothing.
describe('@aws/cloudformation-validate and the endpoints AWS can call', { timeout: 300_000 }, () => {
  it.each([
    ['infra/template.yaml', real],
    ['the fixture model', fixture],
  ])('%s: the validator reports no error', (_name, file) => {
    const report = validateTemplateFile(file);
    expect(report.errors).toEqual([]);
    expect(report.status).toBe('OK');
  });

  it('infra/template.yaml: every API destination and OAuth endpoint is https on a public host', () => {
    const template = parse(readFileSync(real, 'utf8')) as Template;
    const destinations = Object.values(template.Resources ?? {}).filter(
      (r) => r.Type === 'AWS::Events::ApiDestination',
    );
    expect(destinations.length).toBeGreaterThan(0);
    expect(checkEndpoints(template)).toEqual([]);
    expect(readFileSync(real, 'utf8')).not.toMatch(/http:\/\/|127\.0\.0\.1|localhost/);
  });
});
