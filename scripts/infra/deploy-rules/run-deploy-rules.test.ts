import { readFileSync, readdirSync } from 'node:fs';
import {
  DeleteRuleCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogModel } from '../../../generated/catalog-model.ts';
import { buildCatalogModel } from '../../catalog/build-catalog-model.ts';
import { loadCatalog } from '../../catalog/load-catalog.ts';
import { localOnlyEnvironments } from '../../catalog/local-only.ts';
import { createContext } from '../../generate/context.ts';
import { startTestBus, type TestBus } from '../../../services/bus/testing/test-bus.ts';
import { isLocalEndpoint, runDeployRules } from './run-deploy-rules.ts';

// Every credential the partner files name, with a placeholder value.
const env: NodeJS.ProcessEnv = Object.fromEntries(
  readdirSync('catalog/partners').flatMap((f) =>
    [...readFileSync(`catalog/partners/${f}`, 'utf8').matchAll(/env: ([A-Z0-9_]+)/g)].map((m) => [
      m[1]!,
      'placeholder',
    ]),
  ),
);

let bus: TestBus;
let model: CatalogModel;
let localOnly: Set<string>;
beforeAll(async () => {
  bus = await startTestBus();
  const { catalogue } = await loadCatalog('catalog');
  model = buildCatalogModel(catalogue, createContext());
  localOnly = localOnlyEnvironments(catalogue);
});
afterAll(() => bus.close());

const run = (extra: Parameters<typeof runDeployRules>[0] = {}) =>
  runDeployRules({ endpointUrl: bus.server.url, env, model, ...extra });

describe('environments marked local_only', () => {
  it.each([
    ['http://127.0.0.1:4010', true],
    ['http://localhost:4010', true],
    ['http://[::1]:4010', true],
    [undefined, false],
    ['https://events.eu-west-1.amazonaws.com', false],
    ['http://10.0.0.5:4010', false],
  ])('--endpoint-url %s is the local stack: %s', (url, local) => {
    expect(isLocalEndpoint(url)).toBe(local);
  });

  it('are left out of the plan for AWS, each named, and never get a loopback endpoint there', async () => {
    expect(localOnly.size).toBeGreaterThan(0);
    const report = await run({ dryRun: true, localOnly, includeLocalOnly: false });
    for (const pe of localOnly) {
      const [partner, env] = pe.split('/');
      expect(report.lines).toContain(
        `left out ${pe}: marked local_only in catalog/partners/${partner}.yaml (runs on the local stack alone)`,
      );
      expect(report.lines.filter((l) => l.includes(`portico-${partner}-${env}`))).toEqual([]);
    }
    expect(report.lines.filter((l) => /127\.0\.0\.1|localhost/.test(l))).toEqual([]);
    // The same catalogue against the local bus (a loopback endpoint) deploys them.
    const local = await run({ dryRun: true, localOnly });
    expect(local.lines.some((l) => l.startsWith('left out'))).toBe(false);
    const [first] = [...localOnly];
    expect(local.lines).toContain(`+ create rule portico-${first!.replace('/', '-')}`);
  });
});

describe('deploy-rules against the local bus', () => {
  it('plans without changing anything on --dry-run', async () => {
    const report = await run({ dryRun: true });
    expect(report.lines[0]).toBe('+ create event-bus marketplace');
    expect(report.lines.at(-1)).toMatch(/^dry run: \d+ change\(s\) not applied$/);
    expect((await run({ dryRun: true })).lines).toEqual(report.lines);
  });

  it('refuses to apply without the credentials the partner files name', async () => {
    const report = await runDeployRules({ endpointUrl: bus.server.url, env: {}, environment: 'prod', model });
    expect(report.exitCode).toBe(1);
    expect(report.lines.at(-1)).toMatch(/^not applied: set .*THIRDPARTY1_PROD_API_KEY/);
  });

  it('applies the plan, and a second run changes nothing', async () => {
    const first = await run();
    expect(first.exitCode).toBe(0);
    expect(first.lines).toContain('+ create rule portico-3rdparty1-prod');
    expect(first.lines).toContain('+ create target portico-3rdparty1-test');
    const second = await run();
    expect(second.lines).toEqual(['no changes: the endpoint matches the catalogue']);
    const targets = await bus.client.send(
      new ListTargetsByRuleCommand({ EventBusName: 'marketplace', Rule: 'portico-3rdparty1-prod' }),
    );
    expect(targets.Targets?.[0]).toMatchObject({
      Id: 'api-destination',
      RetryPolicy: { MaximumRetryAttempts: expect.any(Number) },
      DeadLetterConfig: { Arn: expect.stringMatching(/^arn:aws:sqs:[^:]+:\d+:portico-3rdparty1-prod-dlq$/) },
    });
  });

  it('puts back a rule changed by hand', async () => {
    await bus.client.send(
      new PutRuleCommand({
        Name: 'portico-3rdparty1-prod',
        EventBusName: 'marketplace',
        EventPattern: '{"source":["tampered"]}',
      }),
    );
    expect((await run({ dryRun: true })).lines[0]).toMatch(
      /^~ update rule portico-3rdparty1-prod \(.*eventPattern.*\)$/,
    );
    await run();
    expect((await run()).lines).toEqual(['no changes: the endpoint matches the catalogue']);
  });

  it('deletes a portico-* rule the catalogue lacks only with --prune, and leaves other rules alone', async () => {
    await bus.client.send(
      new PutRuleCommand({
        Name: 'portico-gone-prod',
        EventBusName: 'marketplace',
        EventPattern: '{"source":["x"]}',
      }),
    );
    await bus.client.send(
      new PutRuleCommand({
        Name: 'team-b-rule',
        EventBusName: 'marketplace',
        EventPattern: '{"source":["x"]}',
      }),
    );
    expect((await run()).lines).toEqual(['no changes: the endpoint matches the catalogue']);
    const pruned = await run({ prune: true });
    expect(pruned.lines).toEqual(['- delete rule portico-gone-prod', '1 change(s) applied']);
    const names = (await bus.client.send(new ListRulesCommand({ EventBusName: 'marketplace' }))).Rules?.map(
      (r) => r.Name,
    );
    expect(names).toContain('team-b-rule');
    expect(names).not.toContain('portico-gone-prod');
    await bus.client
      .send(new RemoveTargetsCommand({ Rule: 'team-b-rule', EventBusName: 'marketplace', Ids: ['x'] }))
      .catch(() => undefined);
    await bus.client.send(new DeleteRuleCommand({ Name: 'team-b-rule', EventBusName: 'marketplace' }));
  });
});
