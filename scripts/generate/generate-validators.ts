// generated/validators/: Ajv standalone validators (ESM), compiled once at generate time so the
// runtime needs no schema compilation, behind a small typed index:
//   validateDetail(source, detailType, detail)  and  validateRequestBody(operationId, body).
// Ajv's standalone ESM output still `require`s its runtime helpers and ajv-formats' formats
// (ajv-validator/ajv#2209), so the module binds `require` itself.
import type { Catalogue } from '../catalog/catalogue.ts';
import type { GeneratedFile, GenerateContext } from './context.ts';
import { tsHeader } from './header.ts';

export async function generateValidators(
  catalogue: Catalogue,
  ctx: GenerateContext,
): Promise<GeneratedFile[]> {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const formats = await import('ajv-formats');
  const addFormats = ((formats.default as unknown as { default?: unknown }).default ?? formats.default) as (
    ajv: unknown,
  ) => void;
  const ajv = new Ajv2020({ allErrors: true, strict: false, code: { source: true, esm: true, lines: true } });
  addFormats(ajv);

  const exports: Record<string, string> = {};
  const events: [string, string, string][] = [];
  for (const event of catalogue.events) {
    const name = `event_${identifier(event.name)}`;
    ajv.addSchema(event.schema, name);
    exports[name] = name;
    events.push([event.source, event.detailType, name]);
  }
  const bodies: [string, string][] = [];
  for (const api of catalogue.apis) {
    for (const op of api.operations) {
      if (!op.requestBodySchema) continue;
      const name = `body_${identifier(op.operationId)}`;
      ajv.addSchema(op.requestBodySchema, name);
      exports[name] = name;
      bodies.push([op.operationId, name]);
    }
  }
  const names = Object.keys(exports).sort();
  const code = rewriteRequires(standaloneCode(ajv, Object.fromEntries(names.map((n) => [n, n]))));
  const jsHeader = tsHeader(ctx, 'Ajv standalone validators compiled from the catalogue schemas.');
  const dts = [
    tsHeader(ctx, 'Types of compiled.js.'),
    'export interface CompiledError {\n  instancePath: string;\n  keyword: string;\n  message?: string;\n  params: Record<string, unknown>;\n}',
    'export interface CompiledValidator {\n  (data: unknown): boolean;\n  errors?: CompiledError[] | null;\n}',
    ...names.map((n) => `export declare const ${n}: CompiledValidator;`),
  ].join('\n');
  return [
    { path: 'validators/compiled.js', contents: `${jsHeader}${code}\n` },
    { path: 'validators/compiled.d.ts', contents: `${dts}\n` },
    { path: 'validators/index.ts', contents: indexSource(ctx, events, bodies) },
  ];
}

function identifier(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Binds `require` with `createRequire`, so Ajv's `require("…").default` means what it means in
 * CommonJS under every loader (Node, tsx, vitest), rather than depending on each one's
 * default-import interop.
 */
function rewriteRequires(code: string): string {
  const body = code.replace(/^"use strict";/, '');
  if (!body.includes('require(')) return body;
  return `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n${body}`;
}

function indexSource(
  ctx: GenerateContext,
  events: [string, string, string][],
  bodies: [string, string][],
): string {
  const eventLines = events.map(([s, d, n]) => `  [${JSON.stringify(`${s}\n${d}`)}, compiled.${n}],`);
  const bodyLines = bodies.map(([op, n]) => `  [${JSON.stringify(op)}, compiled.${n}],`);
  return `${tsHeader(ctx, 'Typed entry points over the compiled validators.')}
import * as compiled from './compiled.js';
import type { CompiledValidator } from './compiled.js';

export interface ValidationError {
  /** JSON pointer into the validated value (Ajv's instancePath; '' is the value itself). */
  pointer: string;
  message: string;
}

export type ValidationResult = { ok: true } | { ok: false; errors: ValidationError[] };

const byEvent = new Map<string, CompiledValidator>([
${eventLines.join('\n')}
]);

const byOperation = new Map<string, CompiledValidator>([
${bodyLines.join('\n')}
]);

function run(validate: CompiledValidator, value: unknown): ValidationResult {
  if (validate(value)) return { ok: true };
  const errors = (validate.errors ?? []).map((e) => {
    const key = e.params.additionalProperty;
    const message = e.message ?? e.keyword;
    return { pointer: e.instancePath, message: typeof key === 'string' ? \`\${message}: '\${key}'\` : message };
  });
  return { ok: false, errors };
}

/** Validates an event's \`detail\`; undefined when (source, detailType) is not in the catalogue. */
export function validateDetail(source: string, detailType: string, detail: unknown): ValidationResult | undefined {
  const validate = byEvent.get(\`\${source}\\n\${detailType}\`);
  return validate ? run(validate, detail) : undefined;
}

/** Validates a Marketplace API request body; undefined when the operation takes no JSON body. */
export function validateRequestBody(operationId: string, body: unknown): ValidationResult | undefined {
  const validate = byOperation.get(operationId);
  return validate ? run(validate, body) : undefined;
}

export const eventTypes: readonly { source: string; detailType: string }[] = [
${events.map(([s, d]) => `  { source: ${JSON.stringify(s)}, detailType: ${JSON.stringify(d)} },`).join('\n')}
];
`;
}
