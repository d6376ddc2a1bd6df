import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('generate')
    .description(
      'write generated/, infra/, loadtest/k6/ and contracts/pacts/ from the catalogue; --check only compares',
    )
    .option(
      '--catalog <dir>',
      'catalogue folder (default: catalog/ of the project this folder is in)',
      'catalog',
    )
    .option('--out <dir>', 'output folder', 'generated')
    .option('--check', 'write nothing; exit 1 naming each stale, missing or extra file')
    .action(async (options: { catalog: string; out: string; check?: boolean }, command: Command) => {
      const { findProjectRoot } = await import('../project-root.ts');
      const { progress } = await import('../progress.ts');
      const { runGenerate } = await import('../../generate/run-generate.ts');
      const defaults =
        command.getOptionValueSource('catalog') === 'default' &&
        command.getOptionValueSource('out') === 'default';
      const cwd = defaults ? findProjectRoot() : process.cwd();
      progress(
        `checking ${options.catalog}/, then ${options.check ? 'comparing' : 'writing'} what it generates...`,
      );
      const report = await runGenerate({ ...options, cwd });
      for (const line of report.lines) console.log(line);
      process.exitCode = report.exitCode;
    });
}
