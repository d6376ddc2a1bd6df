import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('generate')
    .description(
      'write generated/, infra/, loadtest/k6/ and contracts/pacts/ from the catalogue; --check only compares',
    )
    .option('--catalog <dir>', 'catalogue folder', 'catalog')
    .option('--out <dir>', 'output folder', 'generated')
    .option('--check', 'write nothing; exit 1 naming each stale, missing or extra file')
    .action(async (options: { catalog: string; out: string; check?: boolean }) => {
      const { runGenerate } = await import('../../generate/run-generate.ts');
      const report = await runGenerate(options);
      for (const line of report.lines) console.log(line);
      process.exitCode = report.exitCode;
    });
}
