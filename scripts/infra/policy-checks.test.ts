import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createContext } from '../generate/context.ts';
import { fixtureModel } from '../generate/infra/fixtures/fixture-model.ts';
import { generateInfra } from '../generate/infra/generate-infra.ts';
import { POLICY_CHECKS } from './policy-checks.ts';
import type { Template } from './template-walk.ts';

const templates: [string, Template][] = [
  ['infra/template.yaml', parse(readFileSync('infra/template.yaml', 'utf8')) as Template],
  ['fixture model', parse(generateInfra(fixtureModel, createContext())[0]!.contents) as Template],
];

const rule = (target: object) => ({
  Type: 'AWS::Events::Rule',
  Properties: { Targets: [{ Id: 't', Arn: 'arn:x', ...target }] },
});
const dlq = {
  RetryPolicy: { MaximumRetryAttempts: 1 },
  DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['Q', 'Arn'] } },
};
const queuePolicy = (condition: object | undefined) => ({
  Type: 'AWS::SQS::QueuePolicy',
  Properties: {
    Queues: [{ Ref: 'Q' }],
    PolicyDocument: {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: 'arn:q',
          ...(condition ? { Condition: condition } : {}),
        },
      ],
    },
  },
});
const role = (statement: object) => ({
  Type: 'AWS::IAM::Role',
  Properties: { Policies: [{ PolicyDocument: { Statement: [{ Effect: 'Allow', ...statement }] } }] },
});
const connection = (value: unknown) => ({
  Type: 'AWS::Events::Connection',
  Properties: { AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: value } } },
});

// [check, name, { given: template, want: number of findings }]
const cases: [string, string, { given: object; want: number }][] = [
  [
    'rule-target-retry-dlq',
    'a target without retry policy or DLQ',
    { given: { Resources: { R: rule({}) } }, want: 2 },
  ],
  ['rule-target-retry-dlq', 'a target with both', { given: { Resources: { R: rule(dlq) } }, want: 0 }],
  [
    'rule-target-retry-dlq',
    'a SAM EventBridgeRule event without DLQ',
    {
      given: {
        Resources: {
          F: {
            Type: 'AWS::Serverless::Function',
            Properties: { Events: { E: { Type: 'EventBridgeRule', Properties: { RetryPolicy: {} } } } },
          },
        },
      },
      want: 1,
    },
  ],
  [
    'no-inline-secret',
    'an inline API key value',
    { given: { Resources: { C: connection('s3cr3t') } }, want: 1 },
  ],
  [
    'no-inline-secret',
    'a Secrets Manager dynamic reference',
    { given: { Resources: { C: connection('{{resolve:secretsmanager:p:SecretString:K}}') } }, want: 0 },
  ],
  [
    'no-inline-secret',
    'a dynamic reference named through Fn::Sub',
    {
      given: { Resources: { C: connection({ 'Fn::Sub': '{{resolve:secretsmanager:p-${Environment}}}' }) } },
      want: 0,
    },
  ],
  [
    'no-inline-secret',
    'an inline value built with Fn::Sub',
    { given: { Resources: { C: connection({ 'Fn::Sub': 'key-${Environment}' }) } }, want: 1 },
  ],
  [
    'no-inline-secret',
    'an inline value in one Fn::If branch',
    {
      given: {
        Resources: { C: connection({ 'Fn::If': ['IsProd', '{{resolve:secretsmanager:p}}', 'plain'] }) },
      },
      want: 1,
    },
  ],
  [
    'no-inline-secret',
    'a Ref to a NoEcho parameter',
    {
      given: {
        Parameters: { K: { Type: 'String', NoEcho: true } },
        Resources: { C: connection({ Ref: 'K' }) },
      },
      want: 0,
    },
  ],
  [
    'no-inline-secret',
    'a Ref to a parameter that echoes',
    { given: { Parameters: { K: { Type: 'String' } }, Resources: { C: connection({ Ref: 'K' }) } }, want: 1 },
  ],
  [
    'no-inline-secret',
    'an inline secret OAuth body parameter',
    {
      given: {
        Resources: {
          C: {
            Type: 'AWS::Events::Connection',
            Properties: { P: [{ Key: 'k', Value: 'v', IsValueSecret: true }] },
          },
        },
      },
      want: 1,
    },
  ],
  [
    'no-iam-wildcard',
    'action *',
    { given: { Resources: { R: role({ Action: '*', Resource: 'arn:x' }) } }, want: 1 },
  ],
  [
    'no-iam-wildcard',
    'action sqs:*',
    { given: { Resources: { R: role({ Action: ['sqs:*'], Resource: 'arn:x' }) } }, want: 1 },
  ],
  [
    'no-iam-wildcard',
    'resource *',
    { given: { Resources: { R: role({ Action: 'sqs:SendMessage', Resource: '*' }) } }, want: 1 },
  ],
  [
    'no-iam-wildcard',
    'resource * for an action that has no narrower one',
    { given: { Resources: { R: role({ Action: 'xray:PutTraceSegments', Resource: '*' }) } }, want: 0 },
  ],
  [
    'no-iam-wildcard',
    'a named action on a named resource',
    { given: { Resources: { R: role({ Action: 'sqs:SendMessage', Resource: 'arn:x' }) } }, want: 0 },
  ],
  [
    'resource-policy-source-arn',
    'a queue policy without aws:SourceArn',
    { given: { Resources: { P: queuePolicy(undefined) } }, want: 1 },
  ],
  [
    'resource-policy-source-arn',
    'a wildcard aws:SourceArn',
    {
      given: { Resources: { P: queuePolicy({ ArnLike: { 'aws:SourceArn': 'arn:aws:events:*' } }) } },
      want: 1,
    },
  ],
  [
    'resource-policy-source-arn',
    'a DLQ whose policy admits another rule',
    {
      given: {
        Resources: {
          R: rule(dlq),
          Q: { Type: 'AWS::SQS::Queue' },
          P: queuePolicy({ ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['Other', 'Arn'] } } }),
        },
      },
      want: 1,
    },
  ],
  [
    'resource-policy-source-arn',
    'a DLQ with no policy',
    { given: { Resources: { R: rule(dlq), Q: { Type: 'AWS::SQS::Queue' } } }, want: 1 },
  ],
  [
    'resource-policy-source-arn',
    'a DLQ whose policy admits its rule',
    {
      given: {
        Resources: {
          R: rule(dlq),
          Q: { Type: 'AWS::SQS::Queue' },
          P: queuePolicy({ ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['R', 'Arn'] } } }),
        },
      },
      want: 0,
    },
  ],
  [
    'references-resolve',
    'a Ref to nothing',
    { given: { Resources: { A: { Type: 'AWS::SQS::Queue', Properties: { X: { Ref: 'Nope' } } } } }, want: 1 },
  ],
  [
    'references-resolve',
    'a GetAtt of an attribute the type lacks',
    {
      given: {
        Resources: { A: { Type: 'AWS::SQS::Queue' } },
        Outputs: { O: { Value: { 'Fn::GetAtt': ['A', 'TopicArn'] } } },
      },
      want: 1,
    },
  ],
  [
    'references-resolve',
    'a Sub of an unknown variable, a literal and a local',
    {
      given: {
        Resources: {
          A: {
            Type: 'AWS::SQS::Queue',
            Properties: { X: { 'Fn::Sub': ['${A.Arn}${!Lit}${Local}${B}', { Local: 'x' }] } },
          },
        },
      },
      want: 1,
    },
  ],
  [
    'references-resolve',
    "SAM's ${Api.Stage}",
    {
      given: {
        Resources: {
          Api: { Type: 'AWS::Serverless::Api' },
          P: { Type: 'AWS::ApiGateway::UsagePlan', Properties: { S: { 'Fn::Sub': '${Api.Stage}' } } },
        },
      },
      want: 0,
    },
  ],
  [
    'references-resolve',
    'an undeclared condition and DependsOn',
    {
      given: {
        Resources: {
          A: {
            Type: 'AWS::SQS::Queue',
            Condition: 'C',
            DependsOn: ['Z'],
            Properties: { X: { 'Fn::If': ['D', 1, 2] } },
          },
        },
      },
      want: 3,
    },
  ],
  ...(
    [
      ['an https API destination on a public host', 'https://partner.example/hook', 0],
      [
        'a demo server on loopback (the 8 entries infra/template.yaml had)',
        'http://127.0.0.1:4101/webhook',
        1,
      ],
      ['https on loopback', 'https://127.0.0.1/hook', 1],
      ['a private address', 'https://10.0.0.7/hook', 1],
      ['localhost by name', 'https://localhost/hook', 1],
      ['IPv6 loopback', 'https://[::1]/hook', 1],
      [
        'http in the test branch of an Fn::If',
        { 'Fn::If': ['IsProd', 'https://a.example/', 'http://a.example/'] },
        1,
      ],
    ] as const
  ).map(([name, endpoint, want]): [string, string, { given: object; want: number }] => [
    'endpoint-reachable-from-aws',
    name,
    {
      given: {
        Resources: {
          D: { Type: 'AWS::Events::ApiDestination', Properties: { InvocationEndpoint: endpoint } },
        },
      },
      want,
    },
  ]),
  [
    'endpoint-reachable-from-aws',
    'an OAuth connection whose token endpoint is http',
    {
      given: {
        Resources: {
          C: {
            Type: 'AWS::Events::Connection',
            Properties: {
              AuthParameters: {
                OAuthParameters: { AuthorizationEndpoint: 'http://127.0.0.1:4105/oauth2/token' },
              },
            },
          },
        },
      },
      want: 1,
    },
  ],
];

describe('policy checks', () => {
  it.each(cases)('%s: %s', (check, _name, { given, want }) => {
    expect(POLICY_CHECKS[check]!(given as Template)).toHaveLength(want);
  });

  it.each(
    templates.flatMap(([name, template]) =>
      Object.keys(POLICY_CHECKS).map((check) => [name, check, template] as const),
    ),
  )('%s passes %s', (_name, check, template) => {
    expect(POLICY_CHECKS[check]!(template)).toEqual([]);
  });
});
