// `portico docs` without the CLI: the catalogue as a static site, a pure function of the catalogue
// (plus the committed pacts and the walkthrough's event) to files, written where asked.
// Deterministic: the same catalogue gives the same bytes (site.test.ts builds twice).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { formatProblem } from '../catalog/problem.ts';
import { bundleBrowserScripts } from './bundle-browser.ts';
import { buildDocsModel } from './docs-model.ts';
import { flowGraph } from './flow-graph.ts';
import { flowSvg } from './flow-svg.ts';
import { renderPage } from './html.ts';
import { apiPageOf, apisIndex, operationsOf } from './pages/api-pages.ts';
import { eventPageOf, eventsIndex } from './pages/event-pages.ts';
import { explainerExamples, flowsPage, overviewPage, routePage } from './pages/overview-pages.ts';
import { partnerPageOf, partnersIndex } from './pages/partner-pages.ts';
import type { FieldEntry } from './render-schema.ts';
import { searchIndex, searchIndexScript } from './search-index.ts';

export interface SiteFile {
  readonly path: string;
  readonly contents: string;
}

export class InvalidCatalogueError extends Error {
  override readonly name = 'InvalidCatalogueError';
}

const repo = fileURLToPath(new URL('../../', import.meta.url));

// Redoc's sidebar footer shows a logo from its CDN, the bundle's one request at run time; the site
// makes none, so the copy points it at a plain mark of our own.
const REDOC_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
const LOCAL_LOGO =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='%23444'/%3E%3C/svg%3E";

function redocBundle(): SiteFile[] {
  const dir = join(dirname(createRequire(import.meta.url).resolve('redoc/package.json')), 'bundles');
  return ['redoc.standalone.js', 'redoc.standalone.js.LICENSE.txt'].map((f) => ({
    path: `assets/${f}`,
    contents: readFileSync(join(dir, f), 'utf8').replaceAll(REDOC_LOGO, LOCAL_LOGO),
  }));
}

export async function buildSite(options: { catalog: string; cwd?: string }): Promise<SiteFile[]> {
  const cwd = options.cwd ?? process.cwd();
  const { catalogue, problems } = await loadCatalog(options.catalog, cwd);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    throw new InvalidCatalogueError(
      [
        ...errors.map(formatProblem),
        `not building the site: ${errors.length} problem(s) in ${options.catalog}`,
      ].join('\n'),
    );
  }
  const m = await buildDocsModel(catalogue, join(repo, 'contracts/pacts'));
  const fields = new Map<string, FieldEntry[]>();
  const eventPages = m.events.map((e) => {
    const { page, fields: f } = eventPageOf(m, e);
    fields.set(e.def.name, f);
    return page;
  });
  const operations = m.apis.flatMap(operationsOf);
  const walkthrough = readFileSync(join(repo, 'services/bus/examples/walkthrough-event.json'), 'utf8');
  const pages = [
    overviewPage(m),
    eventsIndex(m),
    ...eventPages,
    apisIndex(m),
    ...m.apis.map(apiPageOf),
    partnersIndex(m),
    ...m.partners.map((p) => partnerPageOf(m, p)),
    flowsPage(
      await flowSvg(flowGraph(m, 'flow-a'), "Flow A: a user's request to the partners"),
      await flowSvg(flowGraph(m, 'flow-b'), "Flow B: a partner's status back"),
    ),
    routePage(m, explainerExamples(m, walkthrough)),
  ];
  return [
    ...pages.map((p) => ({ path: p.path, contents: renderPage(p, m.title) })),
    {
      path: 'assets/style.css',
      contents: readFileSync(new URL('./assets/style.css', import.meta.url), 'utf8'),
    },
    { path: 'assets/search-index.js', contents: searchIndexScript(searchIndex(m, fields, operations)) },
    ...(await bundleBrowserScripts()),
    ...redocBundle(),
  ].sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Writes the site into `out` whole: built beside it, then swapped in, so a server never sees half a site. */
export function writeSite(out: string, files: readonly SiteFile[]): void {
  const target = resolve(out);
  const next = `${target}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(dirname(join(next, f.path)), { recursive: true });
    writeFileSync(join(next, f.path), f.contents);
  }
  const old = `${target}.old-${process.pid}`;
  rmSync(old, { recursive: true, force: true });
  try {
    renameSync(target, old);
  } catch {
    // no site there yet
  }
  mkdirSync(dirname(target), { recursive: true });
  renameSync(next, target);
  rmSync(old, { recursive: true, force: true });
}
