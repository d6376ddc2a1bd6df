import type { Command } from 'commander';

const FORMATS = ['text', 'markdown', 'json'] as const;
const FAIL_ON = ['breaking', 'warning', 'info', 'none'] as const;

export function register(program: Command): void {
  program
    .command('diff')
    .description(
      'compare the catalogue with a base revision: every change with its rule id, level and impact (partners, rules, examples, pacts)',
    )
    .requiredOption(
      '--base <ref|folder>',
      'git ref (main, origin/main, HEAD~1) or catalogue folder to compare against',
    )
    .option('--head <ref|folder>', 'git ref or folder to compare (default: the working tree)')
    .option('--format <format>', `output: ${FORMATS.join(' | ')}`, 'text')
    .option('--fail-on <level>', `exit 1 at or above: ${FAIL_ON.join(' | ')}`, 'breaking')
    .option('--catalog <dir>', 'catalogue folder inside the project', 'catalog')
    .option('--quiet', 'no progress lines on stderr')
    .action(
      async (opts: {
        base: string;
        head?: string;
        format: string;
        failOn: string;
        catalog: string;
        quiet?: boolean;
      }) => {
        if (!(FORMATS as readonly string[]).includes(opts.format)) {
          console.error(`--format must be one of ${FORMATS.join(', ')}, not '${opts.format}'`);
          process.exitCode = 2;
          return;
        }
        if (!(FAIL_ON as readonly string[]).includes(opts.failOn)) {
          console.error(`--fail-on must be one of ${FAIL_ON.join(', ')}, not '${opts.failOn}'`);
          process.exitCode = 2;
          return;
        }
        const { runDiff } = await import('../../diff/run-diff.ts');
        const { SideError } = await import('../../diff/load-side.ts');
        const { formatReport } = await import('../../diff/format-report.ts');
        try {
          const report = await runDiff({
            base: opts.base,
            ...(opts.head !== undefined ? { head: opts.head } : {}),
            failOn: opts.failOn as (typeof FAIL_ON)[number],
            catalog: opts.catalog,
            progress: opts.quiet ? () => {} : (line) => process.stderr.write(`… ${line}\n`),
          });
          process.stdout.write(`${formatReport(report, opts.format as (typeof FORMATS)[number])}\n`);
          process.exitCode = report.exitCode;
        } catch (error) {
          if (!(error instanceof SideError)) throw error;
          console.error(`portico diff: ${error.message}`);
          process.exitCode = 2;
        }
      },
    );
}
