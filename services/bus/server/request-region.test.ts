import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
  DescribeApiDestinationCommand,
  DescribeConnectionCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListTagsForResourceCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';

// The region of every ARN and event comes from the request's SigV4 credential scope
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html). One set of
// resources serves every region: a resource made in one region is seen, in the asker's region, from another
// (docs/local-bus.md, "Differences from AWS").

let t: TestBus;
let ohio: EventBridgeClient;
beforeAll(async () => {
  t = await startTestBus();
  ohio = new EventBridgeClient({
    region: 'us-east-2',
    endpoint: t.server.url,
    credentials: { accessKeyId: 'dummy', secretAccessKey: 'dummy' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  ohio.destroy();
  await t.close();
});

const run = promisify(execFile);
const CLI_TIMEOUT = 120_000; // each aws CLI run starts a Python process: seconds on a busy machine

async function aws(region: string, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(
    'aws',
    ['--endpoint-url', t.server.url, '--region', region, '--output', 'json', 'events', ...args],
    { env: { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_PAGER: '' } },
  );
  return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
}

const account = '000000000000';

describe('the region of an answer is the region the request was signed for', () => {
  it('ARNs minted for a us-east-2 caller carry us-east-2; an eu-west-1 caller sees the same resources in eu-west-1', async () => {
    const created = await ohio.send(new CreateEventBusCommand({ Name: 'orders' }));
    const rule = await ohio.send(
      new PutRuleCommand({ Name: 'paid', EventBusName: 'orders', EventPattern: '{"source":["shop"]}' }),
    );
    const connection = await ohio.send(
      new CreateConnectionCommand({
        Name: 'partner',
        AuthorizationType: 'API_KEY',
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-key', ApiKeyValue: 'secret' } },
      }),
    );
    const uuid = connection.ConnectionArn!.split('/').at(-1);
    const table: [string, string | undefined, string][] = [
      [
        'CreateEventBus (us-east-2)',
        created.EventBusArn,
        `arn:aws:events:us-east-2:${account}:event-bus/orders`,
      ],
      ['PutRule (us-east-2)', rule.RuleArn, `arn:aws:events:us-east-2:${account}:rule/orders/paid`],
      [
        'CreateConnection (us-east-2)',
        connection.ConnectionArn,
        `arn:aws:events:us-east-2:${account}:connection/partner/${uuid}`,
      ],
      [
        'DescribeEventBus (eu-west-1)',
        (await t.client.send(new DescribeEventBusCommand({ Name: 'orders' }))).Arn,
        `arn:aws:events:eu-west-1:${account}:event-bus/orders`,
      ],
      [
        'DescribeRule (eu-west-1)',
        (await t.client.send(new DescribeRuleCommand({ Name: 'paid', EventBusName: 'orders' }))).Arn,
        `arn:aws:events:eu-west-1:${account}:rule/orders/paid`,
      ],
      [
        'DescribeConnection (eu-west-1)',
        (await t.client.send(new DescribeConnectionCommand({ Name: 'partner' }))).ConnectionArn,
        `arn:aws:events:eu-west-1:${account}:connection/partner/${uuid}`,
      ],
      [
        'DescribeConnection SecretArn (us-east-2)',
        (await ohio.send(new DescribeConnectionCommand({ Name: 'partner' }))).SecretArn?.split(':secret:')[0],
        `arn:aws:secretsmanager:us-east-2:${account}`,
      ],
    ];
    expect(table.map(([name, got]) => [name, got])).toEqual(table.map(([name, , want]) => [name, want]));
  });

  it('an ARN written in another region names the same resource (API destination on a connection, tags)', async () => {
    const arn = (await ohio.send(new DescribeConnectionCommand({ Name: 'partner' }))).ConnectionArn!;
    await t.client.send(
      new CreateApiDestinationCommand({
        Name: 'hook',
        ConnectionArn: arn,
        InvocationEndpoint: 'https://example.com/hook',
        HttpMethod: 'POST',
      }),
    );
    const described = await t.client.send(new DescribeApiDestinationCommand({ Name: 'hook' }));
    expect(described.ConnectionArn).toBe(arn.replace(':us-east-2:', ':eu-west-1:'));
    await ohio.send(
      new TagResourceCommand({
        ResourceARN: `arn:aws:events:us-east-2:${account}:event-bus/orders`,
        Tags: [{ Key: 'team', Value: 'shop' }],
      }),
    );
    const tags = await t.client.send(
      new ListTagsForResourceCommand({ ResourceARN: `arn:aws:events:eu-west-1:${account}:event-bus/orders` }),
    );
    expect(tags.Tags).toEqual([{ Key: 'team', Value: 'shop' }]);
  });

  it('an event put from us-east-2 carries region us-east-2, and so does <aws.events.rule-arn>', async () => {
    await ohio.send(
      new PutTargetsCommand({
        Rule: 'paid',
        EventBusName: 'orders',
        Targets: [
          {
            Id: 'q',
            Arn: `arn:aws:sqs:us-east-2:${account}:q`,
            InputTransformer: {
              InputPathsMap: { region: '$.region' },
              InputTemplate: '{"region": <region>, "rule": <aws.events.rule-arn>}',
            },
          },
        ],
      }),
    );
    const out = await ohio.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: 'orders', Source: 'shop', DetailType: 'paid', Detail: '{}' }],
      }),
    );
    const eventId = out.Entries![0]!.EventId!;
    const [delivery] = t.deliveries.list({ eventId });
    expect(JSON.parse(delivery!.body)).toEqual({
      region: 'us-east-2',
      rule: `arn:aws:events:us-east-2:${account}:rule/orders/paid`,
    });
  });

  it('an unsigned request is answered in the bus region (PORTICO_REGION)', async () => {
    const res = await request(t.server.url, {
      method: 'POST',
      body: '{"Name":"orders"}',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.DescribeEventBus' },
    });
    expect(JSON.parse(await res.body.text())).toMatchObject({
      Arn: `arn:aws:events:${t.bus.identity.region}:${account}:event-bus/orders`,
    });
  });

  it(
    'the aws CLI with --region ap-southeast-2 gets ap-southeast-2 ARNs',
    async () => {
      expect(await aws('ap-southeast-2', 'describe-event-bus', '--name', 'orders')).toMatchObject({
        Arn: `arn:aws:events:ap-southeast-2:${account}:event-bus/orders`,
      });
      expect(
        await aws('ap-southeast-2', 'put-rule', '--name', 'cli', '--event-pattern', '{"source":["cli"]}'),
      ).toEqual({ RuleArn: `arn:aws:events:ap-southeast-2:${account}:rule/cli` });
    },
    CLI_TIMEOUT,
  );
});
