import {
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchView, formatEvent, type EventView } from '../inspect/inspect-client.ts';
import { inspectEndpoint } from '../inspect/inspect-endpoint.ts';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';

let t: TestBus;
afterEach(async () => t?.close());

const ok: PutEventsRequestEntry = { Source: 'com.example', DetailType: 'thing happened', Detail: '{"a":1}' };

const entryCases: [
  string,
  { given: PutEventsRequestEntry; want: { ErrorCode: string; ErrorMessage: RegExp } },
][] = [
  [
    'missing Source',
    {
      given: { ...ok, Source: undefined },
      want: { ErrorCode: 'InvalidArgument', ErrorMessage: /Source is a required argument/ },
    },
  ],
  [
    'missing DetailType',
    {
      given: { ...ok, DetailType: undefined },
      want: { ErrorCode: 'InvalidArgument', ErrorMessage: /DetailType is a required argument/ },
    },
  ],
  [
    'missing Detail',
    {
      given: { ...ok, Detail: undefined },
      want: { ErrorCode: 'InvalidArgument', ErrorMessage: /Detail is a required argument/ },
    },
  ],
  [
    'Detail not JSON',
    {
      given: { ...ok, Detail: '{nope' },
      want: { ErrorCode: 'MalformedDetail', ErrorMessage: /Detail is malformed/ },
    },
  ],
  [
    'Detail an array',
    {
      given: { ...ok, Detail: '[1,2]' },
      want: { ErrorCode: 'MalformedDetail', ErrorMessage: /Detail is malformed/ },
    },
  ],
  [
    'aws. source',
    {
      given: { ...ok, Source: 'aws.ec2' },
      want: { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: /Not authorized/ },
    },
  ],
];

describe('PutEvents through the SDK', () => {
  it.each(entryCases)('fails one entry, in place, for %s', async (_name, { given, want }) => {
    t = await startTestBus();
    const out = await t.client.send(new PutEventsCommand({ Entries: [ok, given, ok] }));
    expect(out.FailedEntryCount).toBe(1);
    expect(out.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.Entries?.[1]).toEqual({
      ErrorCode: want.ErrorCode,
      ErrorMessage: expect.stringMatching(want.ErrorMessage),
    });
    expect(out.Entries?.[2]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.bus.events.count()).toBe(2);
  });

  it.each([
    ['one entry over 256 KB', [{ ...ok, Detail: JSON.stringify({ x: 'y'.repeat(262_144) }) }]],
    [
      'entries together over 256 KB',
      [0, 1].map(() => ({ ...ok, Detail: JSON.stringify({ x: 'y'.repeat(140_000) }) })),
    ],
  ])('refuses the whole request for %s (recorded: HTTP 400, nothing kept)', async (_name, entries) => {
    t = await startTestBus();
    const error = await t.client
      .send(new PutEventsCommand({ Entries: [ok, ...entries] }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
      $metadata: { httpStatusCode: 400 },
    });
    expect(t.bus.events.count()).toBe(0);
  });

  it('takes entries of exactly 256 KB together', async () => {
    t = await startTestBus();
    // Source + DetailType + Detail bytes (eb-putevent-size): 11 + 14 + (8 + pad) per entry.
    const pad = (262_144 - 2 * (11 + 14 + 8)) / 2;
    const entry = { ...ok, Detail: JSON.stringify({ x: 'y'.repeat(pad) }) };
    const out = await t.client.send(new PutEventsCommand({ Entries: [entry, entry] }));
    expect(out.FailedEntryCount).toBe(0);
  });

  it('answers an entry for a bus that does not exist as AWS does, and shows the drop in portico events', async () => {
    t = await startTestBus();
    t.server.mount('/_portico/', inspectEndpoint(t.bus));
    await t.client.send(new PutRuleCommand({ Name: 'all', EventPattern: '{"source":["com.example"]}' }));
    await t.client.send(
      new PutTargetsCommand({
        Rule: 'all',
        Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:eu-west-1:000000000000:q' }],
      }),
    );
    const out = await t.client.send(new PutEventsCommand({ Entries: [ok, { ...ok, EventBusName: 'nope' }] }));
    // Recorded answer of the service (PutEvents to a bus that does not exist): an EventId, nothing failed.
    expect(out.FailedEntryCount).toBe(0);
    const [kept, dropped] = out.Entries!.map((e) => e.EventId!);
    expect(dropped).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.deliveries.list({ eventId: kept! })).toHaveLength(1);
    expect(t.deliveries.list({ eventId: dropped! })).toHaveLength(0);
    const { events } = await fetchView<{ events: EventView[] }>(t.server.url, '/_portico/events');
    const view = events.find((e) => e.id === dropped)!;
    expect(formatEvent(view)).toEqual([
      expect.stringMatching(new RegExp(`  nope  com\\.example / thing happened  ${dropped}$`)),
      '    (dropped: event bus nope does not exist)',
    ]);
  });

  it('refuses more than 10 entries with ValidationException', async () => {
    t = await startTestBus();
    await expect(t.client.send(new PutEventsCommand({ Entries: Array(11).fill(ok) }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/less than or equal to 10/),
    });
    expect(t.bus.events.count()).toBe(0);
  });

  it('fills the envelope and commits the event with one delivery per matched target', async () => {
    t = await startTestBus();
    await t.client.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["com.example"]}' }));
    await t.client.send(
      new PutTargetsCommand({
        Rule: 'r',
        Targets: [
          { Id: 'q1', Arn: 'arn:aws:sqs:eu-west-1:000000000000:q1' },
          {
            Id: 'q2',
            Arn: 'arn:aws:sqs:eu-west-1:000000000000:q2',
            InputPath: '$.detail',
            RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 60 },
          },
        ],
      }),
    );
    const time = new Date('2024-05-01T10:20:30Z');
    const out = await t.client.send(
      new PutEventsCommand({ Entries: [{ ...ok, Time: time, Resources: ['arn:x'] }] }),
    );
    const id = out.Entries?.[0]?.EventId;
    const [logged] = t.bus.events.recent({ limit: 1 });
    expect(JSON.parse(logged!.event)).toEqual({
      version: '0',
      id,
      'detail-type': 'thing happened',
      source: 'com.example',
      account: '000000000000',
      time: '2024-05-01T10:20:30Z',
      region: 'eu-west-1',
      resources: ['arn:x'],
      detail: { a: 1 },
    });
    const deliveries = t.deliveries.list({ eventId: id! });
    expect(deliveries.map((d) => [d.targetId, d.body, d.retryPolicy.maximumRetryAttempts]).sort()).toEqual([
      ['q1', logged!.event, 185],
      ['q2', '{"a":1}', 3],
    ]);
  });

  it.each([
    ['off', 0],
    ['warn', 0],
    ['reject', 1],
  ] as const)('catalogue validation %s', async (mode, failed) => {
    t = await startTestBus({
      validation: {
        mode,
        validate: (_s, _d, detail) =>
          (detail as { a?: unknown }).a === 'ok'
            ? { ok: true }
            : { ok: false, errors: [{ pointer: '/a', message: 'must be "ok"' }] },
      },
    });
    const out = await t.client.send(new PutEventsCommand({ Entries: [ok] }));
    expect(out.FailedEntryCount).toBe(failed);
    if (failed) expect(out.Entries?.[0]?.ErrorMessage).toMatch(/\/a: must be "ok"/);
  });
});
