// The whole local stack in-process for end-to-end tests: the bus runtime of `portico dev` on a
// free port with a fresh data dir, and the marketplace on it (demo partners off: their fixed ports
// belong to `npm start`; tests start their own partners on free ports).
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { silentLogger } from '../../api-gateway/logger.ts';
import { assertDeclared } from '../../marketplace-api/testing/response-contract.ts';
import { startRuntime, type RuntimeOptions } from '../../runtime/dev-runtime.ts';
import { startMarketplace } from '../start-marketplace.ts';

/**
 * `apiThread`: the Marketplace API also runs in its own thread, and `http` sends /api calls there.
 * `dataDir`: start on an existing data directory (a restart), which `close` then leaves in place.
 * `providerStates`: the Pact provider-state endpoint (provider-states.ts) is served.
 */
export async function startStack(
  opts: Pick<RuntimeOptions, 'delivery'> & {
    apiThread?: boolean;
    dataDir?: string;
    providerStates?: boolean;
  } = {},
) {
  const { apiThread, dataDir: given, providerStates, ...runtimeOpts } = opts;
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'portico-e2e-'));
  const runtime = await startRuntime({ ...runtimeOpts, port: 0, dataDir, logger: pino({ level: 'silent' }) });
  const marketplace = await startMarketplace({
    runtime,
    dataDir,
    demoPartners: false,
    log: silentLogger,
    ...(apiThread ? { apiThreadPort: 0 } : {}),
    ...(providerStates ? { providerStates: true } : {}),
  });
  const apiOrigin = marketplace.apiThread?.url ?? runtime.url;
  const key = (partner: string, environment: 'prod' | 'test' = 'test') =>
    marketplace.apiKeys.find((k) => k.partner === partner && k.environment === environment)?.key ?? '';
  async function http(
    method: string,
    path: string,
    init: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = {
      ...(init.key ? { 'x-api-key': init.key } : {}),
      ...init.headers,
    };
    if (init.body !== undefined)
      headers['content-type'] ??= method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    const origin = path.startsWith('/api/') ? apiOrigin : runtime.url;
    const res = await fetch(`${origin}${path}`, {
      method,
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    // Every answer of the Marketplace API is checked against its OpenAPI.
    if (path.startsWith('/api/'))
      assertDeclared({
        method,
        path: path.slice('/api'.length).split('?')[0] ?? path,
        status: res.status,
        headers: res.headers,
        text,
      });
    let body: Record<string, unknown> | undefined;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      body = { text };
    }
    return { status: res.status, headers: res.headers, body };
  }
  return {
    url: runtime.url,
    dataDir,
    /** Where the Marketplace API is called (its thread's when `apiThread`). */
    apiUrl: `${apiOrigin}/api`,
    runtime,
    marketplace,
    key,
    http,
    close: async () => {
      await marketplace.close();
      await runtime.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** Polls `probe` until it returns something, for work the bus does after answering. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The AWS SDK's EventBridge client pointed at the stack's bus, as an operator would use it. */
export function busClient(stack: Stack): EventBridgeClient {
  return new EventBridgeClient({
    endpoint: stack.runtime.url,
    region: stack.runtime.bus.identity.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/**
 * Puts one `marketplace requests` event addressed to a partner's environment through the bus's HTTP
 * API (as the marketplace does); answers its request id, or throws if the bus refused the entry.
 */
export async function putMarketplaceRequest(
  stack: Stack,
  partner: string,
  environment: 'prod' | 'test',
  requestTypes: string[] = ['books'],
): Promise<string> {
  const requestId = randomUUID();
  const res = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
    body: JSON.stringify({
      Entries: [
        {
          Source: 'com.marketplace.market',
          EventBusName: 'marketplace',
          DetailType: 'marketplace requests',
          Detail: JSON.stringify({
            user_id: 'u-1',
            request_status: 'new',
            request_id: requestId,
            '3rdparty': partner,
            environment,
            request_types: requestTypes,
          }),
        },
      ],
    }),
  });
  const answer = (await res.json()) as { FailedEntryCount?: number };
  if (answer.FailedEntryCount !== 0)
    throw new Error(`PutEvents refused the request: ${JSON.stringify(answer)}`);
  return requestId;
}
