// Loads `catalog/partners/<id>.yaml`: one YAML file a partner, validated with Ajv (JSON Schema
// 2020-12) against `partner-file.schema.json`, where unknown keys are errors. A partner's `id` must
// be its file name, so that onboarding is adding one file and the file is found by id.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { PartnerDeclaration, PartnerEntry } from './catalogue.ts';
import { problemAt, readSourceFile, type SourceFile } from './source-file.ts';
import type { Problem } from './problem.ts';
import { createAjv } from './ajv.ts';
import { allowedKeysAt, didYouMean } from './did-you-mean.ts';

const SCHEMA_URL = new URL('./partner-file.schema.json', import.meta.url);

export interface LoadedPartners {
  partners: PartnerEntry[];
  problems: Problem[];
}

export async function loadPartners(absoluteDir: string, dir: string): Promise<LoadedPartners> {
  const out: LoadedPartners = { partners: [], problems: [] };
  if (!existsSync(absoluteDir)) return out;
  const validate = await partnerFileValidator();
  const files = readdirSync(absoluteDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  for (const name of files) {
    const { source, problems } = readSourceFile(join(absoluteDir, name), `${dir}/${name}`);
    out.problems.push(...problems);
    if (source.data === undefined) continue;
    if (!validate(source.data)) {
      out.problems.push(...schemaProblems(source, validate.errors ?? [], validate.schema));
      continue;
    }
    const declaration = source.data as PartnerDeclaration;
    const stem = name.replace(/\.ya?ml$/, '');
    if (declaration.id !== stem) {
      out.problems.push(
        problemAt(source, '#/id', `id '${declaration.id}' must equal the file name '${stem}'`),
      );
      continue;
    }
    out.partners.push({ source, declaration });
  }
  return out;
}

let compiled: Promise<ValidateFunction> | undefined;

function partnerFileValidator(): Promise<ValidateFunction> {
  compiled ??= (async () => {
    const { readFile } = await import('node:fs/promises');
    const schema = JSON.parse(await readFile(SCHEMA_URL, 'utf8')) as object;
    return createAjv({ strictSchema: true }).compile(schema);
  })();
  return compiled;
}

/**
 * Ajv's errors, placed. An unknown key is reported at the key itself; when a `oneOf`/`anyOf`
 * fails, the errors of its branches are more useful than the summary, so the summary is dropped
 * whenever a deeper error explains it.
 */
export function schemaProblems(
  source: SourceFile,
  errors: readonly ErrorObject[],
  /** The schema validated against, for "did you mean" on unknown keys. */
  schema?: unknown,
): Problem[] {
  const deeper = (e: ErrorObject) =>
    errors.some((o) => o !== e && o.instancePath.startsWith(e.instancePath) && o.keyword !== e.keyword);
  const problems = errors
    .filter((e) => !(['oneOf', 'anyOf', 'if'].includes(e.keyword) && deeper(e)))
    .map((e) => {
      if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
        const key = String(e.params.additionalProperty ?? e.params.unevaluatedProperty);
        const hint = schema === undefined ? undefined : didYouMean(key, allowedKeysAt(schema, e.schemaPath));
        const message = `unknown key '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`;
        return problemAt(source, `#${e.instancePath}/${escape(key)}`, message, { key: true });
      }
      return problemAt(source, `#${e.instancePath}`, describe(e));
    });
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.column}:${p.pointer}:${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

export function describe(e: ErrorObject): string {
  if (e.keyword === 'enum') {
    const allowed = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    return `must be one of ${allowed}`;
  }
  if (e.keyword === 'const') return `must be ${JSON.stringify(e.params.allowedValue)}`;
  return e.message ?? `fails ${e.keyword}`;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
