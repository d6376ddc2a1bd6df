// Partner -> Marketplace API: the pact a partner's client holds the Marketplace API to, derived
// from catalog/openapi/marketplace-api.yaml. One interaction per operation with its first success
// answer and first request example, plus the two refusals every partner meets (no API key, a
// request of another partner). Provider states name the data the API must hold; the provider
// verification (contracts/marketplace-api/) seeds it.
import { schemaToMatcher, type JsonSchema } from './schema-to-matcher.ts';
import type { ContractSources } from './contract-sources.ts';
import {
  fromState,
  type HttpInteraction,
  type HttpPactDefinition,
  type ProviderState,
} from './interaction.ts';

type Obj = Record<string, unknown>;

export const API_CONSUMER = 'partner';
export const API_PROVIDER = 'marketplace-api';

import {
  DELIVERIES_STATE,
  PARTNER_STATE,
  REQUESTS_STATE,
} from '../../services/marketplace/provider-state-names.ts';

export { DELIVERIES_STATE, PARTNER_STATE, REQUESTS_STATE };
/** The API key the contract's requests carry; the provider state registers it for the partner. */
export const CONTRACT_API_KEY = 'pk_contract_0123456789abcdef';

/** The environment the contract's API key is scoped to (a key belongs to one partner and environment). */
export const CONTRACT_ENVIRONMENT = 'prod';

/**
 * Path parameters whose value a provider state creates and answers (Pact V4 `ProviderState`
 * generator): a long-running stack already holds requests and deliveries, so the ids the
 * contract uses are the ones its state setup made, never fixed ones.
 */
export const STATE_VALUES: Readonly<Record<string, string>> = Object.freeze({
  requestId: 'request_id',
  deliveryId: 'delivery_id',
});

/** A request id no provider state creates. */
export const UNSEEN_REQUEST_ID = '00000000-0000-4000-8000-000000000000';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function marketplaceApiPact(sources: ContractSources): HttpPactDefinition {
  const doc = sources.marketplaceApi;
  const partnerId = String((exampleOf(doc, 'Partner') as Obj | undefined)?.id ?? 'partner');
  const keyHeader = apiKeyHeader(doc);
  const interactions: HttpInteraction[] = [];
  const requestId = firstRequestId(doc);
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Obj>)) {
    for (const method of METHODS) {
      const op = item[method] as Obj | undefined;
      if (op === undefined) continue;
      const params = [...asList(item.parameters), ...asList(op.parameters)];
      const concretePath = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        return String(params.find((p) => p.in === 'path' && p.name === name)?.example ?? name);
      });
      const statePath = path.replace(/\{([^}]+)\}/g, (whole, name: string) =>
        STATE_VALUES[name] ? `\${${STATE_VALUES[name]}}` : whole,
      );
      const at = `${API_PROVIDER} ${String(op.operationId)}`;
      const states: ProviderState[] = [
        {
          name: PARTNER_STATE,
          params: { partner_id: partnerId, environment: CONTRACT_ENVIRONMENT, api_key: CONTRACT_API_KEY },
        },
      ];
      // Three, so that a page of two (the contract's `limit`) has a next page.
      const scope = { partner_id: partnerId, environment: CONTRACT_ENVIRONMENT, count: 3 };
      if (path.startsWith('/partner/deliveries')) states.push({ name: DELIVERIES_STATE, params: scope });
      if (path.startsWith('/requests')) states.push({ name: REQUESTS_STATE, params: scope });
      const request = {
        method: method.toUpperCase(),
        path: statePath === path ? concretePath : fromState(statePath, concretePath),
        ...queryOf(params, at),
        headers: {
          [keyHeader]: CONTRACT_API_KEY,
          ...Object.fromEntries(
            params
              .filter((p) => p.in === 'header')
              .map((p) => [String(p.name), headerTemplate(p, `${at} header ${String(p.name)}`)]),
          ),
        },
        ...bodyOf(op),
      };
      const [status, answer] = successOf(op, method);
      interactions.push({
        description: `${String(op.operationId)}: ${String(op.summary ?? '')}`.trim(),
        states,
        request,
        response: { status, ...mediaTemplate(answer, `${at} answer ${status}`) },
      });
      if (String(op.operationId) === 'getRequest') {
        // Another partner's request and no request at all answer alike (the API tells nothing).
        const unseen = { ...request, path: concretePath.replace(requestId, UNSEEN_REQUEST_ID) };
        if (!concretePath.includes(requestId))
          throw new Error(`${at}: the path example does not hold the RequestId example ${requestId}`);
        interactions.push(
          refusal(
            op,
            '404',
            `${String(op.operationId)}: a request the partner cannot see`,
            states.slice(0, 1),
            unseen,
          ),
        );
      }
      if (String(op.operationId) === 'listRequests') {
        const { [keyHeader]: _key, ...withoutKey } = request.headers;
        interactions.push(
          refusal(op, '401', `${String(op.operationId)}: without an API key`, [], {
            ...request,
            headers: withoutKey,
          }),
        );
      }
    }
  }
  return { consumer: API_CONSUMER, provider: API_PROVIDER, interactions };
}

/**
 * A header's template. The `Idempotency-Key` a client makes up for each logical call
 * (draft-ietf-httpapi-idempotency-key-header §2) gets Pact V4's `Uuid` generator: a verifier sends a
 * fresh one each run, so that a second run against the same stack is a new call, not a replay of
 * the first (which answers 200, not 201). The schema's matcher stays.
 */
function headerTemplate(p: Obj, at: string): unknown {
  const matcher = schemaToMatcher((p.schema ?? {}) as JsonSchema, p.example, at);
  if (String(p.name).toLowerCase() !== 'idempotency-key' || typeof matcher !== 'object') return matcher;
  return { ...(matcher as Obj), 'pact:generator:type': 'Uuid' };
}

function refusal(
  op: Obj,
  status: string,
  description: string,
  states: ProviderState[],
  request: HttpInteraction['request'],
): HttpInteraction {
  const answer = (op.responses as Record<string, Obj>)[status];
  if (answer === undefined) throw new Error(`${API_PROVIDER} ${String(op.operationId)}: no ${status} answer`);
  return {
    description,
    states,
    request,
    response: { status: Number(status), ...mediaTemplate(answer, `${description} answer`) },
  };
}

/**
 * Query parameters a client chooses freely (integers, enums) with their examples. A free-form
 * string (the `cursor`) is a token the provider issues: no contract can know one in advance.
 */
function queryOf(params: Obj[], at: string): { query?: Record<string, unknown> } {
  const chosen = params.filter((p) => {
    const s = (p.schema ?? {}) as JsonSchema;
    return p.in === 'query' && p.example !== undefined && (s.type === 'integer' || Array.isArray(s.enum));
  });
  if (chosen.length === 0) return {};
  return {
    query: Object.fromEntries(
      chosen.map((p) => [
        String(p.name),
        schemaToMatcher(
          { ...(p.schema as JsonSchema), type: 'string' },
          String(p.example),
          `${at} query ${String(p.name)}`,
        ),
      ]),
    ),
  };
}

function bodyOf(op: Obj): { contentType?: string; body?: unknown } {
  const content = (op.requestBody as Obj | undefined)?.content as Record<string, Obj> | undefined;
  const [type, media] = Object.entries(content ?? {})[0] ?? [];
  if (type === undefined || media === undefined) return {};
  const example = firstExample(media);
  if (example === undefined) return {};
  // What a client sends is its own choice: the example, by equality, is the request it makes.
  return { contentType: type, body: example };
}

function successOf(op: Obj, method: string): [number, Obj] {
  const responses = (op.responses ?? {}) as Record<string, Obj>;
  const codes = Object.keys(responses)
    .filter((c) => /^2\d\d$/.test(c))
    .sort();
  // A POST that records something answers 201 (RFC 9110 §15.3.2); a 200 beside it is a replay.
  const code = method === 'post' && codes.includes('201') ? '201' : codes[0];
  if (code === undefined) throw new Error(`${API_PROVIDER} ${String(op.operationId)}: no 2xx answer`);
  return [Number(code), responses[code] as Obj];
}

function mediaTemplate(answer: Obj, at: string): { contentType?: string; body?: unknown } {
  const [type, media] = Object.entries((answer.content ?? {}) as Record<string, Obj>)[0] ?? [];
  if (type === undefined || media === undefined) return {};
  const example = firstExample(media);
  if (example === undefined) return {};
  return { contentType: type, body: schemaToMatcher(media.schema as JsonSchema, example, at) };
}

function apiKeyHeader(doc: Obj): string {
  const schemes = ((doc.components as Obj | undefined)?.securitySchemes ?? {}) as Record<string, Obj>;
  const key = Object.values(schemes).find((s) => s.type === 'apiKey' && s.in === 'header');
  return String(key?.name ?? 'X-Api-Key');
}

function exampleOf(doc: Obj, name: string): unknown {
  const examples = ((doc.components as Obj | undefined)?.examples ?? {}) as Record<string, Obj>;
  return examples[name]?.value;
}

function firstRequestId(doc: Obj): string {
  const params = ((doc.components as Obj | undefined)?.parameters ?? {}) as Record<string, Obj>;
  return String(params.RequestId?.example ?? '');
}

function firstExample(media: Obj): unknown {
  if ('example' in media) return media.example;
  return Object.values((media.examples ?? {}) as Record<string, Obj>)[0]?.value;
}

function asList(value: unknown): Obj[] {
  return Array.isArray(value) ? (value as Obj[]) : [];
}
