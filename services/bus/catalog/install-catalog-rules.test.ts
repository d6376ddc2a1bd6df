import { ListRulesCommand, PutEventsCommand, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogModel } from '../../../generated/catalog-model.ts';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';
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

  it('refuses API changes to a managed rule', async () => {
    t = await startTestBus();
    installCatalogRules(t.bus, model, {});
    await expect(
      t.client.send(
        new PutRuleCommand({
          Name: 'portico-acme-prod',
          EventBusName: 'marketplace',
          EventPattern: '{"source":["x"]}',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ManagedRuleException' });
  });
});
