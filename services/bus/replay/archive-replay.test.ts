import {
  CreateArchiveCommand,
  DeleteArchiveCommand,
  DescribeArchiveCommand,
  DescribeReplayCommand,
  ListArchivesCommand,
  ListReplaysCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  ResourceNotFoundException,
  StartReplayCommand,
  UpdateArchiveCommand,
} from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';

let t: TestBus;
beforeEach(async () => {
  t = await startTestBus();
});
afterEach(async () => t.close());

const busArn = 'arn:aws:events:eu-west-1:000000000000:event-bus/default';
const put = (n: number) =>
  t.client.send(
    new PutEventsCommand({
      Entries: [{ Source: 'shop', DetailType: 'order', Detail: JSON.stringify({ n }) }],
    }),
  );

async function waitForReplay(name: string) {
  for (let i = 0; i < 200; i++) {
    const r = await t.client.send(new DescribeReplayCommand({ ReplayName: name }));
    if (r.State === 'COMPLETED' || r.State === 'FAILED') return r;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`replay ${name} did not finish`);
}

describe('archives', () => {
  it('keep matching events; create, describe, list, update, delete', async () => {
    await t.client.send(
      new CreateArchiveCommand({ ArchiveName: 'all', EventSourceArn: busArn, RetentionDays: 1 }),
    );
    await t.client.send(
      new CreateArchiveCommand({
        ArchiveName: 'big',
        EventSourceArn: busArn,
        EventPattern: '{"detail":{"n":[{"numeric":[">",1]}]}}',
      }),
    );
    for (const n of [1, 2, 3]) await put(n);
    expect(await t.client.send(new DescribeArchiveCommand({ ArchiveName: 'all' }))).toMatchObject({
      EventCount: 3,
      RetentionDays: 1,
      State: 'ENABLED',
    });
    expect(await t.client.send(new DescribeArchiveCommand({ ArchiveName: 'big' }))).toMatchObject({
      EventCount: 2,
    });
    expect(
      (await t.client.send(new ListArchivesCommand({ EventSourceArn: busArn }))).Archives?.map(
        (a) => a.ArchiveName,
      ),
    ).toEqual(['all', 'big']);
    await t.client.send(new UpdateArchiveCommand({ ArchiveName: 'all', RetentionDays: 7 }));
    expect((await t.client.send(new DescribeArchiveCommand({ ArchiveName: 'all' }))).RetentionDays).toBe(7);
    await t.client.send(new DeleteArchiveCommand({ ArchiveName: 'big' }));
    await expect(t.client.send(new DescribeArchiveCommand({ ArchiveName: 'big' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('expire drops events past their retention', async () => {
    await t.client.send(
      new CreateArchiveCommand({ ArchiveName: 'a', EventSourceArn: busArn, RetentionDays: 1 }),
    );
    await put(1);
    expect(t.bus.archives.expire(Date.now() + 2 * 86_400_000)).toBe(1);
  });
});

describe('replay', () => {
  it('sends a time window of archived events back through the rules, marked with replay-name', async () => {
    await t.client.send(new CreateArchiveCommand({ ArchiveName: 'all', EventSourceArn: busArn }));
    await put(1);
    await new Promise((r) => setTimeout(r, 20));
    const from = new Date();
    await put(2);
    await put(3);
    await new Promise((r) => setTimeout(r, 20));
    const to = new Date();
    await put(4);
    // The rule exists only now: the original events reached no target, the replayed ones do.
    await t.client.send(new PutRuleCommand({ Name: 'orders', EventPattern: '{"source":["shop"]}' }));
    await t.client.send(
      new PutTargetsCommand({
        Rule: 'orders',
        Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:eu-west-1:000000000000:q' }],
      }),
    );
    const before = t.deliveries.list({}).length;
    const started = await t.client.send(
      new StartReplayCommand({
        ReplayName: 'window',
        EventSourceArn: 'arn:aws:events:eu-west-1:000000000000:archive/all',
        EventStartTime: from,
        EventEndTime: to,
        Destination: { Arn: busArn },
      }),
    );
    expect(started.State).toBe('STARTING');
    const done = await waitForReplay('window');
    expect(done).toMatchObject({
      State: 'COMPLETED',
      EventLastReplayedTime: expect.any(Date),
      ReplayEndTime: expect.any(Date),
    });
    const replayed = t.deliveries.list({}).slice(before);
    expect(replayed.map((d) => (JSON.parse(d.body) as { detail: { n: number } }).detail.n).sort()).toEqual([
      2, 3,
    ]);
    expect(
      replayed.every(
        (d) =>
          d.replayName === 'window' &&
          (JSON.parse(d.body) as Record<string, unknown>)['replay-name'] === 'window',
      ),
    ).toBe(true);
    expect((await t.client.send(new ListReplaysCommand({}))).Replays?.map((r) => r.ReplayName)).toEqual([
      'window',
    ]);
    // Replayed events are not archived again.
    expect((await t.client.send(new DescribeArchiveCommand({ ArchiveName: 'all' }))).EventCount).toBe(4);
  });

  // StartReplay's refusals are tabled with AWS's exact words in replay-lifecycle.test.ts.
});
