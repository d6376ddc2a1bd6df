// generated/validators/: Ajv standalone validators (ESM), compiled once at generate time so the
// runtime needs no schema compilation, behind a small typed index:
//   validateDetail(source, detailType, detail)  and  validateRequestBody(operationId, body).
// Ajv's standalone ESM output still `require`s its runtime helpers and ajv-formats' formats
// (ajv-validator/ajv#2209); the generator turns each into a static ESM import, so the module is
// self-contained ESM that Node, tsx, vitest and a bundler (esbuild, for Lambda) all load alike.
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
 * Turns each `require("m")` of Ajv's output into `import * as __cjsN from 'm.js'`. The loaders disagree
 * on what a CommonJS module's `default` is when it sets `__esModule` (Node: `module.exports`; vitest
 * and esbuild's interop: `module.exports.default`), so `cjs()` recovers `module.exports` either way:
 * Ajv's code then reads `.default` or `.fullFormats` from it as it would under `require`.
 */
function rewriteRequires(code: string): string {
  const body = code.replace(/^"use strict";/, '');
  const modules: string[] = [];
  const rewritten = body.replace(/require\("([^"]+)"\)/g, (_m, specifier: string) => {
    if (!modules.includes(specifier)) modules.push(specifier);
    return `cjs(__cjs${modules.indexOf(specifier)})`;
  });
  if (modules.length === 0) return body;
  const imports = modules.map((m, i) => `import * as __cjs${i} from '${m.endsWith('.js') ? m : `${m}.js`}';`);
  return `${imports.join('\n')}
const cjs = (ns) => (ns.default !== null && typeof ns.default === 'object' && ns.default.__esModule ? ns.default : ns);
${rewritten}`;
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
  /** JSON pointer into the validated value ('' is the value itself); a missing or unknown member is named. */
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
    const member = memberAtFault(e.params);
    return {
      pointer: member === undefined ? e.instancePath : \`\${e.instancePath}/\${escapePointer(member)}\`,
      message: e.message ?? e.keyword,
    };
  });
  return { ok: false, errors };
}

/**
 * The member a missing- or unknown-property error is about (Ajv's \`required\`, \`dependentRequired\`,
 * \`additionalProperties\`, \`unevaluatedProperties\` params), so the pointer names it, not its parent.
 */
function memberAtFault(params: Record<string, unknown>): string | undefined {
  for (const key of ['missingProperty', 'additionalProperty', 'unevaluatedProperty']) {
    const value = params[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** RFC 6901 §3: \`~\` is written \`~0\` and \`/\` is written \`~1\`. */
function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\\//g, '~1');
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
