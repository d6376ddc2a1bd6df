import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../generate/context.ts';
import { fixtureModel } from '../generate/infra/fixtures/fixture-model.ts';
import { generateInfra } from '../generate/infra/generate-infra.ts';
import { validateTemplateFile, type ValidationReport } from './validate-template.ts';

/** Warnings the validator may give on the template, each with the reason it is accepted. None today. */
const ACCEPTED_WARNINGS: Record<string, string> = {};

/** Informational findings, accepted by rule id. */
const ACCEPTED_INFO: Record<string, string> = {
  I9001:
    'create-only properties (names, keys): replacement on change is intended, names come from the catalogue',
  I9040: "resources without Tags: tagging is the account owner's policy, applied with `sam deploy --tags`",
};

const dir = mkdtempSync(join(tmpdir(), 'portico-infra-'));
function writeTemplate(name: string, contents: string): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
}

describe('AWS validator on the generated templates', () => {
  const reports: [string, () => ValidationReport][] = [];
  let real: ValidationReport;
  let fixture: ValidationReport;
  beforeAll(() => {
    real = validateTemplateFile(join(process.cwd(), 'infra/template.yaml'));
    fixture = validateTemplateFile(
      writeTemplate('fixture.yaml', generateInfra(fixtureModel, createContext())[0]!.contents),
    );
  });
  reports.push(['infra/template.yaml', () => real], ['fixture model', () => fixture]);

  it.each(reports)('%s: no error', (_name, report) => {
    expect(report().status).toBe('OK');
    expect(report().errors).toEqual([]);
  });

  it.each(reports)(
    '%s: every warning and informational finding is accepted with a reason',
    (_name, report) => {
      expect(report().warnings.filter((w) => !(w.ruleId in ACCEPTED_WARNINGS))).toEqual([]);
      expect(report().informational.filter((d) => !(d.ruleId in ACCEPTED_INFO))).toEqual([]);
    },
  );
});

describe('what the validator checks without the SAM transform', () => {
  const template = (resources: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
${resources}`;
  const fn = (extra: string) => `  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: lambda.handler
      CodeUri: ..
${extra}`;

  it.each([
    ['a Ref to a missing resource', fn('      Role: { Ref: Missing }'), 'F1020'],
    ['a Sub of a missing resource', fn("      Description: { 'Fn::Sub': '${Missing.Arn}' }"), 'F1018'],
    [
      'a bad property on a plain CloudFormation resource',
      '  Q:\n    Type: AWS::SQS::Queue\n    Properties: { Bogus: 1 }',
      'F3002',
    ],
  ])('reports %s', (_name, resources, ruleId) => {
    const report = validateTemplateFile(writeTemplate(`${ruleId}.yaml`, template(resources)));
    expect(report.errors.map((e) => e.ruleId)).toContain(ruleId);
  });

  // The gap: AWS::Serverless::* properties are not schema-checked (no SAM transform offline).
  // If this starts failing, the validator learnt SAM: drop the policy checks' duplicate work.
  it('does not check the properties of AWS::Serverless::Function (no SAM transform)', () => {
    const report = validateTemplateFile(
      writeTemplate('sam-gap.yaml', template(fn('      NoSuchProperty: 1'))),
    );
    expect(report.errors).toEqual([]);
  });
});
