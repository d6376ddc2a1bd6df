// Secrets never logged: a whole delivery run at trace level, with every kind of credential and a
// partner that echoes our request headers back, leaves no secret in the log or in the delivery log.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiDestinationInvoker } from './api-destination-invoker.ts';
import { ManualClock } from './clock.ts';
import { createDeliveryLogger } from './delivery-logger.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import { MemoryDirectory } from './testing/memory-directory.ts';
import { ARN, memoryStore, newDelivery } from './testing/fixtures.ts';
import { startScriptedServer, type ScriptedServer } from './testing/scripted-server.ts';

const secrets = {
  apiKey: 'apikey-SECRET-1',
  password: 'basic-SECRET-2',
  clientSecret: 'oauth-SECRET-3',
  token: 'token-SECRET-4',
  queryParam: 'query-SECRET-5',
  webhook: 'whsec_' + Buffer.from('webhook-SECRET-6-padding').toString('base64'),
};

const servers: ScriptedServer[] = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => s.close())));

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

describe('secret redaction', () => {
  it('the logger censors headers, auth parameters and secrets by path', () => {
    const out = capture();
    const logger = createDeliveryLogger({ level: 'trace', destination: out.stream });
    logger.info(
      {
        headers: { authorization: `Bearer ${secrets.token}` },
        connection: { authParameters: { ApiKeyValue: secrets.apiKey } },
        secret: secrets.webhook,
      },
      'x',
    );
    expect(out.text()).toContain('[redacted]');
    for (const s of Object.values(secrets)) expect(out.text()).not.toContain(s);
  });

  it('a run with every kind of credential leaves no secret in the logs or the delivery log', async () => {
    const echo = await startScriptedServer([], (req, res) => {
      if (req.url.startsWith('/token')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: secrets.token, expires_in: 60 }));
        return true;
      }
      res.writeHead(req.body.includes('"ok"') ? 200 : 500);
      res.end(JSON.stringify({ youSent: req.headers, url: req.url })); // a partner echoing our headers
      return true;
    });
    servers.push(echo);
    const dir = new MemoryDirectory();
    const extra = {
      InvocationHttpParameters: {
        QueryStringParameters: [{ Key: 'sig', Value: secrets.queryParam, IsValueSecret: true }],
      },
    };
    const conns = [
      dir.addConnection('k', 'API_KEY', {
        ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: secrets.apiKey },
        ...extra,
      }),
      dir.addConnection('b', 'BASIC', {
        BasicAuthParameters: { Username: 'u', Password: secrets.password },
        ...extra,
      }),
      dir.addConnection('o', 'OAUTH_CLIENT_CREDENTIALS', {
        OAuthParameters: {
          AuthorizationEndpoint: `${echo.url}/token`,
          HttpMethod: 'POST',
          ClientParameters: { ClientID: 'c', ClientSecret: secrets.clientSecret },
        },
        ...extra,
      }),
    ];
    const arns = conns.map((c, i) =>
      dir.addDestination(`d${i}`, `${echo.url}/hook`, c, { secrets: [secrets.webhook] }),
    );
    const out = capture();
    const logger = createDeliveryLogger({ level: 'trace', destination: out.stream });
    const store = memoryStore();
    const clock = new ManualClock(Date.now());
    const invoker = new ApiDestinationInvoker({
      directory: dir,
      endpointPolicy: { allowHttp: true, allowPrivateNetworks: true },
      logger,
      clock,
    });
    const worker = new DeliveryWorker({
      queue: store.queue,
      queues: store.queues,
      invokers: [invoker],
      clock,
      logger,
    });
    store.queue.enqueue(
      arns.flatMap((targetArn, i) => [
        newDelivery({
          eventId: `fail-${i}`,
          targetArn,
          eventTime: clock.now(),
          deadLetterArn: ARN.dlq,
          retryPolicy: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 60 },
        }),
        newDelivery({ eventId: `ok-${i}`, targetArn, eventTime: clock.now(), body: '{"status":"ok"}' }),
      ]),
    );
    for (let i = 0; i < 5; i++) {
      await worker.runDue();
      const due = store.queue.nextDueAt();
      if (due === undefined) break;
      clock.set(Math.max(due, clock.now()));
    }
    await invoker.close();
    expect(store.queue.counts()).toMatchObject({ succeeded: 3, 'dead-lettered': 3 });
    const stored = JSON.stringify([
      store.db.prepare('SELECT * FROM delivery_attempts').all(),
      store.queues.receive(ARN.dlq, 10),
    ]);
    expect(stored).toContain('[redacted]'); // the echoed headers were there, and were scrubbed
    expect(out.text()).toContain('dead-lettered');
    for (const s of Object.values(secrets)) {
      expect(out.text()).not.toContain(s);
      expect(stored).not.toContain(s);
    }
  });
});
