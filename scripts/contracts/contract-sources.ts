// What the contract generators read from the catalogue, gathered once: the events (detail schema,
// named examples, which services send and receive them) and the two OpenAPI documents,
// dereferenced. The derivations (`*-interactions.ts`) are pure functions of this.
import { join, resolve } from 'node:path';
import type { Catalogue, EventDefinition, JsonSchema } from '../catalog/catalogue.ts';

export type { JsonSchema };
type Obj = Record<string, unknown>;

export interface NamedExample {
  readonly name: string;
  readonly summary?: string;
  readonly value: unknown;
}

export interface ContractEvent {
  /** AsyncAPI message id, e.g. `RequestCreated`. */
  readonly name: string;
  readonly source: string;
  readonly detailType: string;
  readonly schema: JsonSchema;
  readonly examples: readonly NamedExample[];
  /** Services that send / receive it, from the AsyncAPI operation ids (`notifierSends…`). */
  readonly senders: readonly string[];
  readonly receivers: readonly string[];
}

export interface ContractSources {
  readonly events: readonly ContractEvent[];
  /** `catalog/openapi/partner-webhook.yaml`, every `$ref` resolved. */
  readonly partnerWebhook: Obj;
  /** `catalog/openapi/marketplace-api.yaml`, every `$ref` resolved. */
  readonly marketplaceApi: Obj;
  /** The catalogue files the contracts come from, for the pact's metadata. */
  readonly files: readonly string[];
}

/** The catalogue files read, relative to the project root. */
export const CONTRACT_FILES = Object.freeze({
  asyncapi: 'catalog/asyncapi.yaml',
  partnerWebhook: 'catalog/openapi/partner-webhook.yaml',
  marketplaceApi: 'catalog/openapi/marketplace-api.yaml',
});

/** From a catalogue the toolkit already loaded (no second parse of the AsyncAPI document). */
export async function contractSourcesFromCatalogue(
  catalogue: Catalogue,
  rootDir: string,
): Promise<ContractSources> {
  const data = catalogue.asyncapi?.data as Obj | undefined;
  if (data === undefined) throw new Error(`${CONTRACT_FILES.asyncapi}: not loaded, cannot derive contracts`);
  const file = (name: string, fallback: string) =>
    catalogue.apis.find((a) => a.name === name)?.file ?? fallback;
  return build(catalogue.events, data, rootDir, {
    asyncapi: catalogue.asyncapi?.file ?? CONTRACT_FILES.asyncapi,
    partnerWebhook: file('partner-webhook', CONTRACT_FILES.partnerWebhook),
    marketplaceApi: file('marketplace-api', CONTRACT_FILES.marketplaceApi),
  });
}

/** Loads what the contracts need straight from `<rootDir>/catalog`. */
export async function loadContractSources(rootDir: string): Promise<ContractSources> {
  const { loadAsyncApi } = await import('../catalog/load-asyncapi.ts');
  const loaded = await loadAsyncApi(join(rootDir, CONTRACT_FILES.asyncapi), CONTRACT_FILES.asyncapi);
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0 || loaded.source.data === undefined) {
    throw new Error(`${CONTRACT_FILES.asyncapi} has ${errors.length} problem(s); run \`portico validate\``);
  }
  return build(loaded.events, loaded.source.data as Obj, rootDir, CONTRACT_FILES);
}

async function build(
  events: readonly EventDefinition[],
  asyncapi: Obj,
  rootDir: string,
  files: { readonly asyncapi: string; readonly partnerWebhook: string; readonly marketplaceApi: string },
): Promise<ContractSources> {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  const deref = async (file: string): Promise<Obj> =>
    (await SwaggerParser.dereference(resolve(rootDir, file))) as unknown as Obj;
  const roles = serviceRoles(asyncapi);
  return {
    events: events.map((e) => ({
      name: e.name,
      source: e.source,
      detailType: e.detailType,
      schema: e.schema,
      examples: messageExamples(asyncapi, e.name),
      senders: roles.get(`send ${e.name}`) ?? [],
      receivers: roles.get(`receive ${e.name}`) ?? [],
    })),
    partnerWebhook: await deref(files.partnerWebhook),
    marketplaceApi: await deref(files.marketplaceApi),
    files: Object.values(files),
  };
}

function messageExamples(asyncapi: Obj, name: string): NamedExample[] {
  const message = at(asyncapi, ['components', 'messages', name]) as Obj | undefined;
  const examples = Array.isArray(message?.examples) ? (message.examples as Obj[]) : [];
  return examples
    .filter((e) => 'payload' in e)
    .map((e, i) => ({
      name: typeof e.name === 'string' ? e.name : `example-${i + 1}`,
      ...(typeof e.summary === 'string' ? { summary: e.summary } : {}),
      value: e.payload,
    }));
}

/**
 * AsyncAPI 3 §3.3.4 Operation Object: `action` is send or receive, `messages` reference the
 * channel's messages, which reference `#/components/messages/<id>`. The service is the operation
 * id's prefix, by the catalogue's naming rule: `notifierDispatcherReceivesX` -> `notifier-dispatcher`.
 */
export function serviceRoles(asyncapi: Obj): Map<string, string[]> {
  const roles = new Map<string, string[]>();
  for (const [id, op] of Object.entries((asyncapi.operations ?? {}) as Record<string, Obj>)) {
    const service = /^(.+?)(?:Sends|Receives?)(?=[A-Z])/.exec(id)?.[1];
    if (service === undefined || (op.action !== 'send' && op.action !== 'receive')) continue;
    const name = service.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    for (const ref of (op.messages ?? []) as Obj[]) {
      const message = componentMessage(asyncapi, ref.$ref);
      if (message === undefined) continue;
      const key = `${String(op.action)} ${message}`;
      const list = roles.get(key) ?? [];
      if (!list.includes(name)) list.push(name);
      roles.set(key, list.sort());
    }
  }
  return roles;
}

function componentMessage(asyncapi: Obj, ref: unknown, hops = 0): string | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#/') || hops > 8) return undefined;
  const path = ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (path[0] === 'components' && path[1] === 'messages' && path.length === 3) return path[2];
  return componentMessage(asyncapi, (at(asyncapi, path) as Obj | undefined)?.$ref, hops + 1);
}

function at(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (v, k) => (v !== null && typeof v === 'object' ? (v as Obj)[k] : undefined),
    value,
  );
}
