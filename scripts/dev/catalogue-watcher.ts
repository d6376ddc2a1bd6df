// `portico dev` keeps the catalogue live: a saved change under catalog/ is checked and generated
// exactly as `portico generate` would, and a valid catalogue is applied to the running stack; an
// invalid one is reported and the last good catalogue keeps running. Onboarding a partner is saving
// its file. Saves come in bursts (an editor writes, renames, touches), so work starts once the
// folder has been quiet for `quietMs`, and one reload runs at a time, the latest state last.
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { CatalogModel } from '../../generated/catalog-model.ts';
import { buildCatalogModel } from '../catalog/build-catalog-model.ts';
import { createContext } from '../generate/context.ts';
import { runGenerate } from '../generate/run-generate.ts';

export interface CatalogueWatcherOptions {
  root: string;
  /** Applies a valid catalogue; the lines say what changed on the running stack. */
  apply(model: CatalogModel): Promise<string[]>;
  out(line: string): void;
  err(line: string): void;
  quietMs?: number;
}

export interface CatalogueWatcher {
  /** Resolves when no reload is running or waiting. */
  idle(): Promise<void>;
  close(): void;
}

export function watchCatalogue(opts: CatalogueWatcherOptions): CatalogueWatcher {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  const reloadOnce = async () => {
    opts.out('catalog/ changed: checking it and regenerating...');
    const report = await runGenerate({ catalog: 'catalog', out: 'generated', cwd: opts.root });
    if (report.exitCode !== 0 || !report.catalogue) {
      for (const line of report.lines) opts.err(line);
      opts.err('catalog/ is not valid: the running stack keeps the last good catalogue');
      return;
    }
    const changes = await opts.apply(buildCatalogModel(report.catalogue, createContext()));
    const written = report.lines.length - 1;
    opts.out(
      `catalogue reloaded: ${changes.length === 0 ? 'no change on the bus' : changes.join(', ')}${written > 0 ? `; ${written} generated file(s) rewritten` : ''}`,
    );
  };
  const run = async () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await reloadOnce();
        } catch (error) {
          opts.err(
            `catalogue reload failed: ${(error as Error).message}; the last good catalogue keeps running`,
          );
        }
      } while (again && !closed);
    })();
    await running;
    running = undefined;
  };
  const watcher: FSWatcher = watch(join(opts.root, 'catalog'), { recursive: true }, () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), opts.quietMs ?? 300);
  });
  return {
    idle: async () => {
      while (running) await running;
    },
    close: () => {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}
