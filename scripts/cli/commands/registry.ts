import type { Command } from 'commander';

export function register(program: Command): void {
  const registry = program
    .command('registry')
    .description(
      'publish the catalogue event schemas to an EventBridge schema registry, or read and diff them',
    );
  for (const [action, description] of [
    ['push', 'create or update each event schema (as JSON Schema Draft 4); unchanged ones are left alone'],
    ['pull', 'write the registry schemas to --out (default .portico/registry/<registry>)'],
    ['diff', 'report drift between the registry and the catalogue; exit 1 when there is any'],
  ] as const) {
    registry
      .command(action)
      .description(description)
      .option('--endpoint-url <url>', 'Schemas API endpoint (the local bus: http://127.0.0.1:4010)')
      .option('--registry <name>', 'registry name', 'portico')
      .option('--region <region>', 'AWS region (default: AWS_REGION)')
      .option('--catalog <dir>', 'catalogue folder', 'catalog')
      .option('--out <dir>', 'pull: folder to write the schemas to')
      .action(
        async (options: {
          endpointUrl?: string;
          registry: string;
          region?: string;
          catalog: string;
          out?: string;
        }) => {
          const { runRegistry } = await import('../../infra/registry/run-registry.ts');
          const report = await runRegistry(action, options);
          for (const line of report.lines) console.log(line);
          process.exitCode = report.exitCode;
        },
      );
  }
}
