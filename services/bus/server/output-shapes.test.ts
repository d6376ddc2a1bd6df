// Every Describe* and List* answer of the bus, member by member, against the output shape of EventBridge's
// published service model (service-model/events-2015-10-07.json): no member AWS does not have, types and
// enums as the model gives them, and the members AWS always returns present. The model marks nothing of an
// output as required, so "always returns" comes from the API Reference's response elements of each
// operation for the resource this test makes (e.g. DescribeRule of a rule with a pattern: Name, Arn,
// EventPattern, State, EventBusName, CreatedBy). Answers are read raw over HTTP: the SDK would drop unknown
// members silently.
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';
import { operations } from './operation-table.ts';

interface Shape {
  type: string;
  members?: Record<string, { shape: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  enum?: string[];
}
const model = JSON.parse(
  readFileSync(new URL('../service-model/events-2015-10-07.json', import.meta.url), 'utf8'),
) as { operations: Record<string, { output?: { shape: string } }>; shapes: Record<string, Shape> };

/** Where `value` breaks `shapeName`, as `path: problem` lines (empty when it fits). */
function problems(value: unknown, shapeName: string, path: string): string[] {
  const shape = model.shapes[shapeName]!;
  const out: string[] = [];
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [`${path}: not an object`];
      for (const [key, v] of Object.entries(value)) {
        const member = shape.members?.[key];
        if (!member) out.push(`${path}.${key}: not a member of ${shapeName}`);
        else out.push(...problems(v, member.shape, `${path}.${key}`));
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(value)) return [`${path}: not a list`];
      return value.flatMap((v, i) => problems(v, shape.member!.shape, `${path}[${i}]`));
    case 'map':
      if (typeof value !== 'object' || value === null) return [`${path}: not a map`];
      return Object.entries(value).flatMap(([k, v]) => [
        ...problems(k, shape.key!.shape, `${path}{${k}}`),
        ...problems(v, shape.value!.shape, `${path}.${k}`),
      ]);
    case 'string':
      if (typeof value !== 'string') return [`${path}: not a string`];
      if (shape.enum && !shape.enum.includes(value)) return [`${path}: ${value} is not one of ${shapeName}`];
      return [];
    case 'integer':
    case 'long':
      return Number.isInteger(value) ? [] : [`${path}: not an integer`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: not a boolean`];
    case 'timestamp': // JSON 1.1: epoch seconds
      return typeof value === 'number' ? [] : [`${path}: not epoch seconds`];
    default:
      return [`${path}: shape type ${shape.type} not checked`];
  }
}

const account = '000000000000';
const busArn = `arn:aws:events:eu-west-1:${account}:event-bus/orders`;
let t: TestBus;
let connectionArn = '';

async function call(
  operation: string,
  input: object,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await request(t.server.url, {
    method: 'POST',
    body: JSON.stringify(input),
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSEvents.${operation}` },
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

async function ok(operation: string, input: object): Promise<Record<string, unknown>> {
  const { status, body } = await call(operation, input);
  expect(status, `${operation}: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

beforeAll(async () => {
  t = await startTestBus();
  await ok('CreateEventBus', { Name: 'orders', Description: 'orders bus' });
  await ok('PutRule', {
    Name: 'paid',
    EventBusName: 'orders',
    EventPattern: '{"source":["shop"]}',
    Description: 'd',
  });
  await ok('PutRule', { Name: 'tick', ScheduleExpression: 'rate(1 hour)', State: 'DISABLED' });
  await ok('PutTargets', {
    Rule: 'paid',
    EventBusName: 'orders',
    Targets: [
      { Id: 'q', Arn: `arn:aws:sqs:eu-west-1:${account}:q`, InputPath: '$.detail' },
      {
        Id: 't',
        Arn: `arn:aws:sqs:eu-west-1:${account}:q`,
        InputTransformer: { InputPathsMap: { s: '$.source' }, InputTemplate: '"<s>"' },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
        DeadLetterConfig: { Arn: `arn:aws:sqs:eu-west-1:${account}:dlq` },
      },
    ],
  });
  connectionArn = (
    await ok('CreateConnection', {
      Name: 'partner',
      Description: 'c',
      AuthorizationType: 'API_KEY',
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-key', ApiKeyValue: 'secret' } },
    })
  ).ConnectionArn as string;
  await ok('CreateApiDestination', {
    Name: 'hook',
    Description: 'h',
    ConnectionArn: connectionArn,
    InvocationEndpoint: 'https://partner.example/hook',
    HttpMethod: 'POST',
  });
  await ok('CreateArchive', {
    ArchiveName: 'lake',
    EventSourceArn: busArn,
    RetentionDays: 7,
    Description: 'a',
  });
  await ok('StartReplay', {
    ReplayName: 'again',
    EventSourceArn: `arn:aws:events:eu-west-1:${account}:archive/lake`,
    EventStartTime: 1_700_000_000,
    EventEndTime: 1_700_000_600,
    Destination: { Arn: busArn },
  });
  await ok('TagResource', { ResourceARN: busArn, Tags: [{ Key: 'team', Value: 'shop' }] });
  await ok('PutPermission', {
    EventBusName: 'orders',
    Action: 'events:PutEvents',
    Principal: '111122223333',
    StatementId: 's',
  });
});
afterAll(async () => t.close());

/** [operation, input, members AWS always returns for that resource (API Reference, response elements)]. */
const cases: [string, object, string[]][] = [
  [
    'DescribeEventBus',
    { Name: 'orders' },
    ['Name', 'Arn', 'Description', 'Policy', 'CreationTime', 'LastModifiedTime'],
  ],
  ['DescribeEventBus', {}, ['Name', 'Arn']],
  ['ListEventBuses', {}, ['EventBuses']],
  [
    'DescribeRule',
    { Name: 'paid', EventBusName: 'orders' },
    ['Name', 'Arn', 'EventPattern', 'State', 'Description', 'EventBusName', 'CreatedBy'],
  ],
  [
    'DescribeRule',
    { Name: 'tick' },
    ['Name', 'Arn', 'ScheduleExpression', 'State', 'EventBusName', 'CreatedBy'],
  ],
  ['ListRules', { EventBusName: 'orders' }, ['Rules']],
  ['ListRules', {}, ['Rules']],
  ['ListTargetsByRule', { Rule: 'paid', EventBusName: 'orders' }, ['Targets']],
  [
    'ListRuleNamesByTarget',
    { TargetArn: `arn:aws:sqs:eu-west-1:${account}:q`, EventBusName: 'orders' },
    ['RuleNames'],
  ],
  [
    'DescribeConnection',
    { Name: 'partner' },
    [
      'ConnectionArn',
      'Name',
      'Description',
      'ConnectionState',
      'AuthorizationType',
      'SecretArn',
      'AuthParameters',
      'CreationTime',
      'LastModifiedTime',
      'LastAuthorizedTime',
    ],
  ],
  ['ListConnections', {}, ['Connections']],
  [
    'DescribeApiDestination',
    { Name: 'hook' },
    [
      'ApiDestinationArn',
      'Name',
      'Description',
      'ApiDestinationState',
      'ConnectionArn',
      'InvocationEndpoint',
      'HttpMethod',
      'InvocationRateLimitPerSecond',
      'CreationTime',
      'LastModifiedTime',
    ],
  ],
  ['ListApiDestinations', {}, ['ApiDestinations']],
  [
    'DescribeArchive',
    { ArchiveName: 'lake' },
    [
      'ArchiveArn',
      'ArchiveName',
      'EventSourceArn',
      'Description',
      'State',
      'RetentionDays',
      'SizeBytes',
      'EventCount',
      'CreationTime',
    ],
  ],
  ['ListArchives', {}, ['Archives']],
  [
    'DescribeReplay',
    { ReplayName: 'again' },
    [
      'ReplayName',
      'ReplayArn',
      'State',
      'EventSourceArn',
      'Destination',
      'EventStartTime',
      'EventEndTime',
      'ReplayStartTime',
    ],
  ],
  ['ListReplays', {}, ['Replays']],
  ['ListTagsForResource', { ResourceARN: busArn }, ['Tags']],
];

/** Members every element of a List* answer carries (API Reference: EventBus, Rule, Target, Connection, …). */
const elementMembers: Record<string, [string, string[]]> = {
  ListEventBuses: ['EventBuses', ['Name', 'Arn']],
  ListRules: ['Rules', ['Name', 'Arn', 'State', 'EventBusName']],
  ListTargetsByRule: ['Targets', ['Id', 'Arn']],
  ListConnections: [
    'Connections',
    ['ConnectionArn', 'Name', 'ConnectionState', 'AuthorizationType', 'CreationTime', 'LastModifiedTime'],
  ],
  ListApiDestinations: [
    'ApiDestinations',
    [
      'ApiDestinationArn',
      'Name',
      'ApiDestinationState',
      'ConnectionArn',
      'InvocationEndpoint',
      'HttpMethod',
      'InvocationRateLimitPerSecond',
      'CreationTime',
      'LastModifiedTime',
    ],
  ],
  ListArchives: [
    'Archives',
    ['ArchiveName', 'EventSourceArn', 'State', 'RetentionDays', 'SizeBytes', 'EventCount', 'CreationTime'],
  ],
  ListReplays: [
    'Replays',
    ['ReplayName', 'EventSourceArn', 'State', 'EventStartTime', 'EventEndTime', 'ReplayStartTime'],
  ],
  ListTagsForResource: ['Tags', ['Key', 'Value']],
};

describe('Describe* and List* answers against the service model', () => {
  it.each([
    [{ Name: 'r', Owner: 'me' }, ['DescribeRule.Owner: not a member of DescribeRuleResponse']],
    [{ State: 'ON' }, ['DescribeRule.State: ON is not one of RuleState']],
    [{ CreatedBy: 5 }, ['DescribeRule.CreatedBy: not a string']],
    [{ Name: 'r', State: 'ENABLED' }, []],
  ])('the checker itself: %j', (body, want) => {
    expect(problems(body, 'DescribeRuleResponse', 'DescribeRule')).toEqual(want);
  });

  it('every Describe* and List* operation the bus serves has a case', () => {
    const served = Object.keys(operations)
      .filter((op) => /^(Describe|List)/.test(op))
      .sort();
    expect([...new Set(cases.map(([op]) => op))].sort()).toEqual(served);
  });

  it.each(cases)('%s %j', async (operation, input, always) => {
    const body = await ok(operation, input);
    const output = model.operations[operation]!.output!.shape;
    expect(problems(body, output, operation)).toEqual([]);
    expect(
      always.filter((m) => body[m] === undefined),
      'members missing',
    ).toEqual([]);
    const element = elementMembers[operation];
    if (element) {
      const [list, members] = element;
      const items = body[list] as Record<string, unknown>[];
      expect(items.length, `${list} is empty`).toBeGreaterThan(0);
      expect(
        items.flatMap((item, i) =>
          members.filter((m) => item[m] === undefined).map((m) => `${list}[${i}].${m}`),
        ),
      ).toEqual([]);
    }
  });
});
