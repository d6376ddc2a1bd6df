// Validates values against catalogue schemas, compiling each schema object once.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema } from './catalogue.ts';
import { createAjv } from './ajv.ts';

export interface SchemaValidator {
  errors(schema: JsonSchema, value: unknown): ErrorObject[];
  accepts(schema: JsonSchema, value: unknown): boolean;
}

export function createSchemaValidator(): SchemaValidator {
  const ajv = createAjv();
  const cache = new WeakMap<JsonSchema, ValidateFunction>();
  const compile = (schema: JsonSchema) => {
    let fn = cache.get(schema);
    if (!fn) {
      fn = ajv.compile(schema);
      cache.set(schema, fn);
    }
    return fn;
  };
  return {
    errors(schema, value) {
      const fn = compile(schema);
      return fn(value) ? [] : [...(fn.errors ?? [])];
    },
    accepts(schema, value) {
      return compile(schema)(value) === true;
    },
  };
}
