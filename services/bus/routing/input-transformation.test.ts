import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';

let t: TestBus;
beforeAll(async () => {
  t = await startTestBus();
  await t.client.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["com.example"]}' }));
});
afterAll(async () => t.close());

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

// What a target receives for each template is in the API conformance corpus
// (../conformance/eventbridge-api.json, input-transformation/*); here, what PutTargets refuses.
describe('input transformation: templates PutTargets refuses', () => {
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
