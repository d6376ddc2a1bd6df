import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createContext } from '../context.ts';
import { fixtureModel, routingRule } from './fixtures/fixture-model.ts';
import { generateInfra } from './generate-infra.ts';
import type { InfraModel } from './infra-model.ts';

const ctx = createContext();
const golden = new URL('./golden/template.yaml', import.meta.url);
const render = (model: InfraModel) => generateInfra(model, ctx)[0]!.contents;
type Parsed = { Resources: Record<string, { Type: string }>; Outputs: Record<string, unknown> };
const parsed = (model: InfraModel) => parse(render(model)) as Parsed;

function withPartner(id: string, delivery: 'webhook' | 'poll'): InfraModel {
  const target =
    delivery === 'poll'
      ? { kind: 'poll' as const }
      : {
          endpoint: `https://${id}.example/hook`,
          auth: {
            type: 'basic' as const,
            username: { env: 'DARA_USER' },
            password: { env: 'DARA_PASSWORD' },
          },
        };
  return {
    ...fixtureModel,
    partners: [...fixtureModel.partners, { id, delivery }],
    rules: [
      ...fixtureModel.rules,
      routingRule(id, 'prod', ['books'], target),
      routingRule(id, 'test', ['books'], target),
    ],
  };
}

describe('generateInfra', () => {
  it('writes the golden template for the fixture model (UPDATE_GOLDEN=1 rewrites it)', () => {
    const contents = render(fixtureModel);
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(golden)) writeFileSync(golden, contents);
    expect(contents).toBe(readFileSync(golden, 'utf8'));
  });

  it('starts with the do-not-edit notice and writes template.yaml', () => {
    const [file] = generateInfra(fixtureModel, ctx);
    expect(file!.path).toBe('template.yaml');
    expect(file!.contents.startsWith(`# ${ctx.notice}\n`)).toBe(true);
  });

  it('is deterministic: partner order in the model does not matter', () => {
    const reversed = {
      ...fixtureModel,
      partners: [...fixtureModel.partners].reverse(),
      rules: [...fixtureModel.rules].reverse(),
    };
    expect(render(reversed)).toBe(render(fixtureModel));
  });

  it.each([
    [
      'webhook',
      [
        'ApiDestination',
        'ApiKey',
        'Connection',
        'DeadLetterQueue',
        'DeadLetterQueuePolicy',
        'InvokeRole',
        'Rule',
        'UsagePlan',
        'UsagePlanKey',
      ],
      ['ApiKeyId', 'DeadLetterQueueUrl'],
    ],
    ['poll', ['ApiKey', 'UsagePlan', 'UsagePlanKey'], ['ApiKeyId']],
  ] as const)(
    'adding a %s partner adds its resources and outputs and changes nothing else',
    (delivery, resources, outputs) => {
      const before = parsed(fixtureModel);
      const after = parsed(withPartner('dara-basic', delivery));
      const added = (a: object, b: object) =>
        Object.keys(b)
          .filter((k) => !(k in a))
          .sort();
      expect(added(before.Resources, after.Resources)).toEqual(resources.map((r) => `PartnerDaraBasic${r}`));
      expect(added(before.Outputs, after.Outputs)).toEqual(outputs.map((o) => `PartnerDaraBasic${o}`));
      for (const [id, resource] of Object.entries(before.Resources))
        expect(after.Resources[id], id).toEqual(resource);
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      const { Resources: _r, Outputs: _o, ...restAfter } = after;
      const { Resources: _r2, Outputs: _o2, ...restBefore } = before;
      expect(restAfter).toEqual(restBefore);
    },
  );

  type Env = 'prod' | 'test';
  const localOnly = (local: Env[]): InfraModel => {
    const model = withPartner('dara-basic', 'webhook');
    return {
      ...model,
      rules: model.rules.map((r) =>
        r.partner !== 'dara-basic'
          ? r
          : {
              ...r,
              ...(local.includes(r.environment) ? { localOnly: true } : {}),
              target: { ...r.target, endpoint: `https://${r.environment}.dara.example/hook` },
            },
      ),
    };
  };
  it.each([
    ['neither environment is local-only', [], { condition: undefined, count: 9, isTest: false }],
    ['test is local-only: the prod stack only', ['test'], { condition: 'IsProd', count: 9, isTest: false }],
    ['prod is local-only: the test stack only', ['prod'], { condition: 'IsTest', count: 9, isTest: true }],
    [
      'both are local-only: nothing on AWS',
      ['prod', 'test'],
      { condition: undefined, count: 0, isTest: false },
    ],
  ] as [string, Env[], { condition?: string; count: number; isTest: boolean }][])(
    'a partner whose %s',
    (_name, local, want) => {
      const t = parse(render(localOnly(local))) as Parsed & {
        Conditions: Record<string, unknown>;
        Resources: Record<string, { Condition?: string; Properties: Record<string, unknown> }>;
        Outputs: Record<string, { Condition?: string }>;
      };
      const own = Object.entries(t.Resources).filter(([id]) => id.startsWith('PartnerDaraBasic'));
      expect(own).toHaveLength(want.count);
      for (const [id, resource] of own) expect(resource.Condition, id).toBe(want.condition);
      const outputs = Object.entries(t.Outputs).filter(([id]) => id.startsWith('PartnerDaraBasic'));
      expect(outputs).toHaveLength(want.count === 0 ? 0 : 2);
      for (const [id, out] of outputs) expect(out.Condition, id).toBe(want.condition);
      const endpoint = t.Resources['PartnerDaraBasicApiDestination']?.Properties['InvocationEndpoint'];
      const deployed = (['prod', 'test'] as Env[]).filter((e) => !local.includes(e));
      if (deployed.length === 2)
        expect(endpoint).toEqual({
          'Fn::If': ['IsProd', 'https://prod.dara.example/hook', 'https://test.dara.example/hook'],
        });
      if (deployed.length === 1) expect(endpoint).toBe(`https://${deployed[0]}.dara.example/hook`);
      expect(JSON.stringify(own)).not.toMatch(local.map((e) => `${e}\\.dara`).join('|') || '^$');
      expect(t.Conditions['IsTest']).toEqual(
        want.isTest ? { 'Fn::Not': [{ Condition: 'IsProd' }] } : undefined,
      );
    },
  );

  it('puts the rule pattern of the selected environment, exactly as generated', () => {
    const rule = parsed(fixtureModel).Resources['PartnerAcmeBooksRule'] as unknown as {
      Properties: { EventPattern: unknown };
    };
    const [prod, test] = fixtureModel.rules.filter((r) => r.partner === 'acme-books');
    expect(rule.Properties.EventPattern).toEqual({
      'Fn::If': ['IsProd', prod!.eventPattern, test!.eventPattern],
    });
  });

  it.each([
    [
      'a webhook partner without auth',
      {
        ...fixtureModel,
        rules: fixtureModel.rules.map((r) =>
          r.partner === 'acme-books' ? { ...r, target: { ...r.target, auth: undefined } } : r,
        ),
      },
      /acme-books.yaml: #\/environments\/prod\/auth is required/,
    ],
    [
      'a catalogue without the notification event',
      {
        ...fixtureModel,
        events: fixtureModel.events.filter((e) => e.detailType !== 'notification requested'),
      },
      /no event with detail-type "notification requested"/,
    ],
    [
      'two partner ids with one logical ID',
      withPartner('acme_books', 'poll'),
      /logical ID PartnerAcmeBooks\w+ is already taken/,
    ],
    [
      'a partner with no test rule',
      {
        ...fixtureModel,
        rules: fixtureModel.rules.filter((r) => !(r.partner === 'bolt-pens' && r.environment === 'test')),
      },
      /no test rule for partner bolt-pens/,
    ],
  ])('fails with where and what for %s', (_name, model, message) => {
    expect(() => render(model as InfraModel)).toThrow(message);
  });

  it('publishes notifications to the topic through one rule only, never from the notifier', () => {
    const { Resources } = parse(render(fixtureModel)) as {
      Resources: Record<string, { Type: string; Properties: unknown }>;
    };
    const rule = Resources['NotificationTopicRule']!.Properties as {
      Targets: {
        Arn: unknown;
        InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string };
      }[];
    };
    const statement = (
      Resources['NotificationTopicPolicy']!.Properties as {
        PolicyDocument: { Statement: { Principal: unknown; Action: string; Condition: unknown }[] };
      }
    ).PolicyDocument.Statement;
    expect(rule.Targets[0]!.Arn).toEqual({ Ref: 'NotificationTopic' });
    expect(statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['NotificationTopicRule', 'Arn'] } } },
      }),
    ]);
    // EventBridge writes each unquoted placeholder as JSON: the message is the detail's members.
    const detail = {
      notification_id: 'n-1',
      channel: 'email',
      recipient: 'c"q@example.org',
      template: 'request-accepted',
      variables: { partner_name: 'TechHub' },
    };
    const { InputPathsMap, InputTemplate } = rule.Targets[0]!.InputTransformer;
    const message = InputTemplate.replace(/<(\w+)>/g, (_m, name: string) =>
      JSON.stringify((detail as Record<string, unknown>)[InputPathsMap[name]!.replace('$.detail.', '')]),
    );
    expect(JSON.parse(message)).toEqual(detail);
    expect(JSON.stringify(Resources['NotifierFunction'])).not.toMatch(/sns:|NotificationTopic/);
  });
});
