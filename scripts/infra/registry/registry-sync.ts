// `portico registry push | pull | diff`: the catalogue's event schemas in an EventBridge schema
// registry, named as EventBridge's own discovery names them (`<source>@<DetailType>`), as Draft 4.
// Push changes only what differs, so a second push changes nothing.
import {
  CreateRegistryCommand,
  CreateSchemaCommand,
  DescribeRegistryCommand,
  DescribeSchemaCommand,
  ListSchemasCommand,
  NotFoundException,
  UpdateSchemaCommand,
  type SchemasClient,
} from '@aws-sdk/client-schemas';
import { stableJson } from '../../generate/context.ts';
import { toDraft4, type LostKeyword } from './to-draft4.ts';

export const SCHEMA_TYPE = 'JSONSchemaDraft4';

export interface CatalogueEvent {
  source: string;
  detailType: string;
  schema: Record<string, unknown>;
}

export interface RegistryEntry {
  schemaName: string;
  /** Stable JSON, so that equal schemas compare equal as text. */
  content: string;
  lost: LostKeyword[];
}

type Sender = Pick<SchemasClient, 'send'>;
export type PushAction = 'created' | 'updated' | 'unchanged';
export type DriftStatus = 'same' | 'changed' | 'missing' | 'extra';

/** `com.marketplace.market` + `marketplace requests` -> `com.marketplace.market@MarketplaceRequests`. */
export function schemaName(source: string, detailType: string): string {
  const words = detailType.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  return `${source}@${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`;
}

export function registryEntries(events: readonly CatalogueEvent[]): RegistryEntry[] {
  return events
    .map((e) => {
      const { schema, lost } = toDraft4(e.schema);
      return { schemaName: schemaName(e.source, e.detailType), content: stableJson(schema), lost };
    })
    .sort((a, b) => (a.schemaName < b.schemaName ? -1 : 1));
}

const notFound = (error: unknown) =>
  error instanceof NotFoundException || (error as { name?: string }).name === 'NotFoundException';
const normalise = (content: string) => stableJson(JSON.parse(content));

async function remoteContent(client: Sender, registry: string, name: string): Promise<string | undefined> {
  try {
    const out = await client.send(new DescribeSchemaCommand({ RegistryName: registry, SchemaName: name }));
    return out.Content === undefined ? undefined : normalise(out.Content);
  } catch (error) {
    if (notFound(error)) return undefined;
    throw error;
  }
}

export async function push(client: Sender, registry: string, entries: readonly RegistryEntry[]) {
  let registryCreated = false;
  try {
    await client.send(new DescribeRegistryCommand({ RegistryName: registry }));
  } catch (error) {
    if (!notFound(error)) throw error;
    await client.send(
      new CreateRegistryCommand({
        RegistryName: registry,
        Description: 'Portico catalogue events (portico registry push)',
      }),
    );
    registryCreated = true;
  }
  const actions: { schemaName: string; action: PushAction; version?: string }[] = [];
  for (const entry of entries) {
    const remote = await remoteContent(client, registry, entry.schemaName);
    const input = {
      RegistryName: registry,
      SchemaName: entry.schemaName,
      Content: entry.content,
      Type: SCHEMA_TYPE,
    } as const;
    if (remote === undefined) {
      const out = await client.send(new CreateSchemaCommand(input));
      actions.push({
        schemaName: entry.schemaName,
        action: 'created',
        ...(out.SchemaVersion ? { version: out.SchemaVersion } : {}),
      });
    } else if (remote !== entry.content) {
      const out = await client.send(new UpdateSchemaCommand(input));
      actions.push({
        schemaName: entry.schemaName,
        action: 'updated',
        ...(out.SchemaVersion ? { version: out.SchemaVersion } : {}),
      });
    } else {
      actions.push({ schemaName: entry.schemaName, action: 'unchanged' });
    }
  }
  return { registryCreated, actions };
}

/** The latest content of every schema in the registry, by name. */
export async function pull(client: Sender, registry: string): Promise<Map<string, string>> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListSchemasCommand({ RegistryName: registry, NextToken: token }));
    names.push(...(page.Schemas ?? []).map((s) => s.SchemaName!).filter((n) => n !== undefined));
    token = page.NextToken;
  } while (token);
  const out = new Map<string, string>();
  for (const name of names.sort()) {
    const content = await remoteContent(client, registry, name);
    if (content !== undefined) out.set(name, content);
  }
  return out;
}

/** Drift between the registry and the catalogue: one line per schema on either side. */
export async function diff(client: Sender, registry: string, entries: readonly RegistryEntry[]) {
  let remote: Map<string, string>;
  try {
    remote = await pull(client, registry);
  } catch (error) {
    if (!notFound(error)) throw error;
    remote = new Map();
  }
  const drift: { schemaName: string; status: DriftStatus }[] = entries.map((e) => {
    const content = remote.get(e.schemaName);
    return {
      schemaName: e.schemaName,
      status: content === undefined ? 'missing' : content === e.content ? 'same' : 'changed',
    };
  });
  const known = new Set(entries.map((e) => e.schemaName));
  for (const name of remote.keys()) if (!known.has(name)) drift.push({ schemaName: name, status: 'extra' });
  return drift.sort((a, b) => (a.schemaName < b.schemaName ? -1 : 1));
}
