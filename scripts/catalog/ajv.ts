// One way to make an Ajv for the catalogue: JSON Schema 2020-12, every error, formats checked.
// AsyncAPI 3 schemas are a superset of draft-07 whose keywords 2020-12 reads the same way for
// everything the catalogue uses; OpenAPI 3.1 schemas are 2020-12. Catalogue schemas carry
// documentation keywords (`example`, `x-…`), so they are compiled with `strict: false`.
import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under ESM its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

export function createAjv(options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, ...options });
  addFormats(ajv);
  return ajv;
}
