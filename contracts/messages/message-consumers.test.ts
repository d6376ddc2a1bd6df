// The consumer side of the internal message pacts, as Pact means it: each pact is recorded by
// pact-js with the consuming service's REAL handler run over every message (message-consumers.ts),
// and what it writes must be the committed pact, byte for byte. A message the consumer cannot
// handle fails the recording.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContractSources, type ContractSources } from '../../scripts/contracts/contract-sources.ts';
import { PACTS_DIR, pactDefinitions } from '../../scripts/contracts/generate-pacts.ts';
import { pactFileName, type MessagePactDefinition } from '../../scripts/contracts/interaction.ts';
import { normalisePact } from '../../scripts/contracts/normalise-pact.ts';
import { produceMessagePact } from '../../scripts/contracts/produce-pact.ts';
import { MESSAGE_CONSUMERS } from './message-consumers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
let sources: ContractSources;
let defs: readonly MessagePactDefinition[];
beforeAll(async () => {
  sources = await loadContractSources(ROOT);
  defs = pactDefinitions(sources).messages;
});

/** Records `def` with its consumer's real handler; the normalised pact file it writes. */
async function recordWithConsumer(def: MessagePactDefinition): Promise<string> {
  const receive = MESSAGE_CONSUMERS[def.consumer];
  if (receive === undefined)
    throw new Error(`no consumer handler for ${def.consumer} in message-consumers.ts`);
  const scratch = await mkdtemp(join(tmpdir(), 'portico-consumer-pact-'));
  try {
    await produceMessagePact(def, scratch, receive);
    return normalisePact(await readFile(join(scratch, pactFileName(def)), 'utf8'), { files: sources.files });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function pact(consumer: string, provider: string): MessagePactDefinition {
  const def = defs.find((d) => d.consumer === consumer && d.provider === provider);
  if (def === undefined) throw new Error(`the catalogue defines no ${consumer} -> ${provider} message pact`);
  return def;
}

describe('message pacts, consumer side', () => {
  it('covers every consumer the catalogue names', () => {
    expect(defs.length).toBeGreaterThan(0);
    expect(defs.map((d) => d.consumer).filter((c) => MESSAGE_CONSUMERS[c] === undefined)).toEqual([]);
  });

  it.each([
    ['request-store', 'user-portal'],
    ['request-store', 'marketplace-api'],
    ['user-portal', 'marketplace-api'],
    ['notifier', 'marketplace-api'],
    ['notifier-dispatcher', 'notifier'],
  ])('%s handles every message of its pact with %s, and records the committed pact', async (c, p) => {
    const def = pact(c, p);
    const committed = await readFile(join(ROOT, PACTS_DIR, pactFileName(def)), 'utf8');
    expect(await recordWithConsumer(def)).toBe(committed);
  });

  // Each message is one its consumer cannot act on: the recording must fail, naming the consumer.
  type Break = (contents: Record<string, unknown>, metadata: Record<string, string>) => void;
  it.each<[string, { consumer: string; provider: string; breakIt: Break; want: RegExp }]>([
    [
      'a request event under a misspelt detail-type',
      {
        consumer: 'request-store',
        provider: 'user-portal',
        breakIt: (_c, m) => void (m['detail-type'] = 'marketplace request'),
        want: /^request-store cannot handle .*: did not record request/,
      },
    ],
    [
      'a status change whose request_status was renamed status',
      {
        consumer: 'request-store',
        provider: 'marketplace-api',
        breakIt: (c) => {
          c['status'] = c['request_status'];
          delete c['request_status'];
        },
        want: /^request-store cannot handle a "request status changed" event: accepted: /,
      },
    ],
    [
      'a status change with no request_status',
      {
        consumer: 'user-portal',
        provider: 'marketplace-api',
        breakIt: (c) => void delete c['request_status'],
        // The consumer validates its input against the catalogue (generated `validated`) before it runs.
        want: /^user-portal cannot handle .*: \/request_status must have required property .request_status./,
      },
    ],
    [
      'a status the notifier has no template for',
      {
        consumer: 'notifier',
        provider: 'marketplace-api',
        breakIt: (c) => void (c['request_status'] = 'on-hold'),
        want: /^notifier cannot handle .*: put an invalid notification/,
      },
    ],
    [
      'a notification template the dispatcher has no text for',
      {
        consumer: 'notifier-dispatcher',
        provider: 'notifier',
        breakIt: (c) => void (c['template'] = 'request-on-hold'),
        want: /^notifier-dispatcher cannot handle .*: Cannot read properties of undefined/,
      },
    ],
  ])('fails when the message is %s', async (_name, { consumer, provider, breakIt, want }) => {
    const def = pact(consumer, provider);
    const messages = def.messages.map((m) => {
      const contents = { ...(m.contents as Record<string, unknown>) };
      const metadata = { ...m.metadata };
      breakIt(contents, metadata);
      return { ...m, contents, metadata };
    });
    await expect(recordWithConsumer({ ...def, messages })).rejects.toThrow(want);
  });
});
