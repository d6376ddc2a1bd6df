import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkEntryPoints } from './check-entry-points.ts';
import type { Template } from './template-walk.ts';

const fn = (entry: string | undefined, handler = 'lambda.handler') => ({
  Resources: {
    F: {
      Type: 'AWS::Serverless::Function',
      ...(entry ? { Metadata: { BuildMethod: 'esbuild', BuildProperties: { EntryPoints: [entry] } } } : {}),
      Properties: { Handler: handler, CodeUri: '..' },
    },
  },
});

const root = mkdtempSync(join(tmpdir(), 'entry-points-'));
mkdirSync(join(root, 'svc'));
writeFileSync(join(root, 'svc/lambda.ts'), 'export const handler = async () => undefined;\n');
writeFileSync(join(root, 'svc/other.ts'), 'export function notHandler() {}\n');

describe('checkEntryPoints', () => {
  it('finds every function of infra/template.yaml built from a file that exports its handler', () => {
    const template = parse(readFileSync('infra/template.yaml', 'utf8')) as Template;
    const functions = Object.values(template.Resources ?? {}).filter(
      (r) => r.Type === 'AWS::Serverless::Function',
    );
    expect(functions.length).toBeGreaterThanOrEqual(4);
    expect(checkEntryPoints(template, '.')).toEqual([]);
  });

  it.each([
    ['an entry point that exports the handler', { given: fn('svc/lambda.ts'), want: [] }],
    ['no entry point', { given: fn(undefined), want: ['has no BuildProperties.EntryPoints'] }],
    [
      'a missing file',
      { given: fn('svc/gone.ts', 'gone.handler'), want: ['entry point svc/gone.ts does not exist'] },
    ],
    [
      'a file without the export',
      { given: fn('svc/other.ts', 'other.handler'), want: ['svc/other.ts does not export handler'] },
    ],
    [
      'a Handler naming another file',
      {
        given: fn('svc/lambda.ts', 'index.handler'),
        want: ['index.handler names no entry point (svc/lambda.ts)'],
      },
    ],
  ])('%s', (_name, { given, want }) => {
    expect(checkEntryPoints(given as unknown as Template, root).map((f) => f.message)).toEqual(want);
  });
});
