import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('validate')
    .description(
      'check the catalogue: parsers, examples, partner filters, rule patterns; report every problem',
    )
    .option('--catalog <dir>', 'catalogue folder', 'catalog')
    .option('--json', 'print problems as a JSON array')
    .action(async (options: { catalog: string; json?: boolean }) => {
      const { validateCatalog } = await import('../../catalog/validate-catalog.ts');
      const report = await validateCatalog(options);
      for (const line of report.lines) console.log(line);
      process.exitCode = report.exitCode;
    });
}
