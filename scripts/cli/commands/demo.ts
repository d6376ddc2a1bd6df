import type { Command } from 'commander';

interface DemoOptions {
  baseUrl: string;
  dataDir?: string;
  printKeys?: boolean;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('drive flows A and B against a running `npm start` and print each step')
    .option('--base-url <url>', 'where `npm start` listens', 'http://127.0.0.1:4010')
    .option(
      '--data-dir <dir>',
      'the data dir of `npm start` (env PORTICO_DATA_DIR, default .portico), for the dev API keys',
    )
    .option('--print-keys', 'print every partner’s dev API keys and exit')
    .action(async (options: DemoOptions) => {
      const { runDemo, devApiKeys, DemoError } =
        await import('../../../services/demo-partners/demo-flows.ts');
      const dataDir = options.dataDir ?? process.env.PORTICO_DATA_DIR ?? '.portico';
      try {
        if (options.printKeys) {
          const { catalogModel } = await import('../../../generated/catalog-model.ts');
          for (const k of devApiKeys(
            dataDir,
            catalogModel.partners.map((p) => p.id),
          ))
            console.log(`${k.partner.padEnd(12)} ${k.environment.padEnd(4)} ${k.key}`);
          return;
        }
        await runDemo({
          baseUrl: options.baseUrl.replace(/\/$/, ''),
          dataDir,
          print: (line) => console.log(line),
        });
      } catch (error) {
        if (!(error instanceof DemoError)) throw error;
        console.error(`portico demo: ${error.message}`);
        process.exitCode = 1;
      }
    });
}
