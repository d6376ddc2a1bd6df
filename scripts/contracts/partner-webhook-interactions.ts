// Marketplace -> partner webhook: the pact every webhook partner verifies its endpoint against.
// Derived from catalog/openapi/partner-webhook.yaml (path, Standard Webhooks headers, envelope,
// answers) and catalog/asyncapi.yaml (the events a partner can receive, their detail schema and
// examples): one interaction per example of each such event, plus one whose signature is wrong.
import { schemaToMatcher, type JsonSchema } from './schema-to-matcher.ts';
import type { ContractEvent, ContractSources } from './contract-sources.ts';
import { statusMatcher, type HttpInteraction, type HttpPactDefinition } from './interaction.ts';

type Obj = Record<string, unknown>;

export const WEBHOOK_CONSUMER = 'portico-marketplace';
export const WEBHOOK_PROVIDER = 'partner-webhook';

// Provider states tell the verifier how to sign (see verify-partner.ts): with the partner's own
// secret, or with one it does not hold.
export const SIGNED_STATE = 'the marketplace signs with the webhook secret the partner holds';
export const BAD_SIGNATURE_STATE = 'the request is signed with a secret the partner does not hold';

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
      interactions.push({
        description: `a "${event.detailType}" event: ${example.name}`,
        states: [{ name: SIGNED_STATE }],
        ...(example.summary ? { comments: [example.summary] } : {}),
        request: request(op, event, example.value),
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
  interactions.push({
    description: `a "${first.detailType}" event with a signature made with another secret`,
    states: [{ name: BAD_SIGNATURE_STATE }],
    comments: ['The partner must check webhook-signature and refuse the request: 401 or 403, never 2xx.'],
    request: request(op, first, first.examples[0]?.value ?? {}),
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
      op.headers.map((h) => [
        h.name,
        schemaToMatcher(h.schema, h.example, `${WEBHOOK_PROVIDER} header ${h.name}`),
      ]),
    ),
    contentType: 'application/json',
    body: schemaToMatcher(schema, body, where),
  };
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
