// Onboarding is saving a file: while `portico dev` runs, a new partner file under catalog/ is checked,
// generated and applied, so its rules show in ListRules and a request addressed to it is delivered,
// with no restart; a broken save is reported and the last good catalogue keeps running. The project
// is a copy of catalog/ in a temporary folder, so the repository's own files are never touched.
import { EventBridgeClient, ListRulesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, eventually, startDev, type DevProcess } from './dev-process.ts';

const NEWCO = `id: newco
name: New Co
contact: { email: integrations@newco.example, name: Integration desk }
delivery: webhook
fulfils:
  request_types: [books]
webhook_secret: { env: NEWCO_WEBHOOK_SECRET }
environments:
  prod:
    endpoint: https://newco.example/portico/webhook
    auth: { type: api_key, header: X-Api-Key, value: { env: NEWCO_PROD_API_KEY } }
    retry: { maximum_retry_attempts: 185, maximum_event_age_seconds: 86400 }
    rate_limit_per_second: 20
  test:
    endpoint: http://127.0.0.1:4199/webhook
    local_only: true # a receiver on this machine; not deployed to AWS
    auth: { type: api_key, header: X-Api-Key, value: { env: NEWCO_TEST_API_KEY } }
    retry: { maximum_retry_attempts: 3, maximum_event_age_seconds: 600 }
    rate_limit_per_second: 5
`;

// Each step regenerates the whole project (seconds of CPU; minutes on a loaded 2-core machine).
const STEP_MS = 300_000;

let project: string;
let dev: DevProcess;
let url: string;
let client: EventBridgeClient;

const rulesOf = async (prefix: string) =>
  ((await client.send(new ListRulesCommand({ EventBusName: 'marketplace', NamePrefix: prefix }))).Rules ?? [])
    .map((r) => r.Name)
    .sort();

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'portico-live-'));
  cpSync(join(REPO, 'catalog'), join(project, 'catalog'), { recursive: true });
  dev = startDev(
    ['--port', '0', '--no-generate', '--no-demo-partners', '--data-dir', join(project, 'data')],
    {
      cwd: project,
    },
  );
  url = /running on (http:\/\/\S+)/.exec(await dev.line(/^Portico is running on/))![1]!;
  await dev.line(/^Watching catalog\//);
  client = new EventBridgeClient({
    endpoint: url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}, STEP_MS);

afterAll(async () => {
  client?.destroy();
  expect(await dev.stop()).toBe(0);
});

describe('portico dev keeps the catalogue live', () => {
  it(
    'a new partner file: its rules are listed and a request addressed to it is delivered, no restart',
    async () => {
      expect(await rulesOf('portico-newco')).toEqual([]);
      writeFileSync(join(project, 'catalog/partners/newco.yaml'), NEWCO);
      const reloaded = await dev.line(/^catalogue reloaded: /, STEP_MS);
      expect(reloaded).toContain('+ rule portico-newco-prod');
      expect(reloaded).toContain('+ api-destination portico-newco-test');
      expect(await rulesOf('portico-newco')).toEqual(['portico-newco-prod', 'portico-newco-test']);
      // What `portico generate` writes, the reload wrote: the template names the new partner.
      expect(existsSync(join(project, 'infra/template.yaml'))).toBe(true);

      const out = await client.send(
        new PutEventsCommand({
          Entries: [
            {
              Source: 'com.marketplace.market',
              EventBusName: 'marketplace',
              DetailType: 'marketplace requests',
              Detail: JSON.stringify({
                user_id: '42',
                request_status: 'new',
                '3rdparty': 'newco',
                requests1: 'books',
              }),
            },
          ],
        }),
      );
      const eventId = out.Entries![0]!.EventId!;
      const delivered = await eventually(async () => {
        const res = await fetch(`${url}/_portico/deliveries?event=${eventId}`);
        const { deliveries } = (await res.json()) as { deliveries: { status: string }[] };
        const partner = deliveries.find((d) => JSON.stringify(d).includes('portico-newco-prod'));
        return partner?.status === 'succeeded' ? partner : undefined;
      });
      expect(delivered.status).toBe('succeeded');
    },
    2 * STEP_MS,
  );

  it(
    'a broken save is reported, and the last good catalogue keeps running',
    async () => {
      writeFileSync(
        join(project, 'catalog/partners/newco.yaml'),
        NEWCO.replace('delivery: webhook', 'delivery: fax'),
      );
      await eventually(
        async () =>
          dev.stderr.some((l) => l.includes('the running stack keeps the last good catalogue'))
            ? true
            : undefined,
        STEP_MS,
      );
      expect(dev.stderr.some((l) => l.includes('catalog/partners/newco.yaml'))).toBe(true);
      expect(await rulesOf('portico-newco')).toEqual(['portico-newco-prod', 'portico-newco-test']);
    },
    STEP_MS,
  );
});
