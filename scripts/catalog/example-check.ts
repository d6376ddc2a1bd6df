// An example found in a catalogue document, waiting to be validated against its schema.
import type { JsonSchema } from './catalogue.ts';
import type { SourceFile } from './source-file.ts';

export interface ExampleToCheck {
  readonly source: SourceFile;
  /** Pointer to the example value (as reached in the dereferenced document). */
  readonly pointer: string;
  readonly schema: JsonSchema;
  readonly value: unknown;
  /** The event (AsyncAPI message) the example belongs to, if any. */
  readonly event?: string;
}

/**
 * Parsers annotate the schemas they hand back (`x-parser-schema-id` and friends); those are not
 * part of the catalogue and must not reach Ajv or the generated code.
 */
export function cleanSchema<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cleanSchema(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('x-parser-')) continue;
    out[k] = cleanSchema(v);
  }
  return out as T;
}
