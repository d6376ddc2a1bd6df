import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  DescribeApiDestinationCommand,
  DescribeConnectionCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  ListRuleNamesByTargetCommand,
  ListTagsForResourceCommand,
  PutPermissionCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';

let t: TestBus;
beforeAll(async () => {
  t = await startTestBus();
  await t.client.send(new PutRuleCommand({ Name: 'r1', EventPattern: '{"source":["a"]}' }));
  await t.client.send(new PutRuleCommand({ Name: 'r2', EventPattern: '{"source":["b"]}' }));
  await t.client.send(new PutTargetsCommand({ Rule: 'r1', Targets: [{ Id: 'q', Arn: queue }] }));
  await t.client.send(new PutTargetsCommand({ Rule: 'r2', Targets: [{ Id: 'q', Arn: queue }] }));
});
afterAll(async () => t.close());

const prefix = 'arn:aws:events:eu-west-1:000000000000';
const queue = 'arn:aws:sqs:eu-west-1:000000000000:q';
const run = promisify(execFile);
// Each aws CLI run starts a Python process: seconds on a busy machine, so these tests get room.
const CLI_TIMEOUT = 120_000;

/** The aws CLI (botocore) against the bus, as a developer runs it; answers its parsed JSON output. */
async function aws(...args: string[]): Promise<unknown> {
  const { stdout } = await run(
    'aws',
    ['--endpoint-url', t.server.url, '--region', 'eu-west-1', '--output', 'json', 'events', ...args],
    {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_PAGER: '' },
    },
  );
  return stdout.trim() ? JSON.parse(stdout) : {};
}

describe('operations served since issue #17, through the SDK and the aws CLI (API reference of each)', () => {
  it(
    'ListRuleNamesByTarget',
    async () => {
      const out = await t.client.send(new ListRuleNamesByTargetCommand({ TargetArn: queue }));
      expect(out.RuleNames).toEqual(['r1', 'r2']);
      expect(await aws('list-rule-names-by-target', '--target-arn', queue)).toEqual({
        RuleNames: ['r1', 'r2'],
      });
    },
    CLI_TIMEOUT,
  );

  it(
    'TagResource, ListTagsForResource, UntagResource on a rule and a bus',
    async () => {
      const rule = `${prefix}:rule/r1`;
      await t.client.send(
        new TagResourceCommand({
          ResourceARN: rule,
          Tags: [
            { Key: 'team', Value: 'ops' },
            { Key: 'env', Value: 'dev' },
          ],
        }),
      );
      expect((await t.client.send(new ListTagsForResourceCommand({ ResourceARN: rule }))).Tags).toEqual([
        { Key: 'team', Value: 'ops' },
        { Key: 'env', Value: 'dev' },
      ]);
      await t.client.send(new UntagResourceCommand({ ResourceARN: rule, TagKeys: ['team'] }));
      expect(await aws('list-tags-for-resource', '--resource-arn', rule)).toEqual({
        Tags: [{ Key: 'env', Value: 'dev' }],
      });
      const bus = `${prefix}:event-bus/default`;
      await aws('tag-resource', '--resource-arn', bus, '--tags', 'Key=k,Value=v');
      await aws('untag-resource', '--resource-arn', bus, '--tag-keys', 'nope');
      expect((await t.client.send(new ListTagsForResourceCommand({ ResourceARN: bus }))).Tags).toEqual([
        { Key: 'k', Value: 'v' },
      ]);
      await expect(
        t.client.send(new ListTagsForResourceCommand({ ResourceARN: `${prefix}:rule/nope` })),
      ).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Rule nope does not exist on EventBus default.',
      });
    },
    CLI_TIMEOUT,
  );

  it(
    'PutPermission and RemovePermission keep the bus policy DescribeEventBus answers',
    async () => {
      await t.client.send(
        new PutPermissionCommand({
          Action: 'events:PutEvents',
          Principal: '111122223333',
          StatementId: 's1',
        }),
      );
      await aws('put-permission', '--action', 'events:PutEvents', '--principal', '*', '--statement-id', 's2');
      const policy = JSON.parse((await t.client.send(new DescribeEventBusCommand({}))).Policy!) as {
        Statement: unknown[];
      };
      expect(policy.Statement).toEqual([
        {
          Sid: 's1',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'events:PutEvents',
          Resource: `${prefix}:event-bus/default`,
        },
        {
          Sid: 's2',
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Resource: `${prefix}:event-bus/default`,
        },
      ]);
      await aws('remove-permission', '--statement-id', 's1');
      // Recorded answers of the service.
      await expect(t.client.send(new RemovePermissionCommand({ StatementId: 's1' }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Statement with the provided id does not exist.',
      });
      await expect(
        t.client.send(
          new PutPermissionCommand({
            EventBusName: 'nope',
            Action: 'events:PutEvents',
            Principal: '*',
            StatementId: 's',
          }),
        ),
      ).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Event bus nope does not exist.',
      });
      await t.client.send(new RemovePermissionCommand({ RemoveAllPermissions: true }));
      expect((await t.client.send(new DescribeEventBusCommand({}))).Policy).toBeUndefined();
    },
    CLI_TIMEOUT,
  );
});

describe('fields AWS answers (DescribeRule, DescribeConnection, DescribeApiDestination API reference)', () => {
  it('DescribeRule carries CreatedBy, the account id (recorded)', async () => {
    expect((await t.client.send(new DescribeRuleCommand({ Name: 'r1' }))).CreatedBy).toBe('000000000000');
  });

  it('DescribeConnection carries a SecretArn named events!connection/<name>/<uuid>; an API destination always has InvocationRateLimitPerSecond (300 by default)', async () => {
    const c = await t.client.send(
      new CreateConnectionCommand({
        Name: 'partner',
        AuthorizationType: 'API_KEY',
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-key', ApiKeyValue: 'secret' } },
      }),
    );
    const described = await t.client.send(new DescribeConnectionCommand({ Name: 'partner' }));
    expect(described.SecretArn).toMatch(
      /^arn:aws:secretsmanager:eu-west-1:000000000000:secret:events!connection\/partner\/[0-9a-f-]{36}-[A-Za-z0-9_-]{6}$/,
    );
    expect((await t.client.send(new DescribeConnectionCommand({ Name: 'partner' }))).SecretArn).toBe(
      described.SecretArn,
    );
    await t.client.send(
      new CreateApiDestinationCommand({
        Name: 'hook',
        ConnectionArn: c.ConnectionArn!,
        InvocationEndpoint: 'https://example.com/hook',
        HttpMethod: 'POST',
      }),
    );
    expect(
      (await t.client.send(new DescribeApiDestinationCommand({ Name: 'hook' }))).InvocationRateLimitPerSecond,
    ).toBe(300);
  });

  it.each([
    [
      'a malformed connection ARN',
      { ConnectionArn: 'arn:aws:events:eu-west-1:000000000000:nope' },
      "Value 'arn:aws:events:eu-west-1:000000000000:nope' at 'connectionArn' failed to satisfy constraint: Member must satisfy regular expression pattern",
    ],
    [
      'an unknown HttpMethod',
      { HttpMethod: 'FETCH' },
      "Value 'FETCH' at 'httpMethod' failed to satisfy constraint: Member must satisfy enum value set: [POST, GET, HEAD, OPTIONS, PUT, PATCH, DELETE]",
    ],
  ])('CreateApiDestination with %s is a ValidationException', async (_name, over, message) => {
    await expect(
      t.client.send(
        new CreateApiDestinationCommand({
          Name: 'bad',
          ConnectionArn: `${prefix}:connection/partner/00000000-0000-0000-0000-000000000000`,
          InvocationEndpoint: 'https://example.com/hook',
          HttpMethod: 'POST',
          ...(over as object),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining(message) });
  });
});
