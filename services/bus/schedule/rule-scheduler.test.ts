import {
  DisableRuleCommand,
  EnableRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../delivery/clock.ts';
import { DeliveryWorker } from '../../delivery/delivery-worker.ts';
import { LocalQueues } from '../queues/local-queues.ts';
import { queueInvoker } from '../targets/queue-invoker.ts';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';
import { RuleScheduler, type SetTimer } from './rule-scheduler.ts';

const QUEUE = 'arn:aws:sqs:eu-west-1:000000000000:ticks';
let t: TestBus;
afterEach(async () => t.close());

/** A bus on a ManualClock, a rule through the SDK, and a worker that delivers to local queues. */
async function scheduledRule(expression: string) {
  const clock = new ManualClock(Date.UTC(2025, 0, 1, 10, 0, 0));
  t = await startTestBus({ clock });
  const queues = new LocalQueues(t.bus.db, t.bus.identity);
  const worker = new DeliveryWorker({ queue: t.deliveries, invokers: [queueInvoker(queues)], queues, clock });
  const { RuleArn } = await t.client.send(
    new PutRuleCommand({ Name: 'tick', ScheduleExpression: expression }),
  );
  await t.client.send(new PutTargetsCommand({ Rule: 'tick', Targets: [{ Id: 'q', Arn: QUEUE }] }));
  const received = async (): Promise<unknown[]> => {
    await worker.runDue();
    return queues.receive(QUEUE, 100).map((m) => JSON.parse(m.body) as unknown);
  };
  return { clock, ruleArn: RuleArn!, received };
}

describe('scheduled rules', () => {
  it('fire rate(1 minute) as a Scheduled Event to the rule target, every minute, not while DISABLED', async () => {
    const { clock, ruleArn, received } = await scheduledRule('rate(1 minute)');
    expect(await t.bus.scheduler.runDue()).toBe(0);
    clock.advance(60_000);
    expect(await t.bus.scheduler.runDue()).toBe(1);
    expect(await received()).toEqual([
      {
        version: '0',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '000000000000',
        time: '2025-01-01T10:01:00Z',
        region: 'eu-west-1',
        resources: [ruleArn],
        detail: {},
      },
    ]);
    clock.advance(30_000);
    expect(await t.bus.scheduler.runDue()).toBe(0);
    clock.advance(30_000);
    expect(await t.bus.scheduler.runDue()).toBe(1);

    await t.client.send(new DisableRuleCommand({ Name: 'tick' }));
    clock.advance(300_000);
    expect(await t.bus.scheduler.runDue()).toBe(0);
    await t.client.send(new EnableRuleCommand({ Name: 'tick' }));
    clock.advance(60_000);
    expect(await t.bus.scheduler.runDue()).toBe(1);
    expect((await received()).length).toBe(3);
    // Logged like any event, so `portico events` shows them.
    expect(t.bus.events.recent({ limit: 10 }).map((e) => JSON.parse(e.event).source)).toEqual(
      Array(3).fill('aws.events'),
    );
  });

  it('fire cron schedules at their UTC times, from a timer the scheduler arms and stop() cancels', async () => {
    const { clock, received } = await scheduledRule('cron(30 10 * * ? *)');
    const timers: { fire: () => void; ms: number; cancelled: boolean }[] = [];
    const setTimer: SetTimer = (fire, ms) => {
      const timer = { fire, ms, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    };
    const scheduler = new RuleScheduler(t.bus, clock, setTimer);
    scheduler.start();
    expect(timers.at(-1)?.ms).toBe(60_000); // due in 30 minutes: it looks again within a minute
    clock.advance(30 * 60_000);
    timers.at(-1)!.fire();
    await scheduler.stop();
    expect(await received()).toMatchObject([{ time: '2025-01-01T10:30:00Z' }]);
    expect(timers.at(-1)!.cancelled).toBe(true);
  });

  it.each(['rate(5 minute)', 'rate(1 minutes)', 'cron(0 10 * * *)', 'cron(0 10 * * 1 *)'])(
    'refuse %s with ValidationException',
    async (expression) => {
      t = await startTestBus();
      await expect(
        t.client.send(new PutRuleCommand({ Name: 'bad', ScheduleExpression: expression })),
      ).rejects.toMatchObject({
        name: 'ValidationException',
        message: 'Parameter ScheduleExpression is not valid.',
      });
    },
  );
});
