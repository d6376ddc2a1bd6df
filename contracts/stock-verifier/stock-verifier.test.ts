// Both HTTP pacts against the running local stack with the STOCK Pact verifier: the
// `pact-verifier` binary of @pact-foundation/pact-cli (the Rust pact_verifier_cli), spawned as a
// person runs it (docs/contracts.md), with `--state-change-url` pointed at the stack's
// provider-state endpoint. Its JSON report must list every interaction of the pact as passed.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedAuth } from '../../services/demo-partners/partner-auth.ts';
import { startWebhookPartner, type RunningPartner } from '../../services/demo-partners/webhook-partner.ts';
import { startPartner, type PartnerFault } from '../partners/reference-partner.ts';
import { PROVIDER_STATES_PATH } from '../../services/marketplace/provider-states.ts';
import { startStack, type Stack } from '../../services/marketplace/testing/stack.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const VERIFIER = join(ROOT, 'node_modules', '.bin', 'pact-verifier');
/** The demo partner whose webhook the webhook pact is verified on (its test environment). */
const WEBHOOK_PARTNER = '3rdparty1';

interface Report {
  result: boolean;
  errors: unknown[];
  interactionResults: { description: string; result: string }[];
}

let stack: Stack;
let partner: RunningPartner;
let scratch: string;

beforeAll(async () => {
  stack = await startStack({ providerStates: true });
  scratch = mkdtempSync(join(tmpdir(), 'portico-stock-verifier-'));
  // The demo partner `portico dev` starts on 127.0.0.1:4101, here on a free port: it checks the
  // signature against the secrets the stack holds for it, and its connection's API key.
  const connection = () => stack.runtime.bus.connections.get(`portico-${WEBHOOK_PARTNER}-test`);
  partner = await startWebhookPartner({
    id: WEBHOOK_PARTNER,
    port: 0,
    secrets: () =>
      stack.runtime.bus.apiDestinations.get(`portico-${WEBHOOK_PARTNER}-test`)?.webhookSecrets ?? [],
    auth: () => {
      const c = connection();
      return c && expectedAuth(c.authorizationType, c.authParameters);
    },
  });
});

afterAll(async () => {
  await partner?.close();
  await stack?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Runs the stock verifier; its exit code, its JSON report and what it printed. */
function verify(args: string[], name: string): Promise<{ code: number; report: Report; output: string }> {
  const json = join(scratch, `${name}.json`);
  return new Promise((resolve, reject) => {
    execFile(
      VERIFIER,
      [...args, '--json', json, '--no-colour', '--loglevel', 'error'],
      { env: { ...process.env, PACT_DO_NOT_TRACK: 'true' }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        try {
          const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
          resolve({ code, report, output: `${stdout}\n${stderr}` });
        } catch (e) {
          reject(
            new Error(
              `no report from ${VERIFIER} (exit ${code}): ${(e as Error).message}\n${stdout}\n${stderr}`,
            ),
          );
        }
      },
    );
  });
}

function interactionsOf(pact: string): string[] {
  const text = readFileSync(join(ROOT, 'contracts/pacts', pact), 'utf8');
  return (JSON.parse(text) as { interactions: { description: string }[] }).interactions.map(
    (i) => i.description,
  );
}

describe('the stock Pact verifier (pact-verifier of @pact-foundation/pact-cli)', () => {
  const cases: [string, { pact: string; args: () => string[] }][] = [
    [
      'passes every interaction of the partner -> marketplace-api pact against the stack',
      {
        pact: 'partner-marketplace-api.json',
        args: () => {
          const { port } = new URL(stack.url);
          return [
            ...['--provider-name', 'marketplace-api', '--hostname', '127.0.0.1', '--port', port],
            ...['--base-path', '/api', '--state-change-url', `${stack.url}${PROVIDER_STATES_PATH}`],
            '--state-change-teardown',
          ];
        },
      },
    ],
    [
      `passes every interaction of the marketplace -> partner-webhook pact against the demo partner ${WEBHOOK_PARTNER}`,
      {
        pact: 'portico-marketplace-partner-webhook.json',
        args: () => {
          const c = stack.runtime.bus.connections.get(`portico-${WEBHOOK_PARTNER}-test`);
          const auth = c && expectedAuth(c.authorizationType, c.authParameters);
          if (auth?.type !== 'api_key')
            throw new Error(`${WEBHOOK_PARTNER}'s test connection is not an API key`);
          const states = `${stack.url}${PROVIDER_STATES_PATH}?partner=${WEBHOOK_PARTNER}&environment=test`;
          return [
            ...['--provider-name', 'partner-webhook', '--hostname', '127.0.0.1'],
            ...['--port', new URL(partner.url).port, '--base-path', '/webhook'],
            ...['--state-change-url', states, '--state-change-teardown'],
            ...['--header', `${auth.header}=${auth.value}`],
          ];
        },
      },
    ],
  ];

  // Once more on the same stack: the states make fresh requests and deliveries, the Idempotency-Key
  // is generated, so what the first run left behind changes nothing.
  cases.push(['passes the marketplace-api pact a second time on the same stack', cases[0]![1]]);

  it.each(cases)('%s', async (name, { pact, args }) => {
    const run = await verify(['--file', join(ROOT, 'contracts/pacts', pact), ...args()], pact);
    const results = run.report.interactionResults.map((r) => [r.description, r.result]);
    expect(results, run.output).toEqual(interactionsOf(pact).map((d) => [d, 'OK']));
    expect(run.report.errors, run.output).toEqual([]);
    expect(run.report.result).toBe(true);
    expect(run.code).toBe(0);
  });
});

describe('the stock Pact verifier, on partners that break the webhook contract', () => {
  // The reference partner (contracts/partners/) holding the secret the stack signs 3rdparty1's
  // test deliveries with, correct or with one fault; which interactions the verifier must fail.
  const forged = /signature made with another secret/;
  const cases: [PartnerFault, { fails: (description: string) => boolean }][] = [
    ['none', { fails: () => false }],
    ['no-signature-check', { fails: (d) => forged.test(d) }],
    ['wrong-status', { fails: (d) => !forged.test(d) }],
    ['missing-field', { fails: (d) => !forged.test(d) }],
  ];

  it.each(cases)('fault %s', async (fault, { fails }) => {
    const secret = stack.runtime.bus.apiDestinations.get(`portico-${WEBHOOK_PARTNER}-test`)
      ?.webhookSecrets[0];
    const reference = await startPartner({ secret: secret as string, fault });
    try {
      const endpoint = new URL(reference.url);
      const pact = 'portico-marketplace-partner-webhook.json';
      const run = await verify(
        [
          ...['--file', join(ROOT, 'contracts/pacts', pact), '--provider-name', 'partner-webhook'],
          ...['--hostname', '127.0.0.1', '--port', endpoint.port, '--base-path', endpoint.pathname],
          '--state-change-url',
          `${stack.url}${PROVIDER_STATES_PATH}?partner=${WEBHOOK_PARTNER}&environment=test`,
        ],
        `reference-${fault}`,
      );
      const results = run.report.interactionResults.map((r) => [r.description, r.result === 'OK']);
      expect(results, run.output).toEqual(interactionsOf(pact).map((d) => [d, !fails(d)]));
      expect(run.code === 0).toBe(fault === 'none');
    } finally {
      await reference.close();
    }
  });
});
