// generated/types/<api>.ts: one type per OpenAPI 3.1 component schema (§4.8.7 Components Object),
// one file per document under catalog/openapi/.
import type { Catalogue } from '../catalog/catalogue.ts';
import type { GeneratedFile, GenerateContext } from './context.ts';
import { tsHeader } from './header.ts';
import { pascalCase, schemaTypes } from './schema-types.ts';

export async function generateApiTypes(catalogue: Catalogue, ctx: GenerateContext): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for (const api of catalogue.apis) {
    // Named by its place in the catalogue, not on disk, so output does not depend on --catalog.
    const file = `catalog/openapi/${api.file.split('/').pop() ?? api.name}`;
    const names = Object.keys(api.rawSchemas);
    const body = await schemaTypes({
      rootName: `${pascalCase(api.name)}Schemas`,
      rootDescription: `Every component schema of ${file}, by name.`,
      entries: Object.fromEntries(names.map((n) => [n, n])),
      definitions: api.rawSchemas,
    });
    const about = `Schema types from ${file} (json-schema-to-typescript; see README.md for its limits).`;
    files.push({ path: `types/${api.name}.ts`, contents: `${tsHeader(ctx, about)}\n${body}` });
  }
  return files;
}
