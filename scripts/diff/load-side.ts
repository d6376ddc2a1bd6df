// One side of a diff: the catalogue at a git ref (`main`, `HEAD~1`, `origin/main`) or in a folder,
// loaded with the project's own loader (scripts/catalog/load-catalog.ts), together with what its
// impact is judged against: the committed pacts and the bus's example events of the same revision.
// A git ref is read with `git archive` into a temporary folder, so a working tree is never touched.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Catalogue } from '../catalog/catalogue.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import type { Problem } from '../catalog/problem.ts';

type Obj = Record<string, unknown>;

export interface PactFile {
  /** Relative to the project root: `contracts/pacts/x.json`. */
  readonly file: string;
  readonly data: Obj;
}

/** An event as the bus's examples put it (`aws events put-events --entries file://…`). */
export interface BusExample {
  readonly file: string;
  readonly index: number;
  readonly source: string;
  readonly detailType: string;
  readonly detail: unknown;
}

export interface Side {
  /** As the user named it: `HEAD~1`, `main`, `catalog`, `(working tree)`. */
  readonly label: string;
  readonly catalogue: Catalogue;
  readonly problems: readonly Problem[];
  readonly pacts: readonly PactFile[];
  readonly busExamples: readonly BusExample[];
  /** The catalogue folder on disk (for readers that want the files, e.g. OpenAPI dereferencing). */
  readonly catalogDir: string;
  readonly root: string;
}

export class SideError extends Error {}

const CATALOG = 'catalog';
const PACTS = 'contracts/pacts';
const BUS_EXAMPLES = 'services/bus/examples';

/**
 * `spec` is a folder (a catalogue folder, or a project folder holding `catalog/`) or a git ref of
 * the repository around `cwd`. Call `dispose` when done: a git ref's files live in a temp folder.
 */
export async function loadSide(
  spec: string | undefined,
  cwd: string,
  catalog = CATALOG,
): Promise<{ side: Side; dispose: () => void }> {
  if (spec === undefined) {
    return { side: await loadFolder('(working tree)', cwd, join(cwd, catalog)), dispose: () => {} };
  }
  const asPath = resolve(cwd, spec);
  if (existsSync(asPath) && statSync(asPath).isDirectory()) {
    if (existsSync(join(asPath, 'asyncapi.yaml')))
      return { side: await loadFolder(spec, dirname(asPath), asPath), dispose: () => {} };
    if (existsSync(join(asPath, catalog, 'asyncapi.yaml')))
      return { side: await loadFolder(spec, asPath, join(asPath, catalog)), dispose: () => {} };
    throw new SideError(`${spec}: a folder with neither asyncapi.yaml nor ${catalog}/asyncapi.yaml`);
  }
  const root = extractRef(spec, cwd, catalog);
  const dispose = () => rmSync(root, { recursive: true, force: true });
  try {
    return { side: await loadFolder(spec, root, join(root, catalog)), dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

function git(args: string[], cwd: string): Buffer {
  return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

function extractRef(ref: string, cwd: string, catalog: string): string {
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], cwd).toString().trim();
  } catch {
    throw new SideError(`${ref}: not a folder, and ${cwd} is not inside a git repository`);
  }
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top);
  } catch {
    throw new SideError(`${ref}: neither a folder nor a git revision (try \`git fetch\`, or a path)`);
  }
  // The catalogue folder as the repository names it, when `cwd` is below the top.
  const prefix = git(['rev-parse', '--show-prefix'], cwd).toString().trim();
  const dir = mkdtempSync(join(tmpdir(), 'portico-diff-'));
  for (const path of [join(prefix, catalog), join(prefix, PACTS), join(prefix, BUS_EXAMPLES)]) {
    const listed = git(['ls-tree', '--name-only', ref, '--', path], top).toString().trim();
    if (listed === '') {
      if (path === join(prefix, catalog)) {
        rmSync(dir, { recursive: true, force: true });
        throw new SideError(`${ref}: has no ${path}/ folder`);
      }
      continue;
    }
    const tar = git(['archive', '--format=tar', ref, '--', path], top);
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  }
  return prefix === '' ? dir : join(dir, prefix);
}

async function loadFolder(label: string, root: string, catalogDir: string): Promise<Side> {
  const { catalogue, problems } = await loadCatalog(catalogDir, root);
  return {
    label,
    catalogue,
    problems,
    pacts: readPacts(join(root, PACTS)),
    busExamples: readBusExamples(join(root, BUS_EXAMPLES)),
    catalogDir,
    root,
  };
}

function jsonFiles(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
}

function readPacts(dir: string): PactFile[] {
  return jsonFiles(dir).flatMap((name) => {
    try {
      return [{ file: `${PACTS}/${name}`, data: JSON.parse(readFileSync(join(dir, name), 'utf8')) as Obj }];
    } catch {
      return []; // an unreadable pact is `validate`'s and `generate --check`'s business, not diff's
    }
  });
}

function readBusExamples(dir: string): BusExample[] {
  return jsonFiles(dir).flatMap((name) => {
    let entries: unknown;
    try {
      entries = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch {
      return [];
    }
    const list = Array.isArray(entries) ? entries : [entries];
    return list.flatMap((entry, index) => {
      const e = entry as Obj;
      if (typeof e.Source !== 'string' || typeof e.DetailType !== 'string') return [];
      let detail: unknown = e.Detail;
      if (typeof detail === 'string') {
        try {
          detail = JSON.parse(detail);
        } catch {
          return [];
        }
      }
      return [
        {
          file: `${BUS_EXAMPLES}/${basename(name)}`,
          index,
          source: e.Source,
          detailType: e.DetailType,
          detail,
        },
      ];
    });
  });
}
