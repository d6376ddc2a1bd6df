import { PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';

let t: TestBus;
beforeAll(async () => {
  t = await startTestBus();
  await t.client.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["com.example"]}' }));
});
afterAll(async () => t.close());

const DETAIL = {
  command: 'update-account',
  number: 12.5,
  yes: true,
  no: false,
  nothing: null,
  payload: { acc_id: '0a787ecb-4015', sf_id: 'baz' },
  states: ['ACTIVE', 'INACTIVE'],
  quote: 'say "hi"',
};
const PATHS = {
  'detail-type': '$.detail-type',
  command: '$.detail.command',
  number: '$.detail.number',
  yes: '$.detail.yes',
  no: '$.detail.no',
  nothing: '$.detail.nothing',
  payload: '$.detail.payload',
  states: '$.detail.states',
  quote: '$.detail.quote',
  missing: '$.detail.not-there',
};

interface Sent {
  event: Record<string, unknown>;
  eventJson: string;
  ingestedAt: number;
}
type Want = string | ((sent: Sent) => string) | undefined;

/**
 * [case, { template, want }]: the event has detail-type `core.update-account-command` and DETAIL; every
 * template runs with PATHS as its InputPathsMap. `want` is the body the target receives, undefined when
 * it receives nothing. Sources: UG = EventBridge User Guide, "Transforming target input" (example table,
 * "Common issues"); REC = a recorded answer of the service (localstack's AWS-validated snapshots,
 * tests/aws/services/events/test_events_inputs.snapshot.json, and issue #17's recorded cases).
 */
const cases: [string, { template: string; want: Want }][] = [
  // JSON template, placeholder outside quotes: the value as JSON (REC: strings arrive quoted).
  [
    'JSON, unquoted string (REC)',
    { template: '{"detailType": <detail-type>}', want: '{"detailType":"core.update-account-command"}' },
  ],
  ['JSON, unquoted number', { template: '{"v": <number>}', want: '{"v":12.5}' }],
  ['JSON, unquoted boolean', { template: '{"v": <yes>}', want: '{"v":true}' }],
  ['JSON, unquoted null', { template: '{"v": <nothing>}', want: '{"v":null}' }],
  [
    'JSON, unquoted object',
    { template: '{"v": <payload>}', want: '{"v":{"acc_id":"0a787ecb-4015","sf_id":"baz"}}' },
  ],
  ['JSON, unquoted array', { template: '{"v": <states>}', want: '{"v":["ACTIVE","INACTIVE"]}' }],
  [
    'JSON, unquoted missing path (REC: empty string)',
    { template: '{"command": <missing>}', want: '{"command":""}' },
  ],
  // JSON template, placeholder inside quotes: the text of the value, not escaped (UG "Common issues").
  ['JSON, quoted string', { template: '{"v": "id <command>"}', want: '{"v":"id update-account"}' }],
  ['JSON, quoted number', { template: '{"v": "<number>"}', want: '{"v":"12.5"}' }],
  ['JSON, quoted boolean', { template: '{"v": "<no>"}', want: '{"v":"false"}' }],
  ['JSON, quoted null', { template: '{"v": "<nothing>"}', want: '{"v":"null"}' }],
  [
    'JSON, quoted object (REC: no inner quotes)',
    { template: '{"v": "<payload>"}', want: '{"v":"{acc_id:0a787ecb-4015,sf_id:baz}"}' },
  ],
  [
    'JSON, quoted array (REC: no inner quotes)',
    { template: '{"v": "<states>"}', want: '{"v":"[ACTIVE,INACTIVE]"}' },
  ],
  ['JSON, quoted missing path', { template: '{"v": "<missing>"}', want: '{"v":""}' }],
  [
    'JSON, quoted string holding a quote: invalid JSON, nothing delivered (REC)',
    { template: '{"v": "<quote>"}', want: undefined },
  ],
  [
    'JSON that does not fill to valid JSON: nothing delivered (REC)',
    { template: '{"v": <command>} trailing', want: undefined },
  ],
  ['JSON array template', { template: '[<number>, "<command>"]', want: '[12.5,"update-account"]' }],
  [
    'JSON is minified, static parts kept (UG: mix of variables and static information)',
    {
      template:
        '{\n  "instance" : <command>,\n  "state": [ 9, <command>, true ],\n  "Transformed" : "Yes and no"\n}',
      want: '{"instance":"update-account","state":[9,"update-account",true],"Transformed":"Yes and no"}',
    },
  ],
  // String templates: the text as written, values pasted in.
  [
    'string, quoted (UG simple string)',
    { template: '"instance <command> is in <number>"', want: '"instance update-account is in 12.5"' },
  ],
  [
    'string, missing path (REC)',
    { template: '"info extracted from detail <missing>"', want: '"info extracted from detail "' },
  ],
  [
    'string, object and array without inner quotes',
    {
      template: 'payload <payload> in <states>',
      want: 'payload {acc_id:0a787ecb-4015,sf_id:baz} in [ACTIVE,INACTIVE]',
    },
  ],
  ['string, boolean and null', { template: '"<yes>/<no>/<nothing>"', want: '"true/false/null"' }],
  [
    'string starting with special characters (REC)',
    { template: '"{[/Check for <detail-type>"', want: '"{[/Check for core.update-account-command"' },
  ],
  // Reserved variables, one by one (UG "Predefined variables").
  [
    '<aws.events.rule-arn> unquoted in JSON',
    {
      template: '{"ruleArn": <aws.events.rule-arn>}',
      want: '{"ruleArn":"arn:aws:events:eu-west-1:000000000000:rule/r"}',
    },
  ],
  [
    '<aws.events.rule-name> in a string (UG)',
    { template: '"<aws.events.rule-name> triggered"', want: '"r triggered"' },
  ],
  [
    '<aws.events.event.ingestion-time>, to the second',
    {
      template: '"at <aws.events.event.ingestion-time>"',
      want: (s) => `"at ${new Date(s.ingestedAt).toISOString().slice(0, 19)}Z"`,
    },
  ],
  [
    '<aws.events.event>: the event without detail, detailType (REC)',
    {
      template: '{"originalEvent": <aws.events.event>}',
      want: ({ event: e }) =>
        JSON.stringify({
          originalEvent: {
            id: e.id,
            account: e.account,
            detailType: e['detail-type'],
            time: e.time,
            source: e.source,
            region: e.region,
            resources: e.resources,
            version: e.version,
          },
        }),
    },
  ],
  [
    '<aws.events.event.json>: the whole event (REC)',
    {
      template: '{"originalEventJson": <aws.events.event.json>}',
      want: (s) => `{"originalEventJson":${s.eventJson}}`,
    },
  ],
];

async function deliver(template: string): Promise<{ body: string | undefined; sent: Sent }> {
  await t.client.send(
    new PutTargetsCommand({
      Rule: 'r',
      Targets: [
        {
          Id: 't',
          Arn: 'arn:aws:sqs:eu-west-1:000000000000:q',
          InputTransformer: { InputPathsMap: PATHS, InputTemplate: template },
        },
      ],
    }),
  );
  const out = await t.client.send(
    new PutEventsCommand({
      Entries: [
        { Source: 'com.example', DetailType: 'core.update-account-command', Detail: JSON.stringify(DETAIL) },
      ],
    }),
  );
  const eventId = out.Entries![0]!.EventId!;
  const logged = t.bus.events.recent({ limit: 5 }).find((e) => e.id === eventId)!;
  const sent = {
    event: JSON.parse(logged.event) as Record<string, unknown>,
    eventJson: logged.event,
    ingestedAt: logged.ingestedAt,
  };
  const [delivery] = t.deliveries.list({ eventId });
  return { body: delivery?.body, sent };
}

describe('input transformation: what the target receives', () => {
  it.each(cases)('%s', async (_name, { template, want }) => {
    const { body, sent } = await deliver(template);
    expect(body).toBe(typeof want === 'function' ? want(sent) : want);
  });

  it.each([
    ['a placeholder InputPathsMap does not define', '{"v": <nope>}', 'nope'],
    ['a misspelt reserved variable', '"<aws.events.rule-nam>"', 'aws.events.rule-nam'],
  ])('PutTargets refuses %s (REC wording)', async (_name, template, name) => {
    await expect(
      t.client.send(
        new PutTargetsCommand({
          Rule: 'r',
          Targets: [
            {
              Id: 'bad',
              Arn: 'arn:aws:sqs:eu-west-1:000000000000:q',
              InputTransformer: { InputPathsMap: PATHS, InputTemplate: template },
            },
          ],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: `InputTemplate for target bad contains invalid placeholder ${name}.`,
    });
  });
});
