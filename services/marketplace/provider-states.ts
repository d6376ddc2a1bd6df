// The provider-state endpoint a stock Pact verifier calls (`pact_verifier_cli --state-change-url
// http://127.0.0.1:4010/_portico/provider-states`): before each interaction it posts
// `{"state", "params", "action": "setup" | "teardown"}` and this makes exactly what the state
// names, in the running stack, answering the values the pact's `ProviderState` generators use
// (a request id, a delivery id, a webhook signature). See docs/contracts.md.
//
// It mints API keys and signs as the marketplace, so it exists only where `portico dev
// --provider-states` (or a test) mounts it: never in the Lambda handlers or the SAM template. It
// answers loopback clients only, addressed by a loopback Host (a DNS-rebinding page is refused),
// and JSON bodies only (a browser cannot send one cross-origin without a preflight nobody answers).
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopback, isLoopbackHost } from '../console/loopback-guard.ts';
import { webhookHeaders } from '../delivery/webhook-signature.ts';
import type { Environment } from '../request-store/request-store.ts';
import {
  BAD_SIGNATURE_STATE,
  DELIVERIES_STATE,
  PARTNER_STATE,
  REQUESTS_STATE,
  SIGNED_STATE,
} from './provider-state-names.ts';

export const PROVIDER_STATES_PATH = '/_portico/provider-states';

const MAX_BODY = 256 * 1024;

export interface ProviderStateStack {
  partners(): readonly string[];
  /** Stores the key (hashed, as every key) for the partner and environment. */
  setApiKey(partner: string, environment: Environment, key: string): void;
  /** Puts the stack's own key for the partner and environment back (teardown). */
  restoreApiKey(partner: string, environment: Environment): void;
  /** Rotates the partner's webhook secret through the API, so its view shows the secret's metadata. */
  rotateWebhookSecret(apiKey: string): Promise<void>;
  seedRequests(partner: string, environment: Environment, count: number): Promise<string>;
  seedDeliveries(partner: string, environment: Environment, count: number): Promise<string>;
  /** The secret the marketplace signs the partner's deliveries with now, if it delivers by webhook. */
  webhookSecret(partner: string, environment: Environment): string | undefined;
}

class StateProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Values = Record<string, string>;
type Params = Record<string, unknown>;

export function createProviderStatesHandler(stack: ProviderStateStack) {
  // A valid Standard Webhooks secret no partner holds: made here, never stored, never shown.
  const otherSecret = `whsec_${randomBytes(32).toString('base64')}`;

  const states: Record<string, (p: Params, q: URLSearchParams, teardown: boolean) => Promise<Values>> = {
    [PARTNER_STATE]: async (p, _q, teardown) => {
      const partner = partnerOf(p.partner_id);
      const environment = environmentOf(p.environment, 'params.environment');
      if (teardown) {
        stack.restoreApiKey(partner, environment);
        return {};
      }
      const key = text(p.api_key, 'params.api_key');
      if (!/^pk_[A-Za-z0-9_-]{16,200}$/.test(key))
        throw new StateProblem(400, `params.api_key must look like pk_<16 to 200 letters, digits, _ or ->`);
      stack.setApiKey(partner, environment, key);
      await stack.rotateWebhookSecret(key);
      return {};
    },
    [REQUESTS_STATE]: async (p, _q, teardown): Promise<Values> =>
      teardown
        ? {}
        : {
            request_id: await stack.seedRequests(
              partnerOf(p.partner_id),
              environmentOf(p.environment, 'params.environment'),
              countOf(p.count),
            ),
          },
    [DELIVERIES_STATE]: async (p, _q, teardown): Promise<Values> =>
      teardown
        ? {}
        : {
            delivery_id: await stack.seedDeliveries(
              partnerOf(p.partner_id),
              environmentOf(p.environment, 'params.environment'),
              countOf(p.count),
            ),
          },
    [SIGNED_STATE]: async (p, q, teardown) => (teardown ? {} : sign(p, q, 'partner')),
    [BAD_SIGNATURE_STATE]: async (p, q, teardown) => (teardown ? {} : sign(p, q, 'other')),
  };

  function partnerOf(value: unknown, where = 'params.partner_id'): string {
    const partner = text(value, where);
    if (!stack.partners().includes(partner))
      throw new StateProblem(400, `${where}: no partner "${partner}" in the catalogue`);
    return partner;
  }

  /** Webhook states: the partner and environment come from the state-change URL's query. */
  function sign(p: Params, q: URLSearchParams, whose: 'partner' | 'other'): Values {
    const body = text(p.body, 'params.body');
    const partner = partnerOf(q.get('partner') ?? undefined, 'the query parameter partner');
    const environment = environmentOf(q.get('environment') ?? 'test', 'the query parameter environment');
    const secret = stack.webhookSecret(partner, environment);
    if (secret === undefined)
      throw new StateProblem(
        400,
        `${partner} has no webhook secret in ${environment}: it does not take webhooks`,
      );
    const headers = webhookHeaders({
      webhookId: `msg_${randomUUID()}`,
      timestamp: Math.floor(Date.now() / 1000),
      body,
      secrets: [whose === 'partner' ? secret : otherSecret],
    });
    return {
      webhook_id: headers['webhook-id'] as string,
      webhook_timestamp: headers['webhook-timestamp'] as string,
      webhook_signature: headers['webhook-signature'] as string,
    };
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (!isLoopback(req.socket.remoteAddress) || !isLoopbackHost(req.headers.host))
        throw new StateProblem(403, 'The provider-state endpoint answers loopback clients only.');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== PROVIDER_STATES_PATH)
        throw new StateProblem(404, `Nothing is served at ${url.pathname}.`);
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        throw new StateProblem(405, `${req.method ?? '?'} ${PROVIDER_STATES_PATH}: only POST`);
      }
      if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? ''))
        throw new StateProblem(415, 'The body must be application/json: {"state", "params", "action"}');
      const call = await readJson(req);
      const action = call.action ?? 'setup';
      if (action !== 'setup' && action !== 'teardown')
        throw new StateProblem(400, `action must be "setup" or "teardown", not ${JSON.stringify(action)}`);
      // An interaction with no provider state: the verifier still calls, with no state name.
      if (call.state === undefined || call.state === null || call.state === '') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      const name = text(call.state, 'state');
      const handle = states[name];
      if (handle === undefined)
        throw new StateProblem(
          400,
          `Unknown provider state ${JSON.stringify(name)}; known: ${Object.keys(states).join('; ')}`,
        );
      const params = (call.params ?? {}) as Params;
      if (typeof params !== 'object' || Array.isArray(params))
        throw new StateProblem(400, 'params must be an object');
      const values = await handle(params, url.searchParams, action === 'teardown');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(values));
    } catch (error) {
      if (!(error instanceof StateProblem)) throw error;
      res.writeHead(error.status, { 'content-type': 'application/problem+json' });
      res.end(
        JSON.stringify({ title: 'Provider state refused', status: error.status, detail: error.message }),
      );
    }
  };
}

async function readJson(req: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new StateProblem(413, `The body is over ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new StateProblem(400, `The body is not JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new StateProblem(400, 'The body must be a JSON object: {"state", "params", "action"}');
  return value as Params;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '')
    throw new StateProblem(400, `${where} must be a non-empty string`);
  return value;
}

function environmentOf(value: unknown, where: string): Environment {
  if (value !== 'prod' && value !== 'test')
    throw new StateProblem(400, `${where} must be "prod" or "test", not ${JSON.stringify(value)}`);
  return value;
}

function countOf(value: unknown): number {
  const n = value === undefined ? 1 : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50)
    throw new StateProblem(400, `params.count must be an integer from 1 to 50, not ${JSON.stringify(value)}`);
  return n;
}
