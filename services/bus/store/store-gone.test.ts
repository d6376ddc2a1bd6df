// The data directory deleted (or its database replaced) under a running bus: from then on, nothing is
// acknowledged that a restart could not find. PutEvents fails each entry with InternalFailure, other
// operations answer 500 InternalException, and `portico events` (GET /_portico/events) says why.
import {
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../runtime/dev-runtime.ts';

let runtime: Runtime | undefined;
let client: EventBridgeClient | undefined;
afterEach(async () => {
  client?.destroy();
  await runtime?.close();
  runtime = undefined;
});

async function start(dataDir: string) {
  runtime = await startRuntime({ port: 0, dataDir, logger: pino({ level: 'silent' }), catalog: false });
  client = new EventBridgeClient({
    region: 'eu-west-1',
    endpoint: runtime.url,
    credentials: { accessKeyId: 'dummy', secretAccessKey: 'dummy' },
    maxAttempts: 1,
  });
  return { runtime, client };
}

const entries = Array.from({ length: 5 }, (_, i) => ({
  Source: 'com.example.store',
  DetailType: 'probe',
  Detail: JSON.stringify({ i }),
}));

it.each<[string, { given: (dataDir: string) => void; want: RegExp }]>([
  [
    'the data directory deleted',
    { given: (dir) => rmSync(dir, { recursive: true, force: true }), want: /deleted/ },
  ],
  [
    'the database file replaced by a copy',
    {
      given: (dir) => {
        const file = join(dir, 'portico.db');
        copyFileSync(file, `${file}.copy`);
        rmSync(file);
        copyFileSync(`${file}.copy`, file);
      },
      want: /replaced/,
    },
  ],
])('%s under load: nothing sent afterwards is acknowledged', async (_name, { given, want }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-store-gone-'));
  const { runtime: rt, client: c } = await start(dataDir);
  let removed = false;
  let stop = false;
  const after: { entries?: PutEventsResultEntry[]; error?: string }[] = [];
  let acknowledgedBefore = 0;
  const worker = async () => {
    while (!stop) {
      const sentAfterRemoval = removed;
      const outcome: { entries?: PutEventsResultEntry[]; error?: string } = {};
      try {
        outcome.entries = (await c.send(new PutEventsCommand({ Entries: entries }))).Entries ?? [];
      } catch (error) {
        outcome.error = (error as Error).name;
      }
      if (sentAfterRemoval) after.push(outcome);
      else acknowledgedBefore += outcome.entries?.filter((e) => e.EventId).length ?? 0;
    }
  };
  const workers = Array.from({ length: 8 }, worker);
  while (acknowledgedBefore < 200) await new Promise((resolve) => setTimeout(resolve, 5));
  given(dataDir);
  removed = true;
  while (after.length < 100) await new Promise((resolve) => setTimeout(resolve, 5));
  stop = true;
  await Promise.all(workers);

  const acknowledged = after.flatMap((o) => o.entries ?? []).filter((e) => e.EventId);
  expect(acknowledged).toEqual([]);
  for (const o of after) {
    if (o.entries) expect(o.entries.every((e) => e.ErrorCode === 'InternalFailure')).toBe(true);
    else expect(o.error).toBe('InternalException');
  }
  const failure = after.find((o) => o.entries)?.entries?.[0]?.ErrorMessage ?? '';
  expect(failure).toMatch(want);
  await expect(
    c.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["x"]}' })),
  ).rejects.toMatchObject({
    name: 'InternalException',
    message: expect.stringMatching(want),
  });
  const events = await fetch(`${rt.url}/_portico/events`);
  expect(events.status).toBe(503);
  expect(((await events.json()) as { message: string }).message).toMatch(want);
});
