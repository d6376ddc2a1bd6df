// What the site shows, gathered once from the catalogue: each event with its schema, examples,
// producers and consumers (AsyncAPI 3.0 §3.3.4 Operation Object: `send` produces, `receive`
// consumes) and generated TypeScript type; the APIs as written; the partners with their rules; the
// pacts; and every rule an event meets on the bus (the same list `portico route` uses).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogModel } from '../../generated/catalog-model.ts';
import { buildCatalogModel } from '../catalog/build-catalog-model.ts';
import type { ApiDefinition, Catalogue, EventDefinition, PartnerDeclaration } from '../catalog/catalogue.ts';
import { createContext } from '../generate/context.ts';
import { generateEventTypes } from '../generate/generate-event-types.ts';
import { catalogueRules } from '../route/catalogue-rules.ts';
import type { RouteRule } from '../route/route-event.ts';

export interface EventExample {
  readonly name: string;
  readonly summary?: string;
  readonly detail: Record<string, unknown>;
}

export interface DocsOperation {
  readonly id: string;
  readonly title: string;
  readonly action: 'send' | 'receive';
  readonly tags: readonly string[];
}

export interface DocsEvent {
  readonly def: EventDefinition;
  readonly title: string;
  readonly summary: string;
  readonly description: string;
  readonly examples: readonly EventExample[];
  readonly producers: readonly DocsOperation[];
  readonly consumers: readonly DocsOperation[];
  readonly typeScript: string;
}

export interface Pact {
  readonly file: string;
  readonly consumer: string;
  readonly provider: string;
  readonly interactions: ReadonlyArray<{
    description: string;
    state?: string;
    method?: string;
    path?: string;
  }>;
}

export interface DocsModel {
  readonly title: string;
  readonly description: string;
  readonly events: readonly DocsEvent[];
  readonly apis: readonly ApiDefinition[];
  readonly partners: readonly PartnerDeclaration[];
  readonly model: CatalogModel;
  readonly rules: readonly RouteRule[];
  readonly pacts: readonly Pact[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const refName = (ref: unknown): string => str(ref).split('/').pop() ?? '';

/** The declaration of `name` in generated/types/events.ts, with its doc comment. */
function declarationOf(source: string, name: string): string {
  const lines = source.split('\n');
  const at = lines.findIndex(
    (l) => l.startsWith(`export interface ${name} `) || l.startsWith(`export type ${name} `),
  );
  if (at < 0) return '';
  let start = at;
  if (lines[at - 1]?.trim() === '*/') while (start > 0 && !lines[start]!.startsWith('/**')) start--;
  const isInterface = lines[at]!.startsWith('export interface');
  const last = (l: string): boolean => (isInterface ? l === '}' : l.trimEnd().endsWith(';'));
  let end = at;
  while (end < lines.length - 1 && !last(lines[end]!)) end++;
  return lines.slice(start, end + 1).join('\n');
}

function operationsByMessage(asyncapi: Obj): Map<string, DocsOperation[]> {
  const channels = obj(asyncapi.channels);
  const out = new Map<string, DocsOperation[]>();
  for (const [id, raw] of Object.entries(obj(asyncapi.operations))) {
    const op = obj(raw);
    const channel = obj(channels[refName(obj(op.channel).$ref)]);
    const messages = obj(channel.messages);
    const tags = Array.isArray(op.tags) ? op.tags.map((t) => str(obj(t).name)) : [];
    const entry: DocsOperation = {
      id,
      title: str(op.title) || id,
      action: op.action === 'send' ? 'send' : 'receive',
      tags,
    };
    for (const m of Array.isArray(op.messages) ? op.messages : []) {
      const message = refName(obj(messages[refName(obj(m).$ref)]).$ref);
      out.set(message, [...(out.get(message) ?? []), entry]);
    }
  }
  return out;
}

function readPacts(dir: string): Pact[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const pact = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Obj;
      const interactions = (Array.isArray(pact.interactions) ? pact.interactions : []).map((raw) => {
        const i = obj(raw);
        const states = Array.isArray(i.providerStates) ? i.providerStates : [];
        const request = obj(i.request);
        return {
          description: str(i.description),
          ...(states.length > 0 ? { state: str(obj(states[0]).name) } : {}),
          ...(request.method ? { method: str(request.method), path: str(request.path) } : {}),
        };
      });
      return {
        file,
        consumer: str(obj(pact.consumer).name),
        provider: str(obj(pact.provider).name),
        interactions,
      };
    });
}

export async function buildDocsModel(catalogue: Catalogue, pactsDir: string): Promise<DocsModel> {
  const ctx = createContext();
  const asyncapi = obj(catalogue.asyncapi?.data);
  const info = obj(asyncapi.info);
  const messages = obj(obj(asyncapi.components).messages);
  const ops = operationsByMessage(asyncapi);
  const types = (await generateEventTypes(catalogue, ctx))[0]?.contents ?? '';
  const model = buildCatalogModel(catalogue, ctx);
  const events = catalogue.events.map((def): DocsEvent => {
    const m = obj(messages[def.name]);
    const examples = (Array.isArray(m.examples) ? m.examples : []).map((raw, i) => {
      const e = obj(raw);
      return {
        name: str(e.name) || `example ${i + 1}`,
        ...(e.summary ? { summary: str(e.summary) } : {}),
        detail: obj(e.payload),
      };
    });
    const mine = ops.get(def.name) ?? [];
    return {
      def,
      title: str(m.title) || def.name,
      summary: str(m.summary),
      description: str(m.description),
      examples,
      producers: mine.filter((o) => o.action === 'send'),
      consumers: mine.filter((o) => o.action === 'receive'),
      typeScript: declarationOf(types, def.schemaId),
    };
  });
  return {
    title: str(info.title) || 'Portico',
    description: str(info.description),
    events,
    apis: catalogue.apis,
    partners: catalogue.partners.map((p) => p.declaration).sort((a, b) => (a.id < b.id ? -1 : 1)),
    model,
    rules: catalogueRules(model),
    pacts: readPacts(pactsDir),
  };
}
