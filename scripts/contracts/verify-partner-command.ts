// What `portico verify-partner` does once commander has parsed it: resolve the flags, run the
// verifier (in a child process, see verify-partner-worker.ts), print the report.
// Exit codes: 0 the endpoint honours the contract, 1 it does not, 2 bad usage.
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_WEBHOOK_PACT, type VerifyPartnerOptions } from './verify-partner.ts';
import { formatReport } from './verification-report.ts';
import type { WorkerReply } from './verify-partner-worker.ts';

export interface VerifyPartnerFlags {
  baseUrl: string;
  pact?: string;
  secret?: string;
  header?: string[];
  verbose?: boolean;
}

const WORKER = fileURLToPath(new URL('./verify-partner-worker.ts', import.meta.url));

export async function runVerifyPartner(flags: VerifyPartnerFlags, env = process.env): Promise<number> {
  const secret = flags.secret ?? env.PORTICO_WEBHOOK_SECRET;
  if (secret === undefined || secret === '') {
    console.error(
      'verify-partner: give your webhook secret with --secret whsec_… or $PORTICO_WEBHOOK_SECRET',
    );
    return 2;
  }
  const headers: Record<string, string> = {};
  for (const h of flags.header ?? []) {
    const at = h.indexOf(':');
    if (at <= 0) {
      console.error(`verify-partner: --header ${JSON.stringify(h)} is not "Name: value"`);
      return 2;
    }
    headers[h.slice(0, at).trim()] = h.slice(at + 1).trim();
  }
  const pactFile = flags.pact === undefined ? DEFAULT_WEBHOOK_PACT : resolve(flags.pact);
  const reply = await inChild({ baseUrl: flags.baseUrl, secret, pactFile, headers }, flags.verbose === true);
  if ('usageError' in reply) {
    console.error(`verify-partner: ${reply.usageError}`);
    return 2;
  }
  if ('crash' in reply) {
    console.error(`verify-partner: the verifier failed to run\n${reply.crash}`);
    return 1;
  }
  const shown = flags.pact ?? 'contracts/pacts/portico-marketplace-partner-webhook.json';
  console.log(formatReport(reply.report, { baseUrl: flags.baseUrl, pactFile: shown }));
  return reply.report.ok ? 0 : 1;
}

function inChild(options: VerifyPartnerOptions, verbose: boolean): Promise<WorkerReply> {
  return new Promise((done) => {
    const child = fork(WORKER, [], {
      execArgv: ['--import', 'tsx'],
      stdio: verbose ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    let reply: WorkerReply | undefined;
    child.on('message', (m) => (reply = m as WorkerReply));
    child.on('exit', (code) =>
      done(reply ?? { crash: `verifier process exited with ${String(code)}\n${stderr}` }),
    );
    child.send(options);
  });
}
