// The attack of issue 13, on the whole local stack: holding only a partner's *test* API key, try to
// move its production delivery (endpoint, credentials) or rotate what production signs with. The
// bus's own API destination and connection (read through the EventBridge API, as an operator
// would) and the prod destination's signing secrets must not change.
import {
  DescribeApiDestinationCommand,
  DescribeConnectionCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busClient, startStack, type Stack } from './testing/stack.ts';

let stack: Stack;
let client: EventBridgeClient;
beforeAll(async () => {
  stack = await startStack();
  client = busClient(stack);
});
afterAll(async () => stack.close());

const prodOf = async (partner: string) => {
  const Name = `portico-${partner}-prod`;
  const destination = await client.send(new DescribeApiDestinationCommand({ Name }));
  const connection = await client.send(new DescribeConnectionCommand({ Name }));
  return {
    endpoint: destination.InvocationEndpoint,
    auth: connection.AuthorizationType,
    modified: connection.LastModifiedTime?.toISOString(),
    secrets: stack.runtime.bus.apiDestinations.get(Name)?.webhookSecrets,
  };
};

describe('a test key cannot reach production', () => {
  it.each([
    [
      'prod endpoint to an attacker',
      { environments: { prod: { endpoint: 'https://attacker.example/hook' } } },
      '/environments/prod',
    ],
    [
      'prod credentials',
      { environments: { prod: { auth: { type: 'basic', username: 'attacker', password: 'x' } } } },
      '/environments/prod',
    ],
    ['the partner-wide contact', { contact: { email: 'attacker@attacker.example' } }, '/contact'],
  ])('PATCH %s: 403 naming the pointer, prod unchanged', async (_name, body, pointer) => {
    const before = await prodOf('3rdparty1');
    const res = await stack.http('PATCH', '/api/partner', { key: stack.key('3rdparty1', 'test'), body });
    expect(res.status).toBe(403);
    expect((res.body?.['errors'] as { pointer: string }[]).map((e) => e.pointer)).toEqual([pointer]);
    expect(await prodOf('3rdparty1')).toEqual(before);
  });

  it('GET shows the test environment only', async () => {
    const res = await stack.http('GET', '/api/partner', { key: stack.key('3rdparty1', 'test') });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body?.['environments'] as object)).toEqual(['test']);
    expect(JSON.stringify(res.body)).not.toContain((await prodOf('3rdparty1')).endpoint);
  });

  it('rotating with the test key changes the test secret only', async () => {
    const before = await prodOf('techhub');
    const testBefore = stack.runtime.bus.apiDestinations.get('portico-techhub-test')?.webhookSecrets;
    const res = await stack.http('POST', '/api/partner/webhook-secret/rotate', {
      key: stack.key('techhub', 'test'),
      body: { grace_period_seconds: 0 },
    });
    expect(res.status).toBe(201);
    expect(stack.runtime.bus.apiDestinations.get('portico-techhub-test')?.webhookSecrets).toEqual([
      res.body?.['secret'],
    ]);
    expect(testBefore).not.toEqual([res.body?.['secret']]);
    expect(await prodOf('techhub')).toEqual(before);
  });

  it('the prod key still moves the prod endpoint', async () => {
    const res = await stack.http('PATCH', '/api/partner', {
      key: stack.key('3rdparty1', 'prod'),
      body: { environments: { prod: { endpoint: 'https://hooks.3rdparty1.example/portico' } } },
    });
    expect(res.status).toBe(200);
    expect((await prodOf('3rdparty1')).endpoint).toBe('https://hooks.3rdparty1.example/portico');
  });
});
