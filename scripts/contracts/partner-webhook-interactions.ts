// Marketplace -> partner webhook: the pact every webhook partner verifies its endpoint against.
// Derived from catalog/openapi/partner-webhook.yaml (path, Standard Webhooks headers, envelope,
// answers) and catalog/asyncapi.yaml (the events a partner can receive, their detail schema and
// examples): one interaction per example of each such event, plus one whose signature is wrong.
import { schemaToMatcher, type JsonSchema } from './schema-to-matcher.ts';
import type { ContractEvent, ContractSources } from './contract-sources.ts';
import { MatchersV3 } from '@pact-foundation/pact';
import { BAD_SIGNATURE_STATE, SIGNED_STATE } from '../../services/marketplace/provider-state-names.ts';
import { fromState, statusMatcher, type HttpInteraction, type HttpPactDefinition } from './interaction.ts';
import { sortKeys } from '../generate/context.ts';

type Obj = Record<string, unknown>;

export const WEBHOOK_CONSUMER = 'portico-marketplace';
export const WEBHOOK_PROVIDER = 'partner-webhook';

// Provider states say how the request is signed: with the partner's own secret, or with one it
// does not hold. Their setup signs the body given as the state's `body` parameter (the exact bytes
// a verifier sends: the pact's body as compact JSON, keys in the file's order) and answers the
// three Standard Webhooks headers; the pact's `ProviderState` generators put them in the request.
// Who answers the setup: the local stack's provider-state endpoint (a stock verifier, see
// docs/contracts.md), or `portico verify-partner`'s own state handlers.
export { BAD_SIGNATURE_STATE, SIGNED_STATE };

/** Headers whose value only the signer knows at the time of the call: state value names. */
export const SIGNATURE_VALUES: Readonly<Record<string, string>> = Object.freeze({
  'webhook-id': 'webhook_id',
  'webhook-timestamp': 'webhook_timestamp',
  'webhook-signature': 'webhook_signature',
});

// A bad signature is refused with 401 (authentication failed) or 403 (the `4XX` answer
// partner-webhook.yaml gives as its `badSignature` example); anything else, 2xx above all, means
// the partner did not check.
const SIGNATURE_REJECTED = [401, 403] as const;

export interface WebhookOperation {
  readonly method: string;
  readonly path: string;
  readonly headers: readonly { name: string; schema: JsonSchema; example: unknown }[];
  readonly bodySchema: JsonSchema;
  readonly bodyExample: Obj;
  readonly success: {
    status: number | ReturnType<typeof statusMatcher>;
    schema?: JsonSchema;
    example?: unknown;
  };
}

export function partnerWebhookPact(sources: ContractSources): HttpPactDefinition {
  const op = webhookOperation(sources.partnerWebhook);
  const props = (op.bodySchema.properties ?? {}) as Record<string, JsonSchema>;
  const received = sources.events.filter(
    (e) => e.source === props.source?.const && e.detailType === props['detail-type']?.const,
  );
  if (received.length === 0) {
    throw new Error(
      `${WEBHOOK_PROVIDER}: no event in catalog/asyncapi.yaml has the source and detail-type the webhook body declares (#/paths/~1/post/requestBody)`,
    );
  }
  const interactions: HttpInteraction[] = [];
  for (const event of received) {
    for (const example of event.examples) {
      const signed = request(op, event, example.value);
      interactions.push({
        description: `a "${event.detailType}" event: ${example.name}`,
        states: [{ name: SIGNED_STATE, params: { body: sentBody(signed.body) } }],
        ...(example.summary ? { comments: [example.summary] } : {}),
        request: signed,
        response: {
          status: op.success.status,
          ...(op.success.example !== undefined
            ? {
                contentType: 'application/json',
                body: schemaToMatcher(op.success.schema, op.success.example, 'answer'),
              }
            : {}),
        },
      });
    }
  }
  const first = received[0] as ContractEvent;
  const forged = request(op, first, first.examples[0]?.value ?? {});
  interactions.push({
    description: `a "${first.detailType}" event with a signature made with another secret`,
    states: [{ name: BAD_SIGNATURE_STATE, params: { body: sentBody(forged.body) } }],
    comments: ['The partner must check webhook-signature and refuse the request: 401 or 403, never 2xx.'],
    request: forged,
    response: { status: statusMatcher(403, SIGNATURE_REJECTED) },
  });
  return { consumer: WEBHOOK_CONSUMER, provider: WEBHOOK_PROVIDER, interactions };
}

function request(op: WebhookOperation, event: ContractEvent, detail: unknown): HttpInteraction['request'] {
  const props = (op.bodySchema.properties ?? {}) as Record<string, JsonSchema>;
  // The envelope's schema is the webhook's; its `detail` is the event's own (the source of truth).
  const schema: JsonSchema = { ...op.bodySchema, properties: { ...props, detail: event.schema } };
  const body = { ...op.bodyExample, source: event.source, 'detail-type': event.detailType, detail };
  const where = `${WEBHOOK_PROVIDER} request body for ${event.name}`;
  return {
    method: op.method,
    path: op.path,
    headers: Object.fromEntries(
      op.headers.map((h) => {
        const matcher = schemaToMatcher(h.schema, h.example, `${WEBHOOK_PROVIDER} header ${h.name}`);
        const value = SIGNATURE_VALUES[h.name.toLowerCase()];
        return [h.name, value ? fromState(`\${${value}}`, String(h.example), matcher) : matcher];
      }),
    ),
    contentType: 'application/json',
    body: schemaToMatcher(schema, body, where),
  };
}

/**
 * The bytes a verifier sends for a JSON body: pact files keep keys sorted, and the Pact verifier
 * sends a body as compact JSON in the file's order. The stock-verifier test
 * (contracts/stock-verifier/) proves the two agree: a signature over other bytes is refused.
 */
export function sentBody(template: unknown): string {
  return JSON.stringify(sortKeys(MatchersV3.reify(template)));
}

/** The one operation of partner-webhook.yaml that takes a JSON body (OpenAPI 3.1 §4.8.10). */
export function webhookOperation(doc: Obj): WebhookOperation {
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Obj>)) {
    for (const [method, op] of Object.entries(item) as [string, Obj][]) {
      const media = (op?.requestBody as Obj | undefined)?.content as Obj | undefined;
      const json = media?.['application/json'] as Obj | undefined;
      if (json === undefined) continue;
      const params = (Array.isArray(op.parameters) ? op.parameters : []) as Obj[];
      return {
        method: method.toUpperCase(),
        path,
        headers: params
          .filter((p) => p.in === 'header')
          .map((p) => ({ name: String(p.name), schema: (p.schema ?? {}) as JsonSchema, example: p.example })),
        bodySchema: (json.schema ?? {}) as JsonSchema,
        bodyExample: firstExample(json) as Obj,
        success: successAnswer((op.responses ?? {}) as Record<string, Obj>),
      };
    }
  }
  throw new Error(`${WEBHOOK_PROVIDER}: no operation with an application/json request body under #/paths`);
}

function successAnswer(responses: Record<string, Obj>): WebhookOperation['success'] {
  const code = Object.keys(responses).find((c) => /^2(\d\d|XX)$/i.test(c));
  if (code === undefined)
    throw new Error(`${WEBHOOK_PROVIDER}: no 2xx answer under #/paths/~1/post/responses`);
  const json = ((responses[code] as Obj).content as Obj | undefined)?.['application/json'] as Obj | undefined;
  const status = /XX$/i.test(code) ? statusMatcher(200, 'success') : Number(code);
  if (json === undefined) return { status };
  return { status, schema: (json.schema ?? {}) as JsonSchema, example: firstExample(json) };
}

/** OpenAPI 3.1 §4.8.14 Media Type Object: `example`, else the first of `examples`. */
function firstExample(media: Obj): unknown {
  if ('example' in media) return media.example;
  const first = Object.values((media.examples ?? {}) as Record<string, Obj>)[0];
  return first?.value;
}
