// The bus's API conformance corpus (conformance/eventbridge-api.json): each case is a request, AWS's
// documented or recorded answer, and where that answer is written (`source`). Every case runs through the real
// @aws-sdk/client-eventbridge against one bus; names are unique per case so cases do not meet.
import { readFileSync } from 'node:fs';
import * as sdk from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBus, type TestBus } from './testing/test-bus.ts';

type Call = [operation: string, input: Record<string, unknown>];
interface Case {
  id: string;
  source: string;
  setup?: Call[];
  request?: Call;
  expect?: {
    error?: string;
    message?: string;
    output?: Record<string, unknown>;
    outputMatches?: Record<string, string>;
  };
  expectPolicy?: unknown;
  transform?: { detail: unknown; inputPathsMap: Record<string, string>; inputTemplate: string };
  delivers?: string | null;
}

const cases = JSON.parse(
  readFileSync(new URL('./conformance/eventbridge-api.json', import.meta.url), 'utf8'),
) as Case[];

let t: TestBus;
const connectionArns = new Map<string, string>();
beforeAll(async () => {
  t = await startTestBus();
  await send('PutRule', { Name: 'tx', EventPattern: '{"source":["com.example"]}' });
});
afterAll(async () => t.close());

/** `"$<connection name>"` in an input stands for that connection's ARN (made in the case's setup). */
function resolve(input: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(input, (_k, v: unknown) =>
      typeof v === 'string' && v.startsWith('$') && connectionArns.has(v.slice(1))
        ? connectionArns.get(v.slice(1))
        : v,
    ),
  ) as Record<string, unknown>;
}

async function send(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const Command = (sdk as unknown as Record<string, new (i: unknown) => sdk.PutEventsCommand>)[
    `${operation}Command`
  ];
  if (!Command) throw new Error(`no SDK command for ${operation}`);
  const out = (await t.client.send(new Command(resolve(input)) as never)) as unknown as Record<
    string,
    unknown
  >;
  if (operation === 'CreateConnection') connectionArns.set(input.Name as string, out.ConnectionArn as string);
  return out;
}

/** What `{{…}}` in an expected body stands for, from the event the bus logged. */
function expand(want: string, logged: { event: string; ingestedAt: number }): string {
  const e = JSON.parse(logged.event) as Record<string, unknown>;
  const { detail: _d, 'detail-type': detailType, ...rest } = e;
  const event = JSON.stringify({
    id: rest.id,
    account: rest.account,
    detailType,
    time: rest.time,
    source: rest.source,
    region: rest.region,
    resources: rest.resources,
    version: rest.version,
  });
  return want
    .replace('{{event.json}}', logged.event)
    .replace('{{event}}', event)
    .replace('{{ingestion-time}}', `${new Date(logged.ingestedAt).toISOString().slice(0, 19)}Z`);
}

async function deliveredBody(c: Case): Promise<string | undefined> {
  const { detail, inputPathsMap, inputTemplate } = c.transform!;
  await send('PutTargets', {
    Rule: 'tx',
    Targets: [
      {
        Id: 't',
        Arn: 'arn:aws:sqs:eu-west-1:000000000000:q',
        InputTransformer: { InputPathsMap: inputPathsMap, InputTemplate: inputTemplate },
      },
    ],
  });
  const out = await send('PutEvents', {
    Entries: [
      { Source: 'com.example', DetailType: 'core.update-account-command', Detail: JSON.stringify(detail) },
    ],
  });
  const eventId = (out.Entries as { EventId: string }[])[0]!.EventId;
  const logged = t.bus.events.recent({ limit: 5 }).find((e) => e.id === eventId)!;
  const body = t.deliveries.list({ eventId })[0]?.body;
  return c.delivers === null ? body : JSON.stringify({ body, want: expand(c.delivers!, logged) });
}

describe('EventBridge API conformance corpus, through the SDK', () => {
  it('every case names its source', () => {
    expect(cases.filter((c) => !c.source).map((c) => c.id)).toEqual([]);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    for (const [op, input] of c.setup ?? []) await send(op, input);
    if (c.transform) {
      const got = await deliveredBody(c);
      if (c.delivers === null) expect(got).toBeUndefined();
      else {
        const { body, want } = JSON.parse(got!) as { body: string; want: string };
        expect(body).toBe(want);
      }
      return;
    }
    const [op, input] = c.request!;
    const outcome = await send(op, input).then(
      (output) => ({ output }),
      (error: { name: string; message: string }) => ({ error: { name: error.name, message: error.message } }),
    );
    const want = c.expect!;
    if (want.error) {
      expect(outcome).toEqual({ error: { name: want.error, message: want.message } });
      return;
    }
    expect('output' in outcome ? outcome.output : outcome).toMatchObject(want.output ?? {});
    const output = (outcome as { output: Record<string, unknown> }).output;
    for (const [member, pattern] of Object.entries(want.outputMatches ?? {}))
      expect(output[member]).toMatch(new RegExp(pattern));
    if (c.expectPolicy) expect(JSON.parse(output.Policy as string)).toEqual(c.expectPolicy);
  });
});
