// `portico dev` without the CLI: regenerate what `portico generate` writes, start the runtime and the
// marketplace, print the banner, keep the catalogue live, and stop on a signal. Every failure a
// newcomer can cause (a taken port, a data directory in use, an invalid catalogue) ends in one line.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Logger } from 'pino';
import { applyCatalogue } from '../../services/runtime/apply-catalogue.ts';
import { DataDirInUseError } from '../../services/runtime/data-dir-lock.ts';
import { createDevLogger, type LogFormat } from '../../services/runtime/dev-logger.ts';
import { PortInUseError, startRuntime, type Runtime } from '../../services/runtime/dev-runtime.ts';
import { closeOnSignal, startupBanner } from '../../services/runtime/startup-banner.ts';
import type { ValidationMode } from '../../services/bus/local-bus.ts';
import { progress } from '../cli/progress.ts';
import { runGenerate } from '../generate/run-generate.ts';
import { watchCatalogue } from './catalogue-watcher.ts';

export interface DevOptions {
  /** The project root: catalog/, generated/ and the data directory are found from it. */
  root: string;
  port: number;
  /** How the port was given, for the hint when it is taken. */
  portFlag: string;
  host: string;
  dataDir: string;
  validation: ValidationMode;
  generate: boolean;
  catalog: boolean;
  marketplace: boolean;
  demoPartners: boolean;
  realEndpoints: boolean;
  /** Production's outbound rules (https, public addresses only): no stand-ins either. */
  strictEndpoints: boolean;
  /** Serve the Pact provider-state endpoint (dev and test only; never with strictEndpoints). */
  providerStates?: boolean;
  watch: boolean;
  logFormat: LogFormat;
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Resolves when the stack should stop (default: SIGINT or SIGTERM). */
  until?: (stop: () => Promise<void>) => Promise<void>;
}

/** Runs the stack until a signal; the exit code. */
export async function runDev(opts: DevOptions): Promise<number> {
  const out = opts.out ?? ((line: string) => console.log(line));
  const err = opts.err ?? ((line: string) => console.error(line));
  const catalogDir = join(opts.root, 'catalog');
  if (opts.generate && existsSync(catalogDir)) {
    const report = await regenerate(opts.root);
    if (report.exitCode !== 0) {
      for (const line of report.lines) err(line);
      return 1;
    }
    for (const line of report.lines.length > 1 ? report.lines : []) out(line);
  }
  const logger: Logger = createDevLogger(opts.logFormat);
  let runtime: Runtime;
  try {
    runtime = await startRuntime({
      port: opts.port,
      host: opts.host,
      dataDir: opts.dataDir,
      validation: opts.validation,
      catalog: opts.catalog,
      standIns: !opts.realEndpoints && !opts.strictEndpoints,
      ...(opts.strictEndpoints ? { strictEndpoints: true } : {}),
      // The docs site (`portico docs`) under /docs, built in the background into the data folder.
      docsDir: join(opts.dataDir, 'docs'),
      logger,
    });
  } catch (error) {
    if (error instanceof PortInUseError) {
      err(
        `portico dev: port ${error.port} on ${error.host} is already in use: stop what listens there, or start on another port with ${opts.portFlag}`,
      );
      return 1;
    }
    if (error instanceof DataDirInUseError) {
      err(
        `portico dev: ${error.message}: stop it, or give this stack its own data directory with --data-dir <dir> (or PORTICO_DATA_DIR)`,
      );
      return 1;
    }
    throw error;
  }
  const marketplace =
    opts.marketplace && opts.catalog
      ? await (
          await import('../../services/marketplace/start-marketplace.ts')
        ).startMarketplace({
          runtime,
          dataDir: opts.dataDir,
          demoPartners: opts.demoPartners,
          providerStates: (opts.providerStates ?? false) && !opts.strictEndpoints,
          log: logger,
        })
      : undefined;
  for (const line of startupBanner(runtime, {
    validation: opts.validation,
    dataDir: shownPath(opts.dataDir),
  }))
    out(line);
  for (const line of marketplace?.lines ?? []) out(line);
  if (opts.generate && existsSync(catalogDir))
    void buildDocs(opts.root, join(opts.dataDir, 'docs'), `${runtime.url}/docs/`, out, err);
  const watcher =
    opts.watch && opts.catalog && existsSync(catalogDir)
      ? watchCatalogue({
          root: opts.root,
          out,
          err,
          apply: async (model) => {
            const { changes } = await applyCatalogue(runtime.bus, model, marketplace);
            return changes;
          },
        })
      : undefined;
  if (watcher) out('Watching catalog/: a saved change is checked, regenerated and applied to this stack.');
  const stop = async () => {
    watcher?.close();
    await watcher?.idle();
    await marketplace?.close();
    await runtime.close();
  };
  await (opts.until ?? ((close) => closeOnSignal({ close }, out)))(stop);
  out('stopped.');
  return 0;
}

/** Exactly what `portico generate` writes, with a progress line while it works. */
async function regenerate(root: string) {
  progress('checking catalog/ and regenerating what it generates...');
  return runGenerate({ catalog: 'catalog', out: 'generated', cwd: resolve(root) });
}

/** A path as the user would type it: relative when inside the current folder. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

async function buildDocs(
  root: string,
  dir: string,
  url: string,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<void> {
  const { buildSite, writeSite } = await import('../docs/build-site.ts');
  await buildSite({ catalog: 'catalog', cwd: root })
    .then((files) => writeSite(dir, files))
    .then(() => out(`docs site: ${url}`))
    .catch((error: unknown) => err(`docs site not built: ${(error as Error).message}`));
}
