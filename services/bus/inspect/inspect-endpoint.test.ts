import {
  CreateArchiveCommand,
  DescribeReplayCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';
import { fetchView, formatEvent, type EventView } from './inspect-client.ts';
import { inspectEndpoint } from './inspect-endpoint.ts';

let t: TestBus;
afterEach(async () => t.close());

const busArn = 'arn:aws:events:eu-west-1:000000000000:event-bus/default';
const queue = 'arn:aws:sqs:eu-west-1:000000000000:q';

describe('GET /_portico/events (portico events)', () => {
  it('shows each event with where it went, and replayed events marked with their replay name', async () => {
    t = await startTestBus();
    t.server.mount(
      '/_portico/',
      inspectEndpoint(t.bus, {
        deliveriesOf: (eventSeq) => t.deliveries.list({ eventSeq }).reverse(),
      }),
    );
    await t.client.send(new PutRuleCommand({ Name: 'orders', EventPattern: '{"source":["shop"]}' }));
    await t.client.send(new PutTargetsCommand({ Rule: 'orders', Targets: [{ Id: 'q', Arn: queue }] }));
    await t.client.send(new CreateArchiveCommand({ ArchiveName: 'all', EventSourceArn: busArn }));
    const from = new Date(Date.now() - 1000);
    const put = await t.client.send(
      new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'order', Detail: '{"n":1}' }] }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20)); // the window ends in the past
    await t.client.send(
      new StartReplayCommand({
        ReplayName: 'again',
        EventSourceArn: 'arn:aws:events:eu-west-1:000000000000:archive/all',
        EventStartTime: from,
        EventEndTime: new Date(),
        Destination: { Arn: busArn },
      }),
    );
    for (let i = 0; i < 200; i++) {
      const r = await t.client.send(new DescribeReplayCommand({ ReplayName: 'again' }));
      if (r.State === 'COMPLETED') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    const { events } = await fetchView<{ events: EventView[] }>(t.server.url, '/_portico/events?limit=10');
    const id = put.Entries![0]!.EventId!;
    expect(events.map((e) => [e.id, e.replayName, e.routed.map((r) => r.rule)])).toEqual([
      [id, undefined, ['orders']],
      [id, 'again', ['orders']],
    ]);
    expect(formatEvent(events[1]!)).toEqual([
      expect.stringMatching(new RegExp(`default  shop / order  ${id}  \\(replay again\\)$`)),
      `    -> orders : q ${queue}  [pending]`,
    ]);
  });
});
