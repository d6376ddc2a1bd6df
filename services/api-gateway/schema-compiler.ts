// Ajv for OpenAPI 3.1 documents (JSON Schema 2020-12). The whole document is added once under an
// id, and every schema is compiled as a `$ref` into it, so references resolve as the spec says.
// Documentation keywords (`example`) are allowed: strict mode off, as for the catalogue's checks.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ProblemError } from './problem.ts';

// ajv-formats is CommonJS; under ESM its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

const docId = 'openapi.json';

export class SchemaCompiler {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(doc: object, options: { coerceTypes?: boolean } = {}) {
    this.ajv = new Ajv2020({
      allErrors: true,
      strict: false,
      validateSchema: false,
      coerceTypes: options.coerceTypes ?? false,
      // OpenAPI's `discriminator` (3.1.0, 4.8.25): Ajv then checks only the `oneOf` branch the
      // property selects, so its errors are about that branch, not every other auth type's.
      discriminator: true,
    });
    addFormats(this.ajv);
    this.ajv.addSchema(doc, docId);
  }

  /** `pointer` is a fragment (`#/components/schemas/X`); compiled once, then cached. */
  compile(pointer: string): ValidateFunction {
    let fn = this.cache.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `${docId}${pointer}` });
      this.cache.set(pointer, fn);
    }
    return fn;
  }

  /** Compiles `{ v: <schema> }` so that type coercion (query strings) can write the value back. */
  compileWrapped(pointer: string): ValidateFunction {
    const key = `wrapped:${pointer}`;
    let fn = this.cache.get(key);
    if (!fn) {
      fn = this.ajv.compile({ type: 'object', properties: { v: { $ref: `${docId}${pointer}` } } });
      this.cache.set(key, fn);
    }
    return fn;
  }
}

/** Ajv errors as RFC 6901 pointers under `prefix` (`''` for a body, `/query/limit` for a parameter). */
export function toProblemErrors(
  errors: readonly ErrorObject[] | null | undefined,
  prefix = '',
): ProblemError[] {
  const seen = new Set<string>();
  const out: ProblemError[] = [];
  for (const e of errors ?? []) {
    // Ajv reports each failed `oneOf`/`if` branch too; the branch errors already say what is wrong.
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
    let pointer = prefix + e.instancePath;
    let message = e.message ?? 'is invalid';
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'required') pointer += `/${escape(String(p['missingProperty']))}`;
    if (e.keyword === 'additionalProperties') {
      pointer += `/${escape(String(p['additionalProperty']))}`;
      message = 'is not allowed here';
    }
    if (e.keyword === 'enum') message = `must be one of ${(p['allowedValues'] as unknown[]).join(', ')}`;
    const key = `${pointer} ${message}`;
    if (!seen.has(key)) out.push({ pointer, message });
    seen.add(key);
  }
  return out;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
