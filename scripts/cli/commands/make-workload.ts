import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('make-workload')
    .description(
      "write Portico's deterministic pattern benchmark workload (events.jsonl, rules-N.json) into OUTDIR",
    )
    .argument('<OUTDIR>', 'folder to write into')
    .action(async (outDir: string) => {
      const { writeWorkload } = await import('../../bench/make-workload.ts');
      for (const file of writeWorkload(outDir)) console.log(`wrote ${file}`);
    });
}
