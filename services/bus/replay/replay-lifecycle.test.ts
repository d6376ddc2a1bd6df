import {
  CancelReplayCommand,
  CreateArchiveCommand,
  CreateEventBusCommand,
  DescribeReplayCommand,
  ListArchivesCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
  UpdateArchiveCommand,
  type StartReplayCommandInput,
} from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';

let t: TestBus;
beforeEach(async () => {
  t = await startTestBus();
  await t.client.send(new CreateArchiveCommand({ ArchiveName: 'all', EventSourceArn: busArn }));
});
afterEach(async () => t.close());

const prefix = 'arn:aws:events:eu-west-1:000000000000';
const busArn = `${prefix}:event-bus/default`;
const archiveArn = `${prefix}:archive/all`;
const put = () =>
  t.client.send(
    new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'order', Detail: '{"n":1}' }] }),
  );
const replay = (name: string, over: Partial<StartReplayCommandInput> = {}) =>
  t.client.send(
    new StartReplayCommand({
      ReplayName: name,
      EventSourceArn: archiveArn,
      EventStartTime: new Date(Date.now() - 60_000),
      EventEndTime: new Date(Date.now() + 60_000),
      Destination: { Arn: busArn },
      ...over,
    }),
  );

/** Polls DescribeReplay until the replay is in `state` (bounded by count, not by a clock). */
async function until(name: string, state: string) {
  for (let i = 0; i < 3000; i++) {
    const r = await t.client.send(new DescribeReplayCommand({ ReplayName: name }));
    if (r.State === state) return r;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`replay ${name} never reached ${state}`);
}

describe('replay states (StartReplay, DescribeReplay, CancelReplay API reference; recorded answers)', () => {
  it('STARTING, then RUNNING while the window reaches into the future; CancelReplay gives CANCELLING then CANCELLED', async () => {
    const started = await replay('r');
    expect(started.State).toBe('STARTING');
    await until('r', 'RUNNING');
    const cancel = await t.client.send(new CancelReplayCommand({ ReplayName: 'r' }));
    expect(cancel).toMatchObject({ ReplayArn: `${prefix}:replay/r`, State: 'CANCELLING' });
    const done = await until('r', 'CANCELLED');
    expect(done.ReplayEndTime).toBeInstanceOf(Date);
  });

  it('an EventEndTime slightly in the future is accepted, and the replay completes once it has passed', async () => {
    await t.client.send(new PutRuleCommand({ Name: 'orders', EventPattern: '{"source":["shop"]}' }));
    await t.client.send(
      new PutTargetsCommand({
        Rule: 'orders',
        Targets: [{ Id: 'q', Arn: `arn:aws:sqs:eu-west-1:000000000000:q` }],
      }),
    );
    await put();
    const end = new Date(Date.now() + 1500);
    await replay('soon', { EventEndTime: end });
    await put(); // archived before the window ends: replayed too
    const done = await until('soon', 'COMPLETED');
    expect(done.ReplayEndTime!.getTime()).toBeGreaterThanOrEqual(end.getTime() - 1000);
    expect(t.deliveries.list({}).filter((d) => d.replayName === 'soon')).toHaveLength(2);
  });

  it('a finished replay cannot be cancelled', async () => {
    await replay('past', { EventEndTime: new Date(Date.now() - 1000) });
    await until('past', 'COMPLETED');
    await expect(t.client.send(new CancelReplayCommand({ ReplayName: 'past' }))).rejects.toMatchObject({
      name: 'IllegalStatusException',
    });
  });

  it.each([
    [
      'an archive that does not exist (recorded)',
      { EventSourceArn: `${prefix}:archive/nope` },
      'ValidationException',
      'Parameter EventSourceArn is not valid. Reason: Archive nope does not exist.',
    ],
    [
      'a destination bus that does not exist (recorded)',
      { Destination: { Arn: `${prefix}:event-bus/nope` } },
      'ResourceNotFoundException',
      'Event bus nope does not exist.',
    ],
    [
      'another bus than the archive (recorded)',
      { Destination: { Arn: `${prefix}:event-bus/other` } },
      'ValidationException',
      'Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.',
    ],
    [
      'an end before the start (recorded)',
      { EventStartTime: new Date(), EventEndTime: new Date(Date.now() - 1000) },
      'ValidationException',
      'Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.',
    ],
  ])('StartReplay refuses %s', async (_name, over, name, message) => {
    await t.client.send(new CreateEventBusCommand({ Name: 'other' }));
    await expect(replay('bad', over)).rejects.toMatchObject({ name, message });
  });
});

describe('archives (ListArchives, UpdateArchive API reference; recorded answers)', () => {
  it('ListArchives with an EventSourceArn of a bus that does not exist is ResourceNotFoundException', async () => {
    await expect(
      t.client.send(new ListArchivesCommand({ EventSourceArn: `${prefix}:event-bus/nope` })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Event bus nope does not exist.' });
  });

  it('UpdateArchive with only a name is ValidationException', async () => {
    await expect(t.client.send(new UpdateArchiveCommand({ ArchiveName: 'all' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'At least one of EventPattern, RetentionDays or Description must be provided.',
    });
  });
});
