// A self-service change the bus refuses part-way, against the real local stack (issue #14): the
// endpoint is valid, the API key value is not (EventBridge's ApiKeyValue pattern excludes `:`, and
// the bus's UpdateConnection refuses it). Before, the endpoint was already changed on the bus when
// the API answered 500; now nothing changes and the answer is a 422 naming the member, with no
// `partner details changed` event.
import {
  DescribeApiDestinationCommand,
  DescribeConnectionCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { busClient, startStack, type Stack } from './testing/stack.ts';

let stack: Stack;
let client: EventBridgeClient;
beforeAll(async () => {
  stack = await startStack();
  client = busClient(stack);
});
afterAll(async () => {
  client?.destroy();
  await stack?.close();
});

async function busState(partner: string) {
  const out: unknown[] = [];
  for (const env of ['prod', 'test']) {
    const Name = `portico-${partner}-${env}`;
    const d = await client.send(new DescribeApiDestinationCommand({ Name }));
    const c = await client.send(new DescribeConnectionCommand({ Name }));
    out.push([d.InvocationEndpoint, c.AuthorizationType, c.AuthParameters]);
  }
  return out;
}

it('refuses a change the bus refuses part-way with 422, leaving the bus, the details and the events as they were', async () => {
  const key = stack.key('techhub', 'prod');
  const bus = await busState('techhub');
  const view = await stack.http('GET', '/api/partner', { key });
  const events = stack.runtime.bus.db.prepare('SELECT count(*) AS n FROM bus_events').get() as { n: number };
  const res = await stack.http('PATCH', '/api/partner', {
    key,
    body: {
      environments: {
        prod: {
          endpoint: 'https://moved.techhub.example/hook',
          auth: { type: 'api_key', header: 'X-Key', value: 'new:prod-key' },
        },
      },
    },
  });
  expect([
    res.status,
    (res.body?.['errors'] as { pointer: string }[] | undefined)?.map((e) => e.pointer),
  ]).toEqual([422, ['/environments/prod/auth']]);
  expect(await busState('techhub')).toEqual(bus);
  expect((await stack.http('GET', '/api/partner', { key })).body).toEqual(view.body);
  expect(stack.runtime.bus.db.prepare('SELECT count(*) AS n FROM bus_events').get()).toEqual(events);
});
