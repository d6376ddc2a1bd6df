// What the change does to everything generated from the catalogue, found by running the project's
// own generators (pure functions of the catalogue) on both sides and comparing: the pacts whose
// interactions change, the consumer signatures whose event types change (and the services that
// implement them), the generated types, and the SAM resources CloudFormation would replace.
import { buildCatalogModel } from '../catalog/build-catalog-model.ts';
import type { Catalogue } from '../catalog/catalogue.ts';
import { contractSourcesFromCatalogue } from '../contracts/contract-sources.ts';
import { pactDefinitions } from '../contracts/generate-pacts.ts';
import { pactFileName } from '../contracts/interaction.ts';
import { createContext } from '../generate/context.ts';
import { generateAll } from '../generate/generate-all.ts';
import { infraModel } from '../generate/infra/from-catalogue.ts';
import { buildTemplate } from '../generate/infra/generate-infra.ts';
import type { Side } from './load-side.ts';
import { replacementOf } from './replacement-properties.ts';

export type OutputKind = 'pact' | 'consumer' | 'type' | 'sam' | 'generated';

export interface OutputChange {
  readonly kind: OutputKind;
  readonly line: string;
}

type Obj = Record<string, unknown>;
const MARKETPLACE_APIS = ['partner-webhook', 'marketplace-api'];

export async function outputChanges(base: Side, head: Side): Promise<OutputChange[]> {
  const ctx = createContext();
  const out: OutputChange[] = [];
  const [a, b] = [await generated(base.catalogue), await generated(head.catalogue)];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (a.get(path) === b.get(path)) continue;
    const status = !a.has(path) ? 'added' : !b.has(path) ? 'removed' : 'changes';
    out.push({ kind: 'generated', line: `generated/${path} ${status}` });
  }
  const changedTypes = new Set<string>();
  for (const path of [...new Set([...a.keys(), ...b.keys()])].filter((p) => p.startsWith('types/'))) {
    const ea = exportsOf(a.get(path) ?? '');
    const eb = exportsOf(b.get(path) ?? '');
    for (const name of new Set([...ea.keys(), ...eb.keys()])) {
      if (ea.get(name) === eb.get(name)) continue;
      changedTypes.add(name);
      out.push({
        kind: 'type',
        line: `type ${name} (generated/${path}) ${!ea.has(name) ? 'added' : !eb.has(name) ? 'removed' : 'changes'}`,
      });
    }
  }
  // A type that names a changed type changes with it (PartnerOnboardedDetail names RequestType).
  const allTypes = new Map<string, string>();
  for (const path of [...b.keys()].filter((p) => p.startsWith('types/')))
    for (const [name, block] of exportsOf(b.get(path) ?? '')) allTypes.set(name, block);
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, block] of allTypes) {
      if (changedTypes.has(name)) continue;
      if ([...changedTypes].some((t) => new RegExp(`\\b${t}\\b`).test(block))) {
        changedTypes.add(name);
        grew = true;
      }
    }
  }
  const sa = exportsOf(a.get('services/consumers.ts') ?? '');
  const sb = exportsOf(b.get('services/consumers.ts') ?? '');
  for (const name of [...new Set([...sa.keys(), ...sb.keys()])].sort()) {
    const block = sb.get(name) ?? sa.get(name) ?? '';
    const uses = [...changedTypes].filter((t) => new RegExp(`\\b${t}\\b`).test(block));
    if (sa.get(name) === sb.get(name) && uses.length === 0) continue;
    if (!/^[A-Z]\w*Receives?[A-Z]\w*$/.test(name)) continue;
    const service = name
      .replace(/Receives?[A-Z].*$/, '')
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase();
    const why = !sa.has(name)
      ? 'added'
      : !sb.has(name)
        ? 'removed'
        : uses.length > 0
          ? `its event type${uses.length > 1 ? 's' : ''} ${uses.join(', ')} change${uses.length > 1 ? '' : 's'}`
          : 'changes';
    out.push({ kind: 'consumer', line: `consumer signature ${name} (service ${service}): ${why}` });
  }
  out.push(...(await underGenerator('pact', 'the pacts', () => pactChanges(base, head))));
  if (hasMarketplaceApis(base.catalogue) && hasMarketplaceApis(head.catalogue)) {
    out.push(
      ...(await underGenerator('sam', 'the SAM template', async () => {
        const resources = (c: Catalogue) =>
          buildTemplate(infraModel(c, buildCatalogModel(c, ctx))).Resources as Record<string, Obj>;
        return samChanges(resources(base.catalogue), resources(head.catalogue));
      })),
    );
  }
  return out;
}

/** A generator refuses a catalogue that `validate` rejects (e.g. an example outside its enum): say so. */
async function underGenerator(
  kind: OutputKind,
  what: string,
  run: () => Promise<OutputChange[]>,
): Promise<OutputChange[]> {
  try {
    return await run();
  } catch (error) {
    return [
      {
        kind,
        line: `${what} cannot be generated from the head catalogue until \`portico validate\` passes: ${(error as Error).message}`,
      },
    ];
  }
}

async function generated(catalogue: Catalogue): Promise<Map<string, string>> {
  const files = await generateAll(catalogue, createContext());
  return new Map(files.map((f) => [f.path, f.contents]));
}

function hasMarketplaceApis(catalogue: Catalogue): boolean {
  return MARKETPLACE_APIS.every((name) => catalogue.apis.some((a) => a.name === name));
}

/** Exported declarations by name, each with its doc comment: `export type X = …` up to the next. */
export function exportsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of text.split(/\n(?=\/\*\*|export )/)) {
    const name = /^export (?:declare )?(?:interface|type|const|function|class|enum) (\w+)/m.exec(block)?.[1];
    if (name) out.set(name, (out.get(name) ?? '') + block);
  }
  return out;
}

async function pactChanges(base: Side, head: Side): Promise<OutputChange[]> {
  if (!hasMarketplaceApis(base.catalogue) || !hasMarketplaceApis(head.catalogue)) return [];
  const interactions = async (side: Side) => {
    const defs = pactDefinitions(await contractSourcesFromCatalogue(side.catalogue, side.root));
    const map = new Map<string, string>();
    for (const d of defs.http)
      for (const i of d.interactions) map.set(`${pactFileName(d)}\u0000${i.description}`, JSON.stringify(i));
    for (const d of defs.messages)
      for (const m of d.messages) map.set(`${pactFileName(d)}\u0000${m.description}`, JSON.stringify(m));
    return map;
  };
  const a = await interactions(base);
  const b = await interactions(head);
  const out: OutputChange[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (a.get(key) === b.get(key)) continue;
    const [file, description] = key.split('\u0000') as [string, string];
    const status = !a.has(key) ? 'added' : !b.has(key) ? 'removed' : 'changes';
    out.push({ kind: 'pact', line: `pact contracts/pacts/${file}: interaction "${description}" ${status}` });
  }
  return out;
}

export function samChanges(a: Record<string, Obj>, b: Record<string, Obj>): OutputChange[] {
  const out: OutputChange[] = [];
  for (const id of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const ra = a[id];
    const rb = b[id];
    if (ra === undefined) {
      out.push({ kind: 'sam', line: `SAM resource ${id} (${String(rb?.Type)}) created` });
      continue;
    }
    if (rb === undefined) {
      out.push({ kind: 'sam', line: `SAM resource ${id} (${String(ra.Type)}) deleted` });
      continue;
    }
    if (JSON.stringify(ra) === JSON.stringify(rb)) continue;
    const replaced = replacementOf(ra, rb);
    out.push({
      kind: 'sam',
      line:
        replaced.length > 0
          ? `SAM resource ${id} (${String(rb.Type)}) REPLACED: ${replaced.join(', ')} change${replaced.length > 1 ? '' : 's'}`
          : `SAM resource ${id} (${String(rb.Type)}) updated in place`,
    });
  }
  return out;
}
