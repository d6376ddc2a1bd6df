// AsyncAPI changes: messages (by their id under components/messages), their EventBridge identity
// (`x-eventbridge` source and detail-type, which the rules match on), channels, operations, and each
// message's payload compared in the schema-registry sense (rules.ts says which direction each
// difference breaks: BACKWARD for producers, FORWARD for consumers).
import type { Catalogue } from '../catalog/catalogue.ts';
import type { Finding } from './change.ts';
import { describeDelta } from './openapi-changes.ts';
import { schemaDeltas, showPath, type SchemaDelta } from './schema-delta.ts';

type Obj = Record<string, unknown>;

export function eventChanges(base: Catalogue, head: Catalogue): Finding[] {
  const file = head.asyncapi?.file ?? base.asyncapi?.file ?? 'catalog/asyncapi.yaml';
  const out: Finding[] = [];
  const before = new Map(base.events.map((e) => [e.name, e]));
  const after = new Map(head.events.map((e) => [e.name, e]));
  for (const [name, a] of before) {
    const b = after.get(name);
    if (b === undefined) {
      out.push({
        id: 'message-removed',
        file,
        path: name,
        message: `message ${name} (${a.source} / ${a.detailType}) removed`,
        subject: { kind: 'message', event: name },
      });
      continue;
    }
    if (a.source !== b.source)
      out.push({
        id: 'message-source-changed',
        file,
        path: `${name} x-eventbridge.source`,
        message: `source '${a.source}' → '${b.source}'`,
        subject: { kind: 'message', event: name },
      });
    if (a.detailType !== b.detailType)
      out.push({
        id: 'message-detail-type-changed',
        file,
        path: `${name} x-eventbridge.detail-type`,
        message: `detail-type '${a.detailType}' → '${b.detailType}'`,
        subject: { kind: 'message', event: name },
      });
    for (const d of schemaDeltas(a.schema, b.schema)) {
      const field = showPath(d.path);
      out.push({
        id: payloadRule(d),
        file,
        path: field === '' ? name : `${name}: ${field}`,
        message: describeDelta(field === '' ? b.schemaId : `${b.schemaId}.${field}`, d),
        subject: { kind: 'event', event: name, delta: d },
      });
    }
  }
  for (const [name, b] of after)
    if (!before.has(name))
      out.push({
        id: 'message-added',
        file,
        path: name,
        message: `message ${name} (${b.source} / ${b.detailType}) added`,
      });

  const keys = (doc: unknown, section: string) =>
    Object.keys(((doc as Obj | undefined)?.[section] ?? {}) as Obj);
  const docA = base.asyncapi?.data;
  const docB = head.asyncapi?.data;
  for (const [section, noun] of [
    ['channels', 'channel'],
    ['operations', 'operation'],
  ] as const) {
    const ka = new Set(keys(docA, section));
    const kb = new Set(keys(docB, section));
    for (const k of ka)
      if (!kb.has(k))
        out.push({ id: `${noun}-removed`, file, path: `${section}.${k}`, message: `${noun} ${k} removed` });
    for (const k of kb)
      if (!ka.has(k))
        out.push({ id: `${noun}-added`, file, path: `${section}.${k}`, message: `${noun} ${k} added` });
  }
  return out;
}

function payloadRule(d: SchemaDelta): string {
  switch (d.kind) {
    case 'property-added':
      return d.required ? 'message-required-property-added' : 'message-optional-property-added';
    case 'property-removed':
      return 'message-property-removed';
    case 'became-required':
      return 'message-property-became-required';
    case 'became-optional':
      return 'message-property-became-optional';
    case 'type-changed':
      return 'message-property-type-changed';
    case 'format-changed':
      return 'message-property-format-changed';
    case 'enum-value-removed':
      return 'message-property-enum-value-removed';
    case 'enum-value-added':
      return 'message-property-enum-value-added';
    case 'narrowed':
      return 'message-property-narrowed';
    case 'widened':
      return 'message-property-widened';
    case 'closed':
      return 'message-closed';
    case 'opened':
      return 'message-opened';
  }
}

/** The AsyncAPI operations that send and receive a message (their ids name the services). */
export function participants(asyncapi: unknown, message: string): { senders: string[]; receivers: string[] } {
  const doc = (asyncapi ?? {}) as Obj;
  const target = `#/components/messages/${message}`;
  const channels = (doc.channels ?? {}) as Record<string, Obj>;
  const refersToMessage = (ref: unknown): boolean => {
    if (typeof ref !== 'string') return false;
    if (ref === target) return true;
    const m = /^#\/channels\/([^/]+)\/messages\/([^/]+)$/.exec(ref);
    if (!m) return false;
    const msg = ((channels[m[1] as string]?.messages ?? {}) as Record<string, Obj>)[m[2] as string];
    return msg?.$ref === target;
  };
  const senders: string[] = [];
  const receivers: string[] = [];
  for (const [id, op] of Object.entries((doc.operations ?? {}) as Record<string, Obj>)) {
    // AsyncAPI 3.0 §Operation Object: without `messages`, the operation covers all of its channel's.
    const channel = /^#\/channels\/([^/]+)$/.exec(String((op.channel as Obj | undefined)?.$ref ?? ''))?.[1];
    const refs = Array.isArray(op.messages)
      ? (op.messages as Obj[]).map((m) => m.$ref)
      : Object.keys((channels[channel ?? '']?.messages ?? {}) as Obj).map(
          (k) => `#/channels/${channel}/messages/${k}`,
        );
    if (!refs.some(refersToMessage)) continue;
    (op.action === 'send' ? senders : receivers).push(id);
  }
  return { senders: senders.sort(), receivers: receivers.sort() };
}

/** A message's examples as written (`components.messages.<name>.examples[].payload`). */
export function messageExamples(
  asyncapi: unknown,
  message: string,
): { name: string; index: number; payload: unknown }[] {
  const msg = (((asyncapi ?? {}) as Obj).components as Obj | undefined)?.messages as
    Record<string, Obj> | undefined;
  const examples = msg?.[message]?.examples;
  if (!Array.isArray(examples)) return [];
  return examples
    .map((e, index) => ({ name: String((e as Obj).name ?? `#${index}`), index, payload: (e as Obj).payload }))
    .filter((e) => e.payload !== undefined);
}
