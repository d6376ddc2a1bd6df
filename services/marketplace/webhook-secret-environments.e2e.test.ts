// Each environment signs with its own webhook secret from the start, and a rotation with the test key
// never changes what production signs with: a real prod delivery, received on loopback after the
// test key rotated, verifies with the `standardwebhooks` package under the secret prod had before,
// and not under the test environment's new one.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { UpdateApiDestinationCommand, UpdateConnectionCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forcedClient } from '../bus/testing/forced-client.ts';
import { eventually, putMarketplaceRequest, startStack, type Stack } from './testing/stack.ts';

let stack: Stack;
let receiver: Server;
const received: { body: string; headers: IncomingHttpHeaders }[] = [];
beforeAll(async () => {
  stack = await startStack();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ body, headers: req.headers });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await stack.close();
});

const secretsOf = (partner: string, environment: string) =>
  stack.runtime.bus.apiDestinations.get(`portico-${partner}-${environment}`)?.webhookSecrets ?? [];

it.each(['3rdparty1', 'techhub', 'officenest', 'printworks', 'safeguard', 'wanderly'])(
  '%s: prod and test sign with different secrets from the start',
  (partner) => {
    const [prod] = secretsOf(partner, 'prod');
    const [test] = secretsOf(partner, 'test');
    expect(prod).toMatch(/^whsec_/);
    expect(test).toMatch(/^whsec_/);
    expect(test).not.toBe(prod);
  },
);

it('a test-key rotation leaves prod signing with its own secret (standardwebhooks verifies)', async () => {
  const partner = 'techhub';
  const prodSecret = secretsOf(partner, 'prod')[0]!;
  // Prod endpoints must be public HTTPS (the Marketplace API says 422): an operator points the prod
  // destination at the loopback receiver with a forced change instead (docs/security.md).
  const forced = forcedClient({
    endpoint: stack.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  const Name = `portico-${partner}-prod`;
  await forced.send(
    new UpdateApiDestinationCommand({
      Name,
      InvocationEndpoint: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    }),
  );
  await forced.send(
    new UpdateConnectionCommand({
      Name,
      AuthorizationType: 'API_KEY',
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'X-E2e-Key', ApiKeyValue: 'e2e' } },
    }),
  );
  forced.destroy();
  const rotated = await stack.http('POST', '/api/partner/webhook-secret/rotate', {
    key: stack.key(partner, 'test'),
    body: { grace_period_seconds: 0 },
  });
  expect(rotated.status).toBe(201);
  const testSecret = String(rotated.body?.['secret']);
  expect(secretsOf(partner, 'prod')).toEqual([prodSecret]);

  const requestId = await putMarketplaceRequest(stack, partner, 'prod', ['laptops']);
  const delivery = await eventually(
    async () => received.find((r) => r.body.includes(requestId)),
    'the prod delivery',
  );
  const headers = Object.fromEntries(
    ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(delivery.headers[h])]),
  );
  expect(new Webhook(prodSecret).verify(delivery.body, headers)).toMatchObject({
    detail: { request_id: requestId },
  });
  expect(() => new Webhook(testSecret).verify(delivery.body, headers)).toThrow();
});
