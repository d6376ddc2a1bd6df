// TypeScript types from a set of named JSON Schemas, with json-schema-to-typescript. The schemas
// go under `$defs` of one root schema, local `$ref`s rewritten to `#/$defs/<name>`, so that every
// named schema becomes one named type and shared ones are declared once.
//
// Known limits of json-schema-to-typescript (v16), which the generated validators make up for:
// `if`/`then`/`else` and `not` are ignored; `pattern`, `format`, `minLength`/`maximum` and other
// bounds are not expressed (only some appear as JSDoc tags); `additionalProperties` with
// `patternProperties` widens to an index signature; `$dynamicRef` is not supported.
import type { JsonSchema } from '../catalog/catalogue.ts';

export interface NamedTypes {
  /** Name of the root interface, whose properties list the entry points. */
  rootName: string;
  rootDescription: string;
  /** Property of the root interface -> name of the definition it refers to. */
  entries: Readonly<Record<string, string>>;
  definitions: Readonly<Record<string, JsonSchema>>;
}

export async function schemaTypes(input: NamedTypes): Promise<string> {
  const { compile } = await import('json-schema-to-typescript');
  const defs = JSON.parse(
    JSON.stringify(input.definitions).replace(/"#\/components\/schemas\//g, '"#/$defs/'),
  ) as Record<string, JsonSchema>;
  const names = Object.keys(input.entries);
  const root = {
    title: input.rootName,
    description: input.rootDescription,
    type: 'object',
    additionalProperties: false,
    required: names,
    properties: Object.fromEntries(names.map((n) => [n, { $ref: `#/$defs/${input.entries[n]}` }])),
    $defs: defs,
  };
  return compile(root as never, input.rootName, {
    bannerComment: '',
    additionalProperties: false,
    unreachableDefinitions: true,
    format: true,
    style: { singleQuote: true, printWidth: 110, trailingComma: 'all' },
  });
}

export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
