// generated/services/consumers.ts: for each AsyncAPI 3.0 `receive` operation (§3.3.19 Operation
// Object), a typed consumer signature (an EventBridge event whose detail is the message's payload
// type) and what it receives, for the validator: the (source, detail-type) pairs of its messages.
import { stableJson, type GeneratedFile, type GenerateContext } from '../context.ts';
import { tsHeader } from '../header.ts';
import { componentName, pascalCase } from './ts-literal.ts';

type Obj = Record<string, unknown>;

export interface ReceiveOperation {
  operationId: string;
  messages: { name: string; source: string; detailType: string; detailTypeName: string }[];
}

/** The receive operations of an AsyncAPI 3 document, in document order. Pure. */
export function receiveOperations(asyncapi: Obj): ReceiveOperation[] {
  const operations = (asyncapi['operations'] ?? {}) as Record<string, Obj>;
  return Object.entries(operations)
    .filter(([, op]) => op['action'] === 'receive')
    .map(([operationId, op]) => {
      const refs = messageRefs(asyncapi, op);
      const messages = refs.map((ref) => {
        // `#/channels/<c>/messages/<m>` points at a `$ref` to `#/components/messages/<Name>`.
        const inChannel = at(asyncapi, ref) as { $ref?: string } | undefined;
        const componentRef = inChannel?.$ref ?? ref;
        const name = componentRef.split('/').pop() ?? '';
        const message = at(asyncapi, componentRef) as Obj | undefined;
        const eventbridge = (message?.['x-eventbridge'] ?? {}) as { source?: string; 'detail-type'?: string };
        if (!eventbridge.source || !eventbridge['detail-type'])
          throw new Error(
            `Expected x-eventbridge on the message at ${componentRef} (operation ${operationId})`,
          );
        return {
          name,
          source: eventbridge.source,
          detailType: eventbridge['detail-type'],
          detailTypeName: componentName(message?.['payload']) ?? `${name}Detail`,
        };
      });
      return { operationId, messages };
    })
    .filter((op) => op.messages.length > 0);
}

/**
 * The operation's `messages`; without them, every message of its channel: a channel's messages are
 * all that may be sent on it (AsyncAPI 3.0 §3.3.7 Channel Object, `messages`).
 */
function messageRefs(asyncapi: Obj, op: Obj): string[] {
  if (Array.isArray(op['messages'])) return (op['messages'] as { $ref?: string }[]).map((m) => m.$ref ?? '');
  const channelRef = (op['channel'] as { $ref?: string } | undefined)?.$ref;
  if (!channelRef) return [];
  const channel = at(asyncapi, channelRef) as Obj | undefined;
  const keys = Object.keys((channel?.['messages'] ?? {}) as Obj);
  return keys.map((key) => `${channelRef}/messages/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
}

export function generateConsumerSignatures(asyncapi: Obj | undefined, ctx: GenerateContext): GeneratedFile[] {
  if (!asyncapi) return [];
  const ops = receiveOperations(asyncapi);
  const types = [...new Set(ops.flatMap((o) => o.messages.map((m) => m.detailTypeName)))].sort();
  const signatures = ops.map((op) => {
    const union = [...new Set(op.messages.map((m) => `EventBridgeEvent<${m.detailTypeName}>`))].join(' | ');
    return `/** ${op.operationId}: ${op.messages.map((m) => `${m.source} / ${m.detailType}`).join(', ')} */\nexport type ${pascalCase(op.operationId)} = (event: ${union}) => Promise<void>;`;
  });
  const table = Object.fromEntries(
    ops.map((op) => [op.operationId, op.messages.map(({ source, detailType }) => ({ source, detailType }))]),
  );
  const contents = `${tsHeader(ctx, 'Typed consumer signatures of the receive operations of catalog/asyncapi.yaml.')}
import type { ${types.join(', ')} } from '../types/events.ts';
import { validateDetail } from '../validators/index.ts';

/** The EventBridge event a rule target receives (eb-events-structure). */
export interface EventBridgeEvent<TDetail = Record<string, unknown>> {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: TDetail;
}

${signatures.join('\n\n')}

/** What each receive operation hears: the (source, detail-type) pairs of its messages. */
export const receiveOperations = ${stableJson(table)} as const;

/**
 * Wraps a typed consumer into one the bus can call with any event: a detail that is not valid against
 * the catalogue is refused (thrown, so the bus retries or dead-letters it), a valid one reaches the
 * consumer with its generated type. Events of types the catalogue does not know pass through; the
 * consumer checks its detail-type.
 */
export function validated<TDetail>(consumer: (event: EventBridgeEvent<TDetail>) => Promise<void>): (event: EventBridgeEvent) => Promise<void> {
  return async (event) => {
    const result = validateDetail(event.source, event['detail-type'], event.detail);
    if (result && !result.ok) {
      throw new Error(\`\${event.source} / \${event['detail-type']} \${event.id}: \${result.errors.map((e) => \`\${e.pointer || '/'} \${e.message}\`).join('; ')}\`);
    }
    await consumer(event as unknown as EventBridgeEvent<TDetail>);
  };
}
`;
  return [{ path: 'services/consumers.ts', contents }];
}

function at(doc: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((n, k) => (n as Obj | undefined)?.[k], doc);
}
