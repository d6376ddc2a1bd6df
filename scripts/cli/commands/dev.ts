import type { Command } from 'commander';

interface DevOptions {
  port?: string;
  host: string;
  dataDir?: string;
  validateEvents?: string;
  generate: boolean;
  catalog: boolean;
  marketplace: boolean;
  demoPartners: boolean;
  strictEndpoints?: boolean;
}

const MODES = ['off', 'warn', 'reject'] as const;

export function register(program: Command): void {
  program
    .command('dev')
    .description(
      'run the marketplace locally: validate, generate if stale, start the bus, services and demo partners',
    )
    .option('--port <port>', 'HTTP port (env PORTICO_PORT, default 4010)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'where portico.db lives (env PORTICO_DATA_DIR, default .portico)')
    .option(
      '--validate-events <mode>',
      'check details against the catalogue: off|warn|reject (env PORTICO_VALIDATE_EVENTS)',
    )
    .option('--no-generate', 'skip validating the catalogue and regenerating generated/')
    .option('--no-catalog', 'start without the catalogue rules')
    .option('--no-marketplace', 'start the event bus alone, without the marketplace services')
    .option('--no-demo-partners', 'do not start the demo partner servers on their catalogue ports')
    .option(
      '--strict-endpoints',
      'deliver only to https endpoints at public addresses, as in production (env PORTICO_STRICT_ENDPOINTS=1)',
    )
    .action(async (options: DevOptions) => {
      const port = Number(options.port ?? process.env.PORTICO_PORT ?? 4010);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`--port ${options.port ?? process.env.PORTICO_PORT}: not a port number`);
        process.exitCode = 2;
        return;
      }
      const mode = options.validateEvents ?? process.env.PORTICO_VALIDATE_EVENTS ?? 'off';
      if (!(MODES as readonly string[]).includes(mode)) {
        console.error(`--validate-events ${mode}: expected off, warn or reject`);
        process.exitCode = 2;
        return;
      }
      if (options.generate && !(await prepareCatalogue())) {
        process.exitCode = 1;
        return;
      }
      const { startRuntime } = await import('../../../services/runtime/dev-runtime.ts');
      const { startupBanner, closeOnSignal } = await import('../../../services/runtime/startup-banner.ts');
      // The docs site (`portico docs`) under /docs, built in the background into the data folder.
      const docsDir = `${options.dataDir ?? process.env.PORTICO_DATA_DIR ?? '.portico'}/docs`;
      const runtime = await startRuntime({
        port,
        host: options.host,
        docsDir,
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
        validation: mode as (typeof MODES)[number],
        catalog: options.catalog,
        ...(options.strictEndpoints ? { strictEndpoints: true } : {}),
      });
      const marketplace =
        options.marketplace && options.catalog
          ? await (
              await import('../../../services/marketplace/start-marketplace.ts')
            ).startMarketplace({
              runtime,
              dataDir: options.dataDir ?? process.env.PORTICO_DATA_DIR ?? '.portico',
              demoPartners: options.demoPartners,
            })
          : undefined;
      for (const line of startupBanner(runtime)) console.log(line);
      for (const line of marketplace?.lines ?? []) console.log(line);
      if (options.generate) void buildDocs(docsDir, `${runtime.url}/docs/`);
      await closeOnSignal({
        close: async () => {
          await marketplace?.close();
          await runtime.close();
        },
      });
      console.log('stopped.');
    });
}

async function buildDocs(dir: string, url: string): Promise<void> {
  const { existsSync } = await import('node:fs');
  if (!existsSync('catalog')) return;
  const { buildSite, writeSite } = await import('../../docs/build-site.ts');
  await buildSite({ catalog: 'catalog' })
    .then((files) => writeSite(dir, files))
    .then(() => console.log(`docs site: ${url}`))
    .catch((error: unknown) => console.error(`docs site not built: ${(error as Error).message}`));
}

/**
 * Validates the catalogue and regenerates what the runtime reads (generated/) where stale: one load of
 * the catalogue; an invalid one is refused with every problem. False when the catalogue is invalid.
 */
async function prepareCatalogue(): Promise<boolean> {
  const { existsSync } = await import('node:fs');
  if (!existsSync('catalog')) return true;
  const { runGenerate } = await import('../../generate/run-generate.ts');
  const report = await runGenerate({ catalog: 'catalog', out: 'generated', runtimeOnly: true });
  // The last line is the summary; print it only when something changed or went wrong.
  const quiet = report.exitCode === 0 && report.lines.length === 1;
  for (const line of quiet ? [] : report.lines) (report.exitCode === 0 ? console.log : console.error)(line);
  return report.exitCode === 0;
}
