import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('validate')
    .description(
      'check the catalogue: parsers, examples, partner filters, rule patterns; report every problem',
    )
    .option(
      '--catalog <dir>',
      'catalogue folder (default: catalog/ of the project this folder is in)',
      'catalog',
    )
    .option('--json', 'print problems as a JSON array')
    .action(async (options: { catalog: string; json?: boolean }, command: Command) => {
      const { findProjectRoot } = await import('../project-root.ts');
      const { progress } = await import('../progress.ts');
      const { validateCatalog } = await import('../../catalog/validate-catalog.ts');
      const cwd = command.getOptionValueSource('catalog') === 'default' ? findProjectRoot() : process.cwd();
      progress(`checking ${options.catalog}/: parsers, examples, partner filters and rules...`);
      const report = await validateCatalog({ ...options, cwd });
      for (const line of report.lines) console.log(line);
      process.exitCode = report.exitCode;
    });
}
