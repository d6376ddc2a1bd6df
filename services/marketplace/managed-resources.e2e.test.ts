// The catalogue's bus, rules, API destinations and connections are protected through the EventBridge
// API: deleting or changing them is refused (ManagedRuleException, as DeleteRule does) unless the
// request says `"Force": true`, and a forced change is undone at the next start. The Marketplace
// API's self-service reaches them in-process and keeps working, and what it changed survives the
// restart. The portal and the Marketplace API keep answering throughout.
import {
  DeleteApiDestinationCommand,
  DeleteConnectionCommand,
  DeleteEventBusCommand,
  DescribeApiDestinationCommand,
  DescribeEventBusCommand,
  DisableRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  UpdateApiDestinationCommand,
  UpdateConnectionCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forcedClient } from '../bus/testing/forced-client.ts';
import { busClient, startStack, type Stack } from './testing/stack.ts';

const RULE = { Name: 'portico-techhub-prod', EventBusName: 'marketplace' };

let stack: Stack;
let client: EventBridgeClient;
beforeAll(async () => {
  stack = await startStack();
  client = busClient(stack);
});
afterAll(async () => {
  client.destroy();
  await stack.close();
});

const attacks: [string, () => object][] = [
  ['DeleteEventBus marketplace', () => new DeleteEventBusCommand({ Name: 'marketplace' })],
  ['DeleteApiDestination of a partner', () => new DeleteApiDestinationCommand({ Name: RULE.Name })],
  ['DeleteConnection of a partner', () => new DeleteConnectionCommand({ Name: RULE.Name })],
  [
    'UpdateApiDestination to an attacker',
    () =>
      new UpdateApiDestinationCommand({ Name: RULE.Name, InvocationEndpoint: 'https://attacker.example/h' }),
  ],
  [
    'UpdateConnection with other credentials',
    () =>
      new UpdateConnectionCommand({
        Name: RULE.Name,
        AuthorizationType: 'API_KEY',
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'X-Key', ApiKeyValue: 'attacker' } },
      }),
  ],
  ['PutRule over a catalogue rule', () => new PutRuleCommand({ ...RULE, EventPattern: '{"source":["x"]}' })],
  [
    'PutTargets on a catalogue rule',
    () =>
      new PutTargetsCommand({
        Rule: RULE.Name,
        EventBusName: RULE.EventBusName,
        Targets: [{ Id: 'spy', Arn: 'arn:aws:sqs:eu-west-1:000000000000:spy' }],
      }),
  ],
  [
    'RemoveTargets of a catalogue rule',
    () =>
      new RemoveTargetsCommand({
        Rule: RULE.Name,
        EventBusName: RULE.EventBusName,
        Ids: ['api-destination'],
      }),
  ],
  ['DisableRule of a catalogue rule', () => new DisableRuleCommand(RULE)],
];

it.each(attacks)('%s is refused and the marketplace keeps working', async (_name, command) => {
  const error = await client.send(command() as never).catch((e: Error) => e);
  expect(error).toMatchObject({ name: 'ManagedRuleException' });
  await expect(client.send(new DescribeEventBusCommand({ Name: 'marketplace' }))).resolves.toMatchObject({
    Name: 'marketplace',
  });
  expect((await stack.http('GET', '/api/partner', { key: stack.key('techhub', 'prod') })).status).toBe(200);
});

describe('forced changes and self-service, through a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-managed-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const selfServiceEndpoint = 'https://hooks.3rdparty1.example/self-service';
  const name = 'portico-3rdparty1-prod';

  it('keeps what self-service changed and undoes what was forced', async () => {
    const first = await startStack({ dataDir });
    const config = {
      endpoint: first.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    };
    const forced = forcedClient(config);
    try {
      const patched = await first.http('PATCH', '/api/partner', {
        key: first.key('3rdparty1', 'prod'),
        body: { environments: { prod: { endpoint: selfServiceEndpoint } } },
      });
      expect(patched.status).toBe(200);
      const rotated = await first.http('POST', '/api/partner/webhook-secret/rotate', {
        key: first.key('3rdparty1', 'prod'),
        body: { grace_period_seconds: 0 },
      });
      expect(rotated.status).toBe(201);
      // Forced: allowed, and in effect until the next start.
      for (const [, command] of attacks.filter(([n]) => /^Update|^PutTargets|^DisableRule/.test(n)))
        await forced.send(command() as never);
      await forced.send(
        new UpdateApiDestinationCommand({ Name: name, InvocationEndpoint: 'https://forced.example/h' }),
      );
      await forced.send(new DeleteApiDestinationCommand({ Name: 'portico-techhub-test' }));
      expect(first.runtime.bus.apiDestinations.get(name)?.endpoint).toBe('https://forced.example/h');
      expect(first.runtime.bus.rules.get('marketplace', RULE.Name)?.state).toBe('DISABLED');
      const second = await restart(first, dataDir);
      try {
        const bus = second.runtime.bus;
        expect(bus.apiDestinations.get(name)?.endpoint).toBe(selfServiceEndpoint);
        expect(bus.apiDestinations.get(name)?.webhookSecrets).toEqual([rotated.body?.['secret']]);
        expect(bus.apiDestinations.get(RULE.Name)?.endpoint).toBe('https://techhub.example/portico/webhook');
        expect(bus.connections.get(RULE.Name)?.authorizationType).toBe('OAUTH_CLIENT_CREDENTIALS');
        expect(bus.apiDestinations.get('portico-techhub-test')).toBeDefined();
        expect(bus.rules.get('marketplace', RULE.Name)).toMatchObject({
          state: 'ENABLED',
          targets: [{ Id: 'api-destination' }],
        });
        const reader = busClient(second);
        await expect(reader.send(new DescribeApiDestinationCommand({ Name: name }))).resolves.toMatchObject({
          InvocationEndpoint: selfServiceEndpoint,
        });
        reader.destroy();
        // Self-service still works after the restart, and the partner reads back what it set.
        const read = await second.http('GET', '/api/partner', { key: second.key('3rdparty1', 'prod') });
        expect(read.body).toMatchObject({ environments: { prod: { endpoint: selfServiceEndpoint } } });
        const again = await second.http('PATCH', '/api/partner', {
          key: second.key('3rdparty1', 'prod'),
          body: { environments: { prod: { endpoint: `${selfServiceEndpoint}/v2` } } },
        });
        expect(again.status).toBe(200);
        expect(bus.apiDestinations.get(name)?.endpoint).toBe(`${selfServiceEndpoint}/v2`);
      } finally {
        await second.close();
      }
    } catch (error) {
      await first.close().catch(() => undefined); // not yet closed by the restart: do not hold the run
      throw error;
    } finally {
      forced.destroy();
    }
  });
});

async function restart(stack: Stack, dataDir: string): Promise<Stack> {
  await stack.close();
  return startStack({ dataDir });
}
