import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
  DeleteApiDestinationCommand,
  DeleteConnectionCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeApiDestinationCommand,
  DescribeConnectionCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  InvalidEventPatternException,
  ListApiDestinationsCommand,
  ListConnectionsCommand,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  LimitExceededException,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  TestEventPatternCommand,
  UpdateApiDestinationCommand,
  UpdateConnectionCommand,
} from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';

let t: TestBus;
beforeEach(async () => {
  t = await startTestBus();
});
afterEach(async () => t.close());

describe('event buses', () => {
  it('create, describe, list, delete', async () => {
    const created = await t.client.send(new CreateEventBusCommand({ Name: 'orders', Description: 'd' }));
    expect(created.EventBusArn).toBe('arn:aws:events:eu-west-1:000000000000:event-bus/orders');
    await expect(t.client.send(new CreateEventBusCommand({ Name: 'orders' }))).rejects.toBeInstanceOf(
      ResourceAlreadyExistsException,
    );
    const described = await t.client.send(new DescribeEventBusCommand({ Name: 'orders' }));
    expect(described).toMatchObject({ Name: 'orders', Description: 'd', CreationTime: expect.any(Date) });
    const listed = await t.client.send(new ListEventBusesCommand({}));
    expect(listed.EventBuses?.map((b) => b.Name)).toEqual(['default', 'orders']);
    await t.client.send(new DeleteEventBusCommand({ Name: 'orders' }));
    await expect(t.client.send(new DescribeEventBusCommand({ Name: 'orders' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(t.client.send(new DeleteEventBusCommand({ Name: 'default' }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('rules and targets', () => {
  it('put, describe, list, disable, enable, targets, delete', async () => {
    await t.client.send(new CreateEventBusCommand({ Name: 'b' }));
    const put = await t.client.send(
      new PutRuleCommand({
        Name: 'r',
        EventBusName: 'b',
        EventPattern: '{"source":["s"]}',
        Description: 'x',
      }),
    );
    expect(put.RuleArn).toBe('arn:aws:events:eu-west-1:000000000000:rule/b/r');
    expect(await t.client.send(new DescribeRuleCommand({ Name: 'r', EventBusName: 'b' }))).toMatchObject({
      Name: 'r',
      State: 'ENABLED',
      EventPattern: '{"source":["s"]}',
      EventBusName: 'b',
    });
    await t.client.send(
      new PutTargetsCommand({
        Rule: 'r',
        EventBusName: 'b',
        Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:eu-west-1:000000000000:q' }],
      }),
    );
    const put1 = () =>
      t.client.send(
        new PutEventsCommand({
          Entries: [{ EventBusName: 'b', Source: 's', DetailType: 'd', Detail: '{}' }],
        }),
      );
    await put1();
    await t.client.send(new DisableRuleCommand({ Name: 'r', EventBusName: 'b' }));
    expect((await t.client.send(new ListRulesCommand({ EventBusName: 'b' }))).Rules?.[0]?.State).toBe(
      'DISABLED',
    );
    await put1();
    await t.client.send(new EnableRuleCommand({ Name: 'r', EventBusName: 'b' }));
    await put1();
    expect(t.deliveries.list({}).length).toBe(2); // the event put while DISABLED matched nothing
    const targets = await t.client.send(new ListTargetsByRuleCommand({ Rule: 'r', EventBusName: 'b' }));
    expect(targets.Targets).toEqual([{ Id: 'q', Arn: 'arn:aws:sqs:eu-west-1:000000000000:q' }]);
    await expect(
      t.client.send(new DeleteRuleCommand({ Name: 'r', EventBusName: 'b' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: "Rule can't be deleted since it has targets.",
    });
    await t.client.send(new RemoveTargetsCommand({ Rule: 'r', EventBusName: 'b', Ids: ['q'] }));
    await t.client.send(new DeleteRuleCommand({ Name: 'r', EventBusName: 'b' }));
    await expect(
      t.client.send(new DescribeRuleCommand({ Name: 'r', EventBusName: 'b' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it.each([
    [
      'an invalid pattern',
      new PutRuleCommand({ Name: 'r', EventPattern: '{"source":"not-an-array"}' }),
      InvalidEventPatternException,
    ],
    [
      'a rule on a missing bus',
      new PutRuleCommand({ Name: 'r', EventBusName: 'none', EventPattern: '{"source":["s"]}' }),
      ResourceNotFoundException,
    ],
    [
      'targets of a missing rule',
      new PutTargetsCommand({ Rule: 'none', Targets: [{ Id: 'a', Arn: 'arn:aws:sqs:eu-west-1:0:q' }] }),
      ResourceNotFoundException,
    ],
  ])('answers a typed error for %s', async (_name, command, type) => {
    await expect(t.client.send(command as PutRuleCommand)).rejects.toBeInstanceOf(type);
  });

  it.each([
    [
      'two inputs',
      { Id: 'a', Arn: 'arn:aws:sqs:eu-west-1:0:q', Input: '{}', InputPath: '$.detail' },
      /^Only one of Input, InputPath, or InputTransformer must be provided for target a\.$/,
    ],
    [
      'a bad JSONPath',
      { Id: 'a', Arn: 'arn:aws:sqs:eu-west-1:0:q', InputPath: 'detail' },
      /not a valid JSONPath/,
    ],
    [
      'a key outside the model pattern (reserved aws.events.* keys included)',
      {
        Id: 'a',
        Arn: 'arn:aws:sqs:eu-west-1:0:q',
        InputTransformer: { InputPathsMap: { 'aws.events.x': '$' }, InputTemplate: '<x>' },
      },
      /at 'targets\.1\.member\.inputTransformer\.inputPathsMap' failed to satisfy constraint: Map keys must satisfy constraint/,
    ],
    [
      'a DLQ that is not SQS',
      { Id: 'a', Arn: 'arn:aws:sqs:eu-west-1:0:q', DeadLetterConfig: { Arn: 'arn:aws:sns:eu-west-1:0:t' } },
      /not an SQS queue ARN/,
    ],
    [
      'too many retries',
      { Id: 'a', Arn: 'arn:aws:sqs:eu-west-1:0:q', RetryPolicy: { MaximumRetryAttempts: 999 } },
      /Value '999' at 'targets\.1\.member\.retryPolicy\.maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 185/,
    ],
  ])('PutTargets refuses %s', async (_name, target, message) => {
    await t.client.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["s"]}' }));
    await expect(
      t.client.send(new PutTargetsCommand({ Rule: 'r', Targets: [target] })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(message),
    });
  });

  it('limits a rule to 5 targets', async () => {
    await t.client.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["s"]}' }));
    const targets = [1, 2, 3, 4, 5, 6].map((i) => ({ Id: `t${i}`, Arn: `arn:aws:sqs:eu-west-1:0:q${i}` }));
    await expect(
      t.client.send(new PutTargetsCommand({ Rule: 'r', Targets: targets })),
    ).rejects.toBeInstanceOf(LimitExceededException);
  });

  it('pages ListRules with NextToken', async () => {
    for (const n of ['a', 'b', 'c'])
      await t.client.send(new PutRuleCommand({ Name: n, EventPattern: '{"source":["s"]}' }));
    const first = await t.client.send(new ListRulesCommand({ Limit: 2 }));
    const second = await t.client.send(new ListRulesCommand({ Limit: 2, NextToken: first.NextToken }));
    expect([...(first.Rules ?? []), ...(second.Rules ?? [])].map((r) => r.Name)).toEqual(['a', 'b', 'c']);
    expect(second.NextToken).toBeUndefined();
  });
});

describe('TestEventPattern', () => {
  const event = {
    id: '1',
    account: '0',
    source: 's',
    time: '2024-01-01T00:00:00Z',
    region: 'eu-west-1',
    'detail-type': 'd',
    detail: { n: 5 },
  };
  it.each([
    ['matches', '{"detail":{"n":[{"numeric":[">",1]}]}}', true],
    ['does not match', '{"source":["other"]}', false],
  ])('%s', async (_name, pattern, want) => {
    const out = await t.client.send(
      new TestEventPatternCommand({ EventPattern: pattern, Event: JSON.stringify(event) }),
    );
    expect(out.Result).toBe(want);
  });

  it('requires the envelope fields AWS requires', async () => {
    const { id: _id, ...noId } = event;
    await expect(
      t.client.send(
        new TestEventPatternCommand({ EventPattern: '{"source":["s"]}', Event: JSON.stringify(noId) }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: 'Parameter Event is not valid.' });
  });

  it('answers InvalidEventPatternException for a bad pattern', async () => {
    await expect(
      t.client.send(new TestEventPatternCommand({ EventPattern: '[]', Event: JSON.stringify(event) })),
    ).rejects.toBeInstanceOf(InvalidEventPatternException);
  });
});

describe('connections and API destinations', () => {
  it('create, describe (no secrets), list, update, delete', async () => {
    const c = await t.client.send(
      new CreateConnectionCommand({
        Name: 'acme',
        AuthorizationType: 'API_KEY',
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'secret-1' } },
      }),
    );
    expect(c).toMatchObject({
      ConnectionState: 'AUTHORIZED',
      ConnectionArn: expect.stringMatching(/:connection\/acme\//),
    });
    await expect(
      t.client.send(
        new CreateConnectionCommand({
          Name: 'acme',
          AuthorizationType: 'BASIC',
          AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } },
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceAlreadyExistsException);
    const described = await t.client.send(new DescribeConnectionCommand({ Name: 'acme' }));
    expect(described.AuthParameters).toEqual({ ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key' } });
    expect(JSON.stringify(described)).not.toContain('secret-1');
    await t.client.send(
      new UpdateConnectionCommand({
        Name: 'acme',
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyValue: 'secret-2' } },
      }),
    );
    expect(t.bus.directory.connection(c.ConnectionArn!)?.authParameters).toEqual({
      ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'secret-2' },
    });
    const d = await t.client.send(
      new CreateApiDestinationCommand({
        Name: 'acme-hook',
        ConnectionArn: c.ConnectionArn,
        InvocationEndpoint: 'https://acme.example/hook',
        HttpMethod: 'POST',
        InvocationRateLimitPerSecond: 5,
      }),
    );
    expect(d.ApiDestinationArn).toMatch(/:api-destination\/acme-hook\//);
    await t.client.send(
      new UpdateApiDestinationCommand({ Name: 'acme-hook', InvocationRateLimitPerSecond: 9 }),
    );
    expect(await t.client.send(new DescribeApiDestinationCommand({ Name: 'acme-hook' }))).toMatchObject({
      InvocationEndpoint: 'https://acme.example/hook',
      InvocationRateLimitPerSecond: 9,
      ConnectionArn: c.ConnectionArn,
    });
    expect(t.bus.directory.apiDestination(d.ApiDestinationArn!)).toMatchObject({
      endpoint: 'https://acme.example/hook',
      invocationRateLimitPerSecond: 9,
    });
    expect((await t.client.send(new ListApiDestinationsCommand({}))).ApiDestinations).toHaveLength(1);
    expect((await t.client.send(new ListConnectionsCommand({}))).Connections).toHaveLength(1);
    await t.client.send(new DeleteApiDestinationCommand({ Name: 'acme-hook' }));
    await t.client.send(new DeleteConnectionCommand({ Name: 'acme' }));
    await expect(t.client.send(new DescribeConnectionCommand({ Name: 'acme' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(
      t.client.send(new DescribeApiDestinationCommand({ Name: 'acme-hook' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses an API destination on a missing connection', async () => {
    await expect(
      t.client.send(
        new CreateApiDestinationCommand({
          Name: 'x',
          ConnectionArn: 'arn:aws:events:eu-west-1:000000000000:connection/none/1',
          InvocationEndpoint: 'https://x.example',
          HttpMethod: 'POST',
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
