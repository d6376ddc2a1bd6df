import {
  CreateConnectionCommand,
  DescribeRuleCommand,
  ListRulesCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';

let t: TestBus;
beforeAll(async () => {
  t = await startTestBus();
});
afterAll(async () => t.close());

type Send = (client: EventBridgeClient) => Promise<unknown>;
// Values of the wrong JSON type go through the SDK as they are: its serializer copies members unchanged.
const wrong = <T>(value: unknown): T => value as T;

const NAME_65 = 'This should fail with two errors 123467890123412341234123412341234';
const ENTRY = { Source: 's', DetailType: 'd', Detail: '{}' };

/**
 * [case, { send, want: { name, message } }]. Where a message was recorded from AWS it is quoted as AWS
 * gave it (source: localstack's AWS-validated snapshots, tests/aws/services/events/test_events.snapshot.json,
 * and an EventBridge console error for InputPathsMap keys); the others are the same rules applied to the
 * service model (services/bus/service-model/events-2015-10-07.json).
 */
const cases: [string, { send: Send; want: { name: string; message: string } }][] = [
  [
    'ListRules Limit -1 (LimitMax100: min 1)',
    {
      send: (c) => c.send(new ListRulesCommand({ Limit: -1 })),
      want: {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      },
    },
  ],
  [
    'ListRules Limit 101 (LimitMax100: max 100)',
    {
      send: (c) => c.send(new ListRulesCommand({ Limit: 101 })),
      want: {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
      },
    },
  ],
  [
    'PutEvents entry with a number as EventBusName',
    {
      send: (c) => c.send(new PutEventsCommand({ Entries: [{ ...ENTRY, EventBusName: wrong(5) }] })),
      want: { name: 'SerializationException', message: 'NUMBER_VALUE cannot be converted to String' },
    },
  ],
  [
    'PutEvents entry with an object as EventBusName',
    {
      send: (c) => c.send(new PutEventsCommand({ Entries: [{ ...ENTRY, EventBusName: wrong({ a: 1 }) }] })),
      want: { name: 'SerializationException', message: 'Start of structure or map found where not expected' },
    },
  ],
  [
    'PutEvents entry with a bus name outside the pattern',
    {
      send: (c) => c.send(new PutEventsCommand({ Entries: [{ ...ENTRY, EventBusName: 'no such!' }] })),
      want: {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'no such!' at 'entries.1.member.eventBusName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[\\.\\-_A-Za-z0-9]+",
      },
    },
  ],
  [
    'PutEvents with 11 entries (recorded: the list is quoted as Java writes it)',
    {
      send: (c) => c.send(new PutEventsCommand({ Entries: Array(11).fill(ENTRY) })),
      want: {
        name: 'ValidationException',
        message: `1 validation error detected: Value '[${Array(11)
          .fill(
            'PutEventsRequestEntry(time=null, source=s, resources=null, detailType=d, detail={}, eventBusName=null, traceHeader=null)',
          )
          .join(
            ', ',
          )}]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10`,
      },
    },
  ],
  [
    'PutTargets with an Id outside the pattern',
    {
      send: (c) =>
        c.send(
          new PutTargetsCommand({
            Rule: 'r',
            Targets: [{ Id: 'bad id', Arn: 'arn:aws:sqs:eu-west-1:000000000000:q' }],
          }),
        ),
      want: {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'bad id' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
      },
    },
  ],
  [
    'CreateConnection with a long, spaced name and an unknown AuthorizationType (recorded)',
    {
      send: (c) =>
        c.send(
          new CreateConnectionCommand({
            Name: NAME_65,
            AuthorizationType: wrong('INVALID'),
            AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } },
          }),
        ),
      want: {
        name: 'ValidationException',
        message: `3 validation errors detected: Value '${NAME_65}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 64; Value '${NAME_65}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+; Value 'INVALID' at 'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]`,
      },
    },
  ],
  [
    'PutTargets with InputPathsMap keys outside the pattern (recorded form)',
    {
      send: (c) =>
        c.send(
          new PutTargetsCommand({
            Rule: 'r',
            Targets: [
              {
                Id: 't',
                Arn: 'arn:aws:sqs:eu-west-1:000000000000:q',
                InputTransformer: { InputPathsMap: { 'de onde?': '$.detail.source' }, InputTemplate: '<x>' },
              },
            ],
          }),
        ),
      want: {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '{de onde?=$.detail.source}' at 'targets.1.member.inputTransformer.inputPathsMap' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 256, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [A-Za-z0-9\\_\\-]+]",
      },
    },
  ],
  [
    'RemoveTargets with an Id outside the pattern (a list of strings is reported once, in brackets)',
    {
      send: (c) => c.send(new RemoveTargetsCommand({ Rule: 'r', Ids: ['bad id'] })),
      want: {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value '[bad id]' at 'ids' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 64, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+]",
      },
    },
  ],
  [
    'DescribeRule without Name',
    {
      send: (c) => c.send(new DescribeRuleCommand(wrong({}))),
      want: {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
      },
    },
  ],
  [
    'PutRule: several errors in the members order of the model, enum in the model order',
    {
      send: (c) =>
        c.send(
          new PutRuleCommand({ Name: '', EventPattern: '{}', State: wrong('ON'), EventBusName: 'bad bus!' }),
        ),
      want: {
        name: 'ValidationException',
        message:
          "4 validation errors detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+; Value 'ON' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]; Value 'bad bus!' at 'eventBusName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+",
      },
    },
  ],
  [
    'a sensitive member is not quoted back',
    {
      send: (c) =>
        c.send(
          new CreateConnectionCommand({
            Name: 'c',
            AuthorizationType: 'BASIC',
            AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'a:b' } },
          }),
        ),
      want: {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value at 'authParameters.basicAuthParameters.password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[ \\t]*[^\\x00-\\x1F:\\x7F]+([ \\t]+[^\\x00-\\x1F:\\x7F]+)*[ \\t]*$",
      },
    },
  ],
  [
    'a string where a number is expected',
    {
      send: (c) => c.send(new ListRulesCommand({ Limit: wrong('10') })),
      want: { name: 'SerializationException', message: 'STRING_VALUE can not be converted to an Integer' },
    },
  ],
  [
    'a list where a string is expected',
    {
      send: (c) => c.send(new DescribeRuleCommand({ Name: wrong(['r']) })),
      want: { name: 'SerializationException', message: 'Start of list found where not expected' },
    },
  ],
];

describe('every request is checked against the service model, in AWS words', () => {
  it.each(cases)('%s', async (_name, { send, want }) => {
    const error = await send(t.client).then(
      () => undefined,
      (e: unknown) => e as { name: string; message: string; $metadata?: { httpStatusCode?: number } },
    );
    expect(error).toBeDefined();
    expect({ name: error!.name, message: error!.message }).toEqual(want);
    expect(error!.$metadata?.httpStatusCode).toBe(400);
  });

  it('lets a valid request through to the operation', async () => {
    await expect(t.client.send(new ListRulesCommand({ Limit: 100 }))).resolves.toMatchObject({ Rules: [] });
  });
});
