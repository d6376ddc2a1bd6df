// deploy-rules against the bus of a fresh `npm start` (the runtime with the catalogue installed):
// the stack already holds what the catalogue describes, so the plan is empty, with the same target
// ids as the SAM template; and a change it cannot make there is refused before the first change.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTargetsByRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogModel } from '../../../generated/catalog-model.ts';
import { startRuntime, type Runtime } from '../../../services/runtime/dev-runtime.ts';
import { runDeployRules } from './run-deploy-rules.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startRuntime({
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'portico-deploy-local-')),
    logger: pino({ level: 'silent' }),
  });
});
afterAll(() => runtime.close());

describe('deploy-rules against a fresh local stack', () => {
  it('plans nothing', async () => {
    const report = await runDeployRules({
      endpointUrl: runtime.url,
      model: catalogModel,
      env: {},
      dryRun: true,
    });
    expect(report.lines).toEqual(['no changes: the endpoint matches the catalogue']);
    expect(report.exitCode).toBe(0);
  });

  it('finds the target id the SAM template uses', async () => {
    const client = new EventBridgeClient({
      endpoint: runtime.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const targets = await client.send(
      new ListTargetsByRuleCommand({ EventBusName: 'marketplace', Rule: 'portico-3rdparty1-prod' }),
    );
    client.destroy();
    expect(targets.Targets?.map((t) => t.Id)).toEqual(['api-destination']);
  });

  it('refuses, before the first change, a plan that would change rules the stack manages', async () => {
    const changed = {
      ...catalogModel,
      rules: catalogModel.rules.map((r) =>
        r.name === 'portico-3rdparty1-prod' ? { ...r, description: `${r.description} (edited)` } : r,
      ),
    };
    const before = await runDeployRules({
      endpointUrl: runtime.url,
      model: catalogModel,
      env: {},
      dryRun: true,
    });
    const report = await runDeployRules({ endpointUrl: runtime.url, model: changed, env: {} });
    expect(report.exitCode).toBe(1);
    expect(report.lines).toEqual([
      '~ update rule portico-3rdparty1-prod (description)',
      'not applied: portico-3rdparty1-prod is managed by portico.catalog on this endpoint (a running `portico dev` installs catalog/ itself and reloads it when a file changes)',
    ]);
    expect(
      (await runDeployRules({ endpointUrl: runtime.url, model: catalogModel, env: {}, dryRun: true })).lines,
    ).toEqual(before.lines);
  });
});

describe('deploy-rules through the CLI', () => {
  // Runs the real binary: a stall guard sized for a loaded 2-core machine, not a measure.
  it('an endpoint that does not answer: one line, no stack trace', { timeout: 300_000 }, async () => {
    const { execFile } = await import('node:child_process');
    const { BIN, REPO } = await import('../../dev/dev-process.ts');
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [BIN, 'deploy-rules', '--endpoint-url', 'http://127.0.0.1:9', '--region', 'eu-west-1'],
        {
          cwd: REPO,
          env: { ...process.env, AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_MAX_ATTEMPTS: '1' },
        },
        (error, stdout, stderr) =>
          resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^deploy-rules: nothing changed: reading http:\/\/127\.0\.0\.1:9 failed: .*ECONNREFUSED/,
      ),
    ]);
  });
});
