// generated/types/events.ts: one type per event `detail` (AsyncAPI 3.0 §3.3.27 Message Object,
// `payload`), named after its component schema, plus `EventDetails` keyed by message name.
import type { Catalogue, JsonSchema } from '../catalog/catalogue.ts';
import { cleanSchema } from '../catalog/example-check.ts';
import type { GeneratedFile, GenerateContext } from './context.ts';
import { tsHeader } from './header.ts';
import { schemaTypes } from './schema-types.ts';

export async function generateEventTypes(
  catalogue: Catalogue,
  ctx: GenerateContext,
): Promise<GeneratedFile[]> {
  const data = catalogue.asyncapi?.data as
    { components?: { schemas?: Record<string, JsonSchema> } } | undefined;
  const definitions: Record<string, JsonSchema> = { ...(data?.components?.schemas ?? {}) };
  for (const event of catalogue.events) definitions[event.schemaId] ??= cleanSchema(event.schema);
  const body = await schemaTypes({
    rootName: 'EventDetails',
    rootDescription: 'The `detail` of each event on the bus, by AsyncAPI message name.',
    entries: Object.fromEntries(catalogue.events.map((e) => [e.name, e.schemaId])),
    definitions,
  });
  const about =
    'Event detail types from catalog/asyncapi.yaml (json-schema-to-typescript; see README.md for its limits).';
  return [{ path: 'types/events.ts', contents: `${tsHeader(ctx, about)}\n${body}` }];
}
