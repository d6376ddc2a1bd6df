import {
  DescribeApiDestinationCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  UpdateApiDestinationCommand,
} from '@aws-sdk/client-eventbridge';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { catalogModel } from '../../generated/catalog-model.ts';
import { forcedClient } from '../bus/testing/forced-client.ts';
import { startRuntime } from './dev-runtime.ts';

describe('startRuntime', () => {
  it('routes a PutEvents to an in-process Lambda handler and a local queue, and shows it in /_portico/events', async () => {
    const runtime = await startRuntime({
      port: 0,
      dataDir: mkdtempSync(join(tmpdir(), 'portico-runtime-')),
      logger: pino({ level: 'silent' }),
    });
    const received: unknown[] = [];
    runtime.functions.registerFunction('notifier', async (event) => {
      received.push(event);
    });
    const client = new EventBridgeClient({
      region: 'eu-west-1',
      endpoint: runtime.url,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    try {
      await client.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["app"]}' }));
      await client.send(
        new PutTargetsCommand({
          Rule: 'r',
          Targets: [
            {
              Id: 'fn',
              Arn: 'arn:aws:lambda:eu-west-1:000000000000:function:notifier',
              InputPath: '$.detail',
            },
            { Id: 'q', Arn: 'arn:aws:sqs:eu-west-1:000000000000:inbox' },
          ],
        }),
      );
      const out = await client.send(
        new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'hi', Detail: '{"n":1}' }] }),
      );
      for (let i = 0; i < 200 && (received.length === 0 || runtime.queues.list().length === 0); i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(received).toEqual([{ n: 1 }]);
      expect(runtime.queues.list()).toMatchObject([{ name: 'inbox', messages: 1 }]);
      expect(runtime.catalog?.rules).toBeGreaterThan(0); // generated/ is present in this repository
      const view = (await (await request(`${runtime.url}/_portico/events?limit=5`)).body.json()) as {
        events: { id: string; routed: unknown[] }[];
      };
      expect(view.events.find((e) => e.id === out.Entries?.[0]?.EventId)?.routed).toHaveLength(2);
    } finally {
      client.destroy();
      await runtime.close();
    }
  });

  it('refuses an SDK change to a catalogue destination, and undoes a forced one at the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-runtime-'));
    const name = catalogModel.rules.find((r) => r.target.kind === 'api-destination')?.name ?? '';
    const start = () => startRuntime({ port: 0, dataDir, deliver: false, logger: pino({ level: 'silent' }) });
    const endpointAfter = async (change?: (client: EventBridgeClient) => Promise<unknown>) => {
      const runtime = await start();
      const config = {
        region: 'eu-west-1',
        endpoint: runtime.url,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      };
      const client = new EventBridgeClient(config);
      const forced = forcedClient(config);
      try {
        const update = new UpdateApiDestinationCommand({
          Name: name,
          InvocationEndpoint: 'https://forced.example/hook',
        });
        await expect(client.send(update)).rejects.toMatchObject({ name: 'ManagedRuleException' });
        if (change) await change(forced);
        return (await client.send(new DescribeApiDestinationCommand({ Name: name }))).InvocationEndpoint;
      } finally {
        client.destroy();
        forced.destroy();
        await runtime.close();
      }
    };
    const catalogue = catalogModel.rules.find((r) => r.name === name)?.target.endpoint;
    expect(
      await endpointAfter((forced) =>
        forced.send(
          new UpdateApiDestinationCommand({ Name: name, InvocationEndpoint: 'https://forced.example/hook' }),
        ),
      ),
    ).toBe('https://forced.example/hook');
    expect(await endpointAfter()).toBe(catalogue);
  });
});
