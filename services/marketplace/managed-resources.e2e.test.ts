// The catalogue's bus, API destinations and connections are protected as its rules are: deleting
// them through the EventBridge API is refused (ManagedRuleException, as DeleteRule does), and the
// portal and the Marketplace API keep answering.
import {
  DeleteApiDestinationCommand,
  DeleteConnectionCommand,
  DeleteEventBusCommand,
  DescribeEventBusCommand,
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
afterAll(async () => stack.close());

it.each([
  ['DeleteEventBus marketplace', () => new DeleteEventBusCommand({ Name: 'marketplace' })],
  [
    'DeleteApiDestination of a partner',
    () => new DeleteApiDestinationCommand({ Name: 'portico-techhub-prod' }),
  ],
  ['DeleteConnection of a partner', () => new DeleteConnectionCommand({ Name: 'portico-techhub-prod' })],
])('%s is refused and the marketplace keeps working', async (_name, command) => {
  const error = await client.send(command() as never).catch((e: Error) => e);
  expect(error).toMatchObject({ name: 'ManagedRuleException' });
  await expect(client.send(new DescribeEventBusCommand({ Name: 'marketplace' }))).resolves.toMatchObject({
    Name: 'marketplace',
  });
  expect((await stack.http('GET', '/api/partner', { key: stack.key('techhub') })).status).toBe(200);
});
