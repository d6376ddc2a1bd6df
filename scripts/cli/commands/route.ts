import type { Command } from 'commander';
import { readFileSync } from 'node:fs';

export function register(program: Command): void {
  program
    .command('route')
    .description(
      'which catalogue rules an event matches, and for each one it does not, why (exit 0: some rule matched, 1: none, 2: bad input)',
    )
    .requiredOption(
      '--event <file|->',
      'the event (or PutEvents entries) as JSON: a file, or - for standard input',
    )
    .option('--explain', "give each miss's reason: the field, what the pattern wanted, what the event had")
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { event: string; explain?: boolean; json?: boolean }) => {
      let eventText: string;
      try {
        eventText = readFileSync(opts.event === '-' ? 0 : opts.event, 'utf8');
      } catch (error) {
        console.error(`--event ${opts.event}: ${(error as Error).message}`);
        process.exitCode = 2;
        return;
      }
      // The rules the bus runs: generated/ (`portico generate` after editing catalog/).
      const { catalogModel } = await import('../../../generated/catalog-model.ts');
      const { runRoute } = await import('../../route/run-route.ts');
      const report = runRoute({
        model: catalogModel,
        eventText,
        explain: opts.explain ?? false,
        json: opts.json ?? false,
      });
      for (const line of report.out) console.log(line);
      for (const line of report.err) console.error(line);
      process.exitCode = report.exitCode;
    });
}
