// Every environment variable a Lambda entry point requires (`env('NAME')` in services/<dir>/lambda.ts)
// is set for that function by infra/template.yaml, in Globals or on the function itself.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Template } from './template-walk.ts';

const template = parse(readFileSync('infra/template.yaml', 'utf8')) as Template & {
  Globals?: { Function?: { Environment?: { Variables?: Record<string, unknown> } } };
};
const globals = Object.keys(template.Globals?.Function?.Environment?.Variables ?? {});
const functions = Object.entries(template.Resources ?? {}).filter(
  ([, r]) => r.Type === 'AWS::Serverless::Function',
);

describe('Lambda environment', () => {
  it.each(functions)('%s gets every variable its entry point requires', (_id, resource) => {
    const entry = (resource['Metadata'] as { BuildProperties: { EntryPoints: string[] } }).BuildProperties
      .EntryPoints[0]!;
    const source = readFileSync(entry, 'utf8');
    const required = [...source.matchAll(/\benv\('([A-Z_]+)'\)/g)].map((m) => m[1]!);
    const fromEnv = [...source.matchAll(/process\.env\.([A-Z_]+)/g)].map((m) => m[1]!);
    const own = Object.keys(
      ((resource.Properties?.['Environment'] as { Variables?: object } | undefined)?.Variables ??
        {}) as object,
    );
    expect(required.length + fromEnv.length).toBeGreaterThan(0);
    const missing = [...new Set([...required, ...fromEnv])].filter((v) => ![...globals, ...own].includes(v));
    expect(missing).toEqual([]);
  });
});
