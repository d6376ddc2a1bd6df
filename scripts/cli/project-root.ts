// Commands work from any folder inside the project, as git's do: the project root is the nearest
// folder, from the current one up, that holds `catalog/asyncapi.yaml`. Outside any project the
// current folder is used, so that the command reports what is missing there.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function findProjectRoot(from: string = process.cwd()): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'catalog', 'asyncapi.yaml'))) return dir;
    if (dirname(dir) === dir) return resolve(from);
  }
}
