// The pacts in contracts/pacts/ are the catalogue's, and the marketplace's own signer writes
// requests the partner webhook pact accepts (a consumer test, through pact-js's mock server).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3 } from '@pact-foundation/pact';
import { beforeAll, describe, expect, it } from 'vitest';
import { webhookHeaders } from '../../services/delivery/webhook-signature.ts';
import { loadContractSources, type ContractSources } from '../../scripts/contracts/contract-sources.ts';
import { PACTS_DIR, renderPacts } from '../../scripts/contracts/generate-pacts.ts';
import { partnerWebhookPact } from '../../scripts/contracts/partner-webhook-interactions.ts';
import { produceHttpPact } from '../../scripts/contracts/produce-pact.ts';
import { compareFiles } from '../../scripts/generate/write-files.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const WEBHOOK_PACT = 'portico-marketplace-partner-webhook.json';
let sources: ContractSources;

beforeAll(async () => {
  sources = await loadContractSources(ROOT);
});

describe('generated pacts', () => {
  it('contracts/pacts/ holds exactly what the catalogue generates (else: portico generate)', async () => {
    const pacts = await renderPacts(sources);
    expect(compareFiles(join(ROOT, PACTS_DIR), pacts)).toEqual([]);
  });

  it('are the same bytes on a second run', async () => {
    const [a, b] = [await renderPacts(sources), await renderPacts(sources)];
    expect(b).toEqual(a);
  });

  it('follow a change to an event schema', async () => {
    const changed: ContractSources = {
      ...sources,
      events: sources.events.map((e) =>
        e.name !== 'RequestCreated'
          ? e
          : { ...e, schema: withProperty(e.schema, 'country', { type: 'string', pattern: '^(FR|BE|DE)$' }) },
      ),
    };
    const before = (await renderPacts(sources)).find((p) => p.path === WEBHOOK_PACT)?.contents ?? '';
    const after = (await renderPacts(changed)).find((p) => p.path === WEBHOOK_PACT)?.contents ?? '';
    expect(before).toContain('"regex": "^[A-Z]{2}$"');
    expect(after).not.toContain('"regex": "^[A-Z]{2}$"');
    expect(after).toContain('"regex": "^(FR|BE|DE)$"');
  });
});

describe('partner webhook pact, consumer side', () => {
  it("accepts requests signed by the marketplace's delivery signer", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portico-consumer-'));
    const secret = `whsec_${Buffer.from('consumer-test-secret-0123456789').toString('base64')}`;
    try {
      const def = partnerWebhookPact(sources);
      await produceHttpPact(def, dir, async (interaction, server) => {
        const body = JSON.stringify(MatchersV3.reify(interaction.request.body));
        const headers = webhookHeaders({
          webhookId: 'msg_2x7Qd9',
          timestamp: 1763629200,
          body,
          secrets: [secret, secret],
        });
        const res = await fetch(`${server.url}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
        expect(res.status).toBeLessThan(500);
      });
      const pact = JSON.parse(await readFile(join(dir, WEBHOOK_PACT), 'utf8')) as { interactions: unknown[] };
      expect(pact.interactions).toHaveLength(def.interactions.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function withProperty(
  schema: Record<string, unknown>,
  name: string,
  value: unknown,
): Record<string, unknown> {
  return { ...schema, properties: { ...(schema.properties as object), [name]: value } };
}
