import {
  DeleteApiDestinationCommand,
  DeleteRuleCommand,
  DescribeApiDestinationCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  ListRulesCommand,
  PutEventsCommand,
  PutRuleCommand,
  UpdateApiDestinationCommand,
  UpdateConnectionCommand,
} from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogModel } from '../../../generated/catalog-model.ts';
import { inProcessClient } from '../server/in-process-client.ts';
import { forcedClient } from '../testing/forced-client.ts';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';
import { setWebhookSecrets } from './self-service-secrets.ts';
import { CATALOG_MANAGER, installCatalogRules } from './install-catalog-rules.ts';

let t: TestBus;
afterEach(async () => t?.close());

const retryPolicy = { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 600 };
const model = {
  bus: 'marketplace',
  events: [],
  partners: [{ id: 'acme', webhookSecret: { env: 'ACME_SECRET' } }],
  rules: [
    {
      name: 'portico-acme-prod',
      eventBusName: 'marketplace',
      partner: 'acme',
      environment: 'prod',
      description: 'acme prod',
      eventPattern: { source: ['com.marketplace.market'], detail: { '3rdparty': ['acme'] } },
      target: {
        kind: 'api-destination',
        endpoint: 'https://acme.example/hook',
        httpMethod: 'POST',
        auth: { type: 'api_key', header: 'X-Api-Key', value: { env: 'ACME_KEY' } },
        retryPolicy,
        rateLimitPerSecond: 7,
      },
    },
    {
      name: 'portico-lend-prod',
      eventBusName: 'marketplace',
      partner: 'lend',
      environment: 'prod',
      description: 'lend prod',
      eventPattern: { source: ['com.marketplace.market'], detail: { '3rdparty': ['lend'] } },
      target: { kind: 'poll', httpMethod: 'POST', retryPolicy, rateLimitPerSecond: 1 },
    },
  ],
} as unknown as CatalogModel;
const acmeRule = { Name: 'portico-acme-prod', EventBusName: 'marketplace' };

describe('installCatalogRules', () => {
  it('installs managed rules with an API destination or a poll queue, beside API-created rules', async () => {
    t = await startTestBus();
    const report = installCatalogRules(t.bus, model, { ACME_KEY: 'k-1' });
    expect(report).toMatchObject({ rules: 2, apiDestinations: 1, unsetSecrets: ['ACME_SECRET'] });
    await t.client.send(
      new PutRuleCommand({ Name: 'mine', EventBusName: 'marketplace', EventPattern: '{"source":["x"]}' }),
    );
    const rules = (await t.client.send(new ListRulesCommand({ EventBusName: 'marketplace' }))).Rules ?? [];
    expect(rules.map((r) => [r.Name, r.ManagedBy])).toEqual([
      ['mine', undefined],
      ['portico-acme-prod', CATALOG_MANAGER],
      ['portico-lend-prod', CATALOG_MANAGER],
    ]);
    const dest = t.bus.apiDestinations.get('portico-acme-prod')!;
    expect(t.bus.directory.apiDestination(dest.arn)).toMatchObject({
      endpoint: 'https://acme.example/hook',
      invocationRateLimitPerSecond: 7,
    });
    expect(t.bus.directory.connection(dest.connectionArn)?.authParameters).toEqual({
      ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'k-1' },
    });
    expect(t.bus.directory.webhookSecrets(dest.arn)[0]).toMatch(/^whsec_/);

    await t.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'marketplace',
            Source: 'com.marketplace.market',
            DetailType: 'marketplace requests',
            Detail: '{"3rdparty":"lend"}',
          },
        ],
      }),
    );
    const [delivery] = t.deliveries.list({});
    expect(delivery).toMatchObject({
      targetArn: 'arn:aws:sqs:eu-west-1:000000000000:portico-poll-lend-prod',
      deadLetterArn: 'arn:aws:sqs:eu-west-1:000000000000:portico-lend-prod-dlq',
      retryPolicy,
    });
  });

  it('keeps ARNs stable on reinstall and removes rules that left the catalogue', async () => {
    t = await startTestBus();
    installCatalogRules(t.bus, model, {});
    const arn = t.bus.apiDestinations.get('portico-acme-prod')!.arn;
    installCatalogRules(t.bus, { ...model, rules: model.rules.slice(0, 1) }, {});
    expect(t.bus.apiDestinations.get('portico-acme-prod')!.arn).toBe(arn);
    expect(t.bus.rules.list('marketplace').map((r) => r.name)).toEqual(['portico-acme-prod']);
  });

  // Every change of a catalogue resource through the API: refused, as DeleteRule is, unless forced.
  const changes: [string, () => object][] = [
    ['PutRule', () => new PutRuleCommand({ ...acmeRule, EventPattern: '{"source":["x"]}' })],
    [
      'PutTargets',
      () =>
        new PutTargetsCommand({
          Rule: acmeRule.Name,
          EventBusName: acmeRule.EventBusName,
          Targets: [{ Id: 'x', Arn: 'arn:aws:sqs:eu-west-1:000000000000:x' }],
        }),
    ],
    [
      'RemoveTargets',
      () =>
        new RemoveTargetsCommand({
          Rule: acmeRule.Name,
          EventBusName: acmeRule.EventBusName,
          Ids: ['api-destination'],
        }),
    ],
    ['DisableRule', () => new DisableRuleCommand(acmeRule)],
    ['EnableRule', () => new EnableRuleCommand(acmeRule)],
    [
      'UpdateApiDestination',
      () =>
        new UpdateApiDestinationCommand({
          Name: acmeRule.Name,
          InvocationEndpoint: 'https://attacker.example/h',
        }),
    ],
    [
      'UpdateConnection',
      () =>
        new UpdateConnectionCommand({
          Name: acmeRule.Name,
          AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'stolen' } },
        }),
    ],
  ];

  it.each(changes)(
    'refuses %s on a catalogue resource without Force, and allows it forced',
    async (_op, command) => {
      t = await startTestBus();
      installCatalogRules(t.bus, model, {});
      const before = JSON.stringify([
        t.bus.rules.list('marketplace'),
        t.bus.apiDestinations.list(),
        t.bus.connections.list(),
      ]);
      await expect(t.client.send(command() as never)).rejects.toMatchObject({
        name: 'ManagedRuleException',
        message: expect.stringContaining('pass Force'),
      });
      expect(
        JSON.stringify([
          t.bus.rules.list('marketplace'),
          t.bus.apiDestinations.list(),
          t.bus.connections.list(),
        ]),
      ).toBe(before);
      const forced = forcedClient({
        region: 'eu-west-1',
        endpoint: t.server.url,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      });
      await expect(forced.send(command() as never)).resolves.toBeDefined();
      forced.destroy();
      // A forced change leaves the rule the catalogue's: still protected.
      expect(t.bus.rules.get('marketplace', acmeRule.Name)?.managedBy).toBe(CATALOG_MANAGER);
    },
  );

  it('keeps an endpoint, credentials and webhook secrets changed since through self-service', async () => {
    t = await startTestBus();
    installCatalogRules(t.bus, model, { ACME_KEY: 'k-1' });
    const selfService = inProcessClient(t.bus, { selfService: true });
    await selfService.send(
      new UpdateApiDestinationCommand({
        Name: 'portico-acme-prod',
        InvocationEndpoint: 'https://moved.example/h',
      }),
    );
    await selfService.send(
      new UpdateConnectionCommand({
        Name: 'portico-acme-prod',
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'k-self' } },
      }),
    );
    selfService.destroy();
    const dest = t.bus.apiDestinations.get('portico-acme-prod')!;
    setWebhookSecrets(t.bus, 'portico-acme-prod', ['whsec_cm90YXRlZA==', ...dest.webhookSecrets]);

    const report = installCatalogRules(t.bus, model, { ACME_KEY: 'k-1' });
    expect(report.keptApiChanges).toEqual([
      { resource: 'connection portico-acme-prod', fields: ['auth'] },
      { resource: 'api-destination portico-acme-prod', fields: ['endpoint', 'webhookSecrets'] },
    ]);
    const after = t.bus.apiDestinations.get('portico-acme-prod')!;
    expect(after).toMatchObject({ endpoint: 'https://moved.example/h', arn: dest.arn });
    expect(after.webhookSecrets[0]).toBe('whsec_cm90YXRlZA==');
    expect(t.bus.directory.connection(after.connectionArn)?.authParameters).toEqual({
      ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'k-self' },
    });
  });

  it('undoes a forced change at the next install and keeps the self-service one beneath it', async () => {
    t = await startTestBus();
    installCatalogRules(t.bus, model, { ACME_KEY: 'k-1' });
    const selfService = inProcessClient(t.bus, { selfService: true });
    await selfService.send(
      new UpdateApiDestinationCommand({
        Name: 'portico-acme-prod',
        InvocationEndpoint: 'https://self.example/h',
      }),
    );
    selfService.destroy();
    const forced = forcedClient({
      region: 'eu-west-1',
      endpoint: t.server.url,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    for (const command of changes.map(([, c]) => c())) await forced.send(command as never);
    await forced.send(
      new RemoveTargetsCommand({ Rule: acmeRule.Name, EventBusName: acmeRule.EventBusName, Ids: ['x'] }),
    );
    await forced.send(new DeleteRuleCommand({ ...acmeRule, Force: true }));
    await forced.send(new DeleteApiDestinationCommand({ Name: acmeRule.Name }));
    expect(t.bus.rules.get('marketplace', acmeRule.Name)).toBeUndefined();
    forced.destroy();

    const report = installCatalogRules(t.bus, model, { ACME_KEY: 'k-1' });
    expect(report.keptApiChanges).toEqual([
      { resource: 'api-destination portico-acme-prod', fields: ['endpoint'] },
    ]);
    expect(t.bus.apiDestinations.get('portico-acme-prod')?.endpoint).toBe('https://self.example/h');
    const dest = t.bus.apiDestinations.get('portico-acme-prod')!;
    expect(t.bus.directory.connection(dest.connectionArn)?.authParameters).toEqual({
      ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'k-1' },
    });
    expect(t.bus.rules.get('marketplace', acmeRule.Name)).toMatchObject({
      state: 'ENABLED',
      eventPattern: JSON.stringify(model.rules[0]!.eventPattern),
      targets: [{ Id: 'api-destination', Arn: dest.arn }],
    });
  });

  it('re-applies a field the catalogue changed, and only that field', async () => {
    t = await startTestBus();
    installCatalogRules(t.bus, model, {});
    const selfService = inProcessClient(t.bus, { selfService: true });
    await selfService.send(
      new UpdateApiDestinationCommand({
        Name: 'portico-acme-prod',
        InvocationEndpoint: 'https://moved.example/h',
      }),
    );
    selfService.destroy();
    const [acme, lend] = model.rules;
    const withTarget = (target: Partial<CatalogModel['rules'][number]['target']>) =>
      ({ ...model, rules: [{ ...acme!, target: { ...acme!.target, ...target } }, lend!] }) as CatalogModel;
    const describeAcme = async () =>
      t.client.send(new DescribeApiDestinationCommand({ Name: 'portico-acme-prod' }));

    installCatalogRules(t.bus, withTarget({ rateLimitPerSecond: 3 }), {});
    expect(await describeAcme()).toMatchObject({
      InvocationEndpoint: 'https://moved.example/h',
      InvocationRateLimitPerSecond: 3,
    });
    installCatalogRules(
      t.bus,
      withTarget({ rateLimitPerSecond: 3, endpoint: 'https://acme.example/v2' }),
      {},
    );
    expect(await describeAcme()).toMatchObject({ InvocationEndpoint: 'https://acme.example/v2' });
  });

  it.each([
    [
      'the partner secret signs prod, test signs with one derived from it',
      {},
      'whsec_cGFydG5lci1zZWNyZXQtMTIzNDU2',
      undefined,
    ],
    [
      'an environment names its own secret',
      { test: { webhookSecret: { env: 'ACME_TEST_SECRET' } } },
      'whsec_cGFydG5lci1zZWNyZXQtMTIzNDU2',
      'whsec_dGVzdC1vbmx5LXNlY3JldC0xMjM0NTY=',
    ],
  ])('%s', async (_name, environments, prod, test) => {
    t = await startTestBus();
    const rules = [model.rules[0]!, { ...model.rules[0]!, name: 'portico-acme-test', environment: 'test' }];
    const partners = [{ ...model.partners[0]!, environments }];
    installCatalogRules(t.bus, { ...model, partners, rules } as CatalogModel, {
      ACME_SECRET: 'whsec_cGFydG5lci1zZWNyZXQtMTIzNDU2',
      ACME_TEST_SECRET: 'whsec_dGVzdC1vbmx5LXNlY3JldC0xMjM0NTY=',
    });
    const [prodSecret] = t.bus.apiDestinations.get('portico-acme-prod')!.webhookSecrets;
    const [testSecret] = t.bus.apiDestinations.get('portico-acme-test')!.webhookSecrets;
    expect(prodSecret).toBe(prod);
    if (test) expect(testSecret).toBe(test);
    else expect(testSecret).toMatch(/^whsec_/);
    expect(testSecret).not.toBe(prodSecret);
  });

  it('sets an unset secret to a placeholder without a colon, a valid basic-auth user-id (RFC 7617 §2)', async () => {
    t = await startTestBus();
    const [acme] = model.rules;
    const basic = { type: 'basic', username: { env: 'ACME_USER' }, password: { env: 'ACME_PASSWORD' } };
    const report = installCatalogRules(
      t.bus,
      { ...model, rules: [{ ...acme!, target: { ...acme!.target, auth: basic } }] } as CatalogModel,
      { ACME_PASSWORD: 'p' },
    );
    expect(report.unsetSecrets).toEqual(['ACME_USER', 'ACME_SECRET']);
    const dest = t.bus.apiDestinations.get('portico-acme-prod')!;
    expect(t.bus.directory.connection(dest.connectionArn)?.authParameters).toEqual({
      BasicAuthParameters: { Username: 'portico-dev-unset-ACME_USER', Password: 'p' },
    });
  });
});
