// An event's numbers reach the target, the archive and a replay exactly as the producer wrote them
// (JSON.parse then JSON.stringify would write 9007199254740993 as 9007199254740992, 1.50 as 1.5).
import {
  CreateArchiveCommand,
  DescribeReplayCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, startStack, type Stack } from './testing/stack.ts';

let stack: Stack;
let client: EventBridgeClient;
beforeAll(async () => {
  stack = await startStack();
  client = new EventBridgeClient({
    region: 'eu-west-1',
    endpoint: stack.url,
    credentials: { accessKeyId: 'dummy', secretAccessKey: 'dummy' },
  });
});
afterAll(async () => {
  client.destroy();
  await stack.close();
});

const cases: [string, { given: string; want: string }][] = [
  ['an integer above 2^53', { given: '{"k": 9007199254740993}', want: '{"k":9007199254740993}' }],
  ['the largest 64-bit integer', { given: '{"k":9223372036854775807}', want: '{"k":9223372036854775807}' }],
  ['trailing zeros', { given: '{"price": 1.50, "qty": 2.0}', want: '{"price":1.50,"qty":2.0}' }],
  ['an exponent', { given: '{"big":1e2,"small":1E-400}', want: '{"big":1e2,"small":1E-400}' }],
  ['minus zero', { given: '{"z":-0}', want: '{"z":-0}' }],
  ['numbers JSON.stringify keeps', { given: '{"a": [1, 2.5, -3]}', want: '{"a":[1,2.5,-3]}' }],
];

it('delivers, archives and replays each number as it was sent', async () => {
  const { queues, bus } = stack.runtime;
  const queueArn = queues.arnOf(queues.ensure('numbers'));
  const busArn = `arn:aws:events:${bus.identity.region}:${bus.identity.accountId}:event-bus/default`;
  await client.send(
    new PutRuleCommand({ Name: 'numbers', EventPattern: '{"source":["com.example.numbers"]}' }),
  );
  await client.send(new PutTargetsCommand({ Rule: 'numbers', Targets: [{ Id: 'q', Arn: queueArn }] }));
  await client.send(
    new CreateArchiveCommand({
      ArchiveName: 'numbers',
      EventSourceArn: busArn,
      EventPattern: '{"source":["com.example.numbers"]}',
    }),
  );
  const sentAt = Date.now();
  const put = await client.send(
    new PutEventsCommand({
      Entries: cases.map(([, { given }]) => ({
        Source: 'com.example.numbers',
        DetailType: 'n',
        Detail: given,
      })),
    }),
  );
  expect(put.FailedEntryCount).toBe(0);

  const detailOf = (text: string) =>
    text.slice(text.indexOf('"detail":') + '"detail":'.length, text.lastIndexOf('}'));
  const delivered = await eventually(async () => {
    const messages = queues.receive(queueArn, 100);
    return messages.length >= cases.length ? messages.map((m) => m.body) : undefined;
  }, 'the queue target to receive every event');
  const archived = bus.archives.window('numbers', 0, Date.now() + 1000, 0, 100).map((a) => a.event);

  await new Promise((resolve) => setTimeout(resolve, Math.max(0, sentAt + 1100 - Date.now())));
  await client.send(
    new StartReplayCommand({
      ReplayName: 'numbers',
      EventSourceArn: `arn:aws:events:${bus.identity.region}:${bus.identity.accountId}:archive/numbers`,
      EventStartTime: new Date(sentAt - 1000),
      EventEndTime: new Date(),
      Destination: { Arn: busArn },
    }),
  );
  await eventually(async () => {
    const r = await client.send(new DescribeReplayCommand({ ReplayName: 'numbers' }));
    return r.State === 'COMPLETED' ? r : undefined;
  }, 'the replay to complete');
  const replayed = await eventually(async () => {
    const messages = queues.receive(queueArn, 100).filter((m) => m.body.includes('"replay-name"'));
    return messages.length >= cases.length ? messages.map((m) => m.body) : undefined;
  }, 'the replayed events to reach the queue');

  for (const [name, { want }] of cases) {
    expect(delivered.map(detailOf), `${name}: delivered`).toContain(want);
    expect(archived.map(detailOf), `${name}: archived`).toContain(want);
    expect(replayed.map(detailOf), `${name}: replayed`).toEqual(
      expect.arrayContaining([expect.stringContaining(want)]),
    );
  }
});

/** `k` as sent; InputPath and InputTransformer targets must receive this very text. */
const kept: [string, string][] = [
  ['an integer above 2^53', '9007199254740993'],
  ['the largest 64-bit integer', '9223372036854775807'],
  ['the smallest 64-bit integer', '-9223372036854775808'],
  ['trailing zeros', '1.50'],
  ['an exponent', '1e2'],
  ['an underflowing exponent', '1E-400'],
  ['minus zero', '-0'],
  ['a plain number', '42'],
];

it('hands InputPath and InputTransformer targets each number as it was sent', async () => {
  const { queues } = stack.runtime;
  const pathArn = queues.arnOf(queues.ensure('numbers-path'));
  const templateArn = queues.arnOf(queues.ensure('numbers-template'));
  await client.send(
    new PutRuleCommand({ Name: 'numbers-input', EventPattern: '{"source":["com.example.kept"]}' }),
  );
  await client.send(
    new PutTargetsCommand({
      Rule: 'numbers-input',
      Targets: [
        { Id: 'path', Arn: pathArn, InputPath: '$.detail' },
        {
          Id: 'template',
          Arn: templateArn,
          InputTransformer: {
            InputPathsMap: { k: '$.detail.k', all: '$.detail' },
            InputTemplate: '{"k": <k>, "quoted": "<k>", "all": <all>}',
          },
        },
      ],
    }),
  );
  const put = await client.send(
    new PutEventsCommand({
      Entries: kept.map(([name, k]) => ({
        Source: 'com.example.kept',
        DetailType: name,
        Detail: `{"name": "${name}", "k": ${k}}`,
      })),
    }),
  );
  expect(put.FailedEntryCount).toBe(0);
  const bodies = (arn: string) =>
    eventually(async () => {
      const messages = queues.receive(arn, 100);
      return messages.length >= kept.length ? messages.map((m) => m.body) : undefined;
    }, `${arn} to receive every event`);
  const byPath = await bodies(pathArn);
  const byTemplate = await bodies(templateArn);
  for (const [name, k] of kept) {
    const detail = `{"name":"${name}","k":${k}}`;
    expect(byPath, `${name}: InputPath`).toContain(detail);
    expect(byTemplate, `${name}: InputTransformer`).toContain(`{"k":${k},"quoted":"${k}","all":${detail}}`);
  }
});
