import type { Command } from 'commander';

interface DevFlags {
  port?: string;
  host: string;
  dataDir?: string;
  validateEvents?: string;
  logFormat?: string;
  generate: boolean;
  catalog: boolean;
  marketplace: boolean;
  demoPartners: boolean;
  realEndpoints?: boolean;
  watch: boolean;
  strictEndpoints?: boolean;
  providerStates?: boolean;
}

const MODES = ['off', 'warn', 'reject'] as const;

export function register(program: Command): void {
  program
    .command('dev')
    .description(
      'run the marketplace locally: regenerate what `portico generate` writes, start the bus, services and demo partners, reload catalog/ on change',
    )
    .option('--port <port>', 'HTTP port (env PORTICO_PORT, default 4010)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'where portico.db lives (env PORTICO_DATA_DIR, default .portico)')
    .option(
      '--validate-events <mode>',
      'check each event detail against the catalogue: off|warn|reject (env PORTICO_VALIDATE_EVENTS; default warn: a bad event is logged, and still accepted)',
    )
    .option(
      '--real-endpoints',
      'deliver to partner endpoints that are not on this machine (default: a local stand-in answers for them)',
    )
    .option('--log-format <format>', 'pretty|json (default: pretty on a terminal, json otherwise)')
    .option('--no-generate', 'skip validating the catalogue and regenerating')
    .option('--no-watch', 'do not reload the catalogue when a file under catalog/ changes')
    .option('--no-catalog', 'start without the catalogue rules')
    .option('--no-marketplace', 'start the event bus alone, without the marketplace services')
    .option('--no-demo-partners', 'do not start the demo partner servers on their catalogue ports')
    .option(
      '--strict-endpoints',
      'deliver only to https endpoints at public addresses, as in production (env PORTICO_STRICT_ENDPOINTS=1; no stand-ins)',
    )
    .option(
      '--provider-states',
      'serve the Pact provider-state endpoint /_portico/provider-states to loopback clients (a stock Pact verifier; docs/contracts.md); not with --strict-endpoints',
    )
    .action(async (flags: DevFlags) => {
      if (flags.providerStates && (flags.strictEndpoints || process.env.PORTICO_STRICT_ENDPOINTS === '1')) {
        console.error(
          '--provider-states: a stack with production rules (--strict-endpoints) serves no provider states',
        );
        process.exitCode = 2;
        return;
      }
      const port = Number(flags.port ?? process.env.PORTICO_PORT ?? 4010);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`--port ${flags.port ?? process.env.PORTICO_PORT}: not a port number`);
        process.exitCode = 2;
        return;
      }
      const mode = flags.validateEvents ?? process.env.PORTICO_VALIDATE_EVENTS ?? 'warn';
      if (!(MODES as readonly string[]).includes(mode)) {
        console.error(`--validate-events ${mode}: expected off, warn or reject`);
        process.exitCode = 2;
        return;
      }
      const { LOG_FORMATS, defaultLogFormat } = await import('../../../services/runtime/dev-logger.ts');
      const logFormat = flags.logFormat ?? defaultLogFormat();
      if (!(LOG_FORMATS as readonly string[]).includes(logFormat)) {
        console.error(`--log-format ${logFormat}: expected pretty or json`);
        process.exitCode = 2;
        return;
      }
      const { findProjectRoot } = await import('../project-root.ts');
      const { join, resolve } = await import('node:path');
      const root = findProjectRoot();
      const { runDev } = await import('../../dev/run-dev.ts');
      process.exitCode = await runDev({
        root,
        port,
        portFlag: flags.port !== undefined ? '--port <n>' : '--port <n> (or PORTICO_PORT)',
        host: flags.host,
        dataDir: resolve(flags.dataDir ?? process.env.PORTICO_DATA_DIR ?? join(root, '.portico')),
        validation: mode as (typeof MODES)[number],
        generate: flags.generate,
        catalog: flags.catalog,
        marketplace: flags.marketplace,
        demoPartners: flags.demoPartners,
        realEndpoints: flags.realEndpoints ?? false,
        strictEndpoints: flags.strictEndpoints ?? false,
        providerStates: flags.providerStates ?? false,
        watch: flags.watch,
        logFormat: logFormat as (typeof LOG_FORMATS)[number],
      });
    });
}
