import type { Command } from 'commander';

interface VerifyPartnerFlags {
  baseUrl: string;
  pact?: string;
  secret?: string;
  header: string[];
  verbose?: boolean;
}

export function register(program: Command): void {
  program
    .command('verify-partner')
    .description("verify a partner's webhook endpoint against the partner webhook Pact contract")
    .requiredOption(
      '--base-url <url>',
      'the endpoint URL the marketplace POSTs to, e.g. https://partner.example/webhook',
    )
    .option(
      '--pact <file>',
      'the pact file (default: contracts/pacts/portico-marketplace-partner-webhook.json)',
    )
    .option('--secret <whsec_…>', 'your webhook signing secret (default: $PORTICO_WEBHOOK_SECRET)')
    .option(
      '--header <name:value>',
      'a header to send with every request, e.g. "X-Api-Key: …" (repeatable)',
      collect,
      [],
    )
    .option('--verbose', "also print the Pact verifier's own output")
    .addHelpText(
      'after',
      '\nEach request is signed as the marketplace signs it (Standard Webhooks) with your secret;\none is signed with another secret and must be refused (403 or 401). Exit 0 when all pass.',
    )
    .action(async (flags: VerifyPartnerFlags) => {
      const { runVerifyPartner } = await import('../../contracts/verify-partner-command.ts');
      process.exitCode = await runVerifyPartner(flags);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
