// A demo partner on a free port wired to a partner's test environment through the Marketplace API, as a
// partner would do it (self-service PATCH, then a secret rotation): what the end-to-end and browser
// tests that watch real deliveries share.
import { expect } from 'vitest';
import { startWebhookPartner, type RunningPartner } from '../../demo-partners/webhook-partner.ts';
import type { Stack } from './stack.ts';

export interface DemoPartner {
  server: RunningPartner;
  secrets: string[];
  /** While true the partner answers every delivery 503 ("down"); false: 200. */
  failing: boolean;
}

/** A demo partner on a free port, set as `id`'s test endpoint through the Marketplace API, with a fresh secret. */
export async function connectPartner(stack: Stack, id: string, failing = false): Promise<DemoPartner> {
  const entry = { secrets: [] as string[], failing } as DemoPartner;
  entry.server = await startWebhookPartner({
    id,
    port: 0,
    secrets: () => entry.secrets,
    random: () => (entry.failing ? 0 : 1),
    failShare: 0.5,
  });
  const patched = await stack.http('PATCH', '/api/partner', {
    key: stack.key(id),
    body: {
      environments: {
        test: {
          endpoint: `${entry.server.url}/webhook`,
          auth: { type: 'api_key', header: 'X-E2e-Key', value: 'e2e-key' },
        },
      },
    },
  });
  expect(patched.status).toBe(200);
  const rotated = await stack.http('POST', '/api/partner/webhook-secret/rotate', {
    key: stack.key(id),
    body: { grace_period_seconds: 0 },
  });
  entry.secrets = [String(rotated.body?.['secret'])];
  return entry;
}
