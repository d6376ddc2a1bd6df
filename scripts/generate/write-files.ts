// The one writer: puts generated files in the output folder, or (`check`) compares them with what
// is there and names each stale, missing or extra file. The output folder holds generated files
// only (DESIGN.md), so any other file in it is extra and, when writing, removed.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { GeneratedFile } from './context.ts';

export type FileStatus = 'stale' | 'missing' | 'extra';

export interface FileDifference {
  path: string;
  status: FileStatus;
}

export function compareFiles(outDir: string, files: readonly GeneratedFile[]): FileDifference[] {
  const wanted = new Map(files.map((f) => [f.path, f.contents]));
  const present = listFiles(outDir);
  const differences: FileDifference[] = [];
  for (const [path, contents] of wanted) {
    if (!present.includes(path)) differences.push({ path, status: 'missing' });
    else if (readFileSync(join(outDir, path), 'utf8') !== contents)
      differences.push({ path, status: 'stale' });
  }
  for (const path of present) if (!wanted.has(path)) differences.push({ path, status: 'extra' });
  return differences.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Writes what differs and removes extra files; returns what changed. */
export function writeFiles(outDir: string, files: readonly GeneratedFile[]): FileDifference[] {
  const differences = compareFiles(outDir, files);
  const byPath = new Map(files.map((f) => [f.path, f.contents]));
  for (const { path, status } of differences) {
    const target = join(outDir, path);
    if (status === 'extra') {
      rmSync(target);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, byPath.get(path) ?? '');
  }
  removeEmptyFolders(outDir);
  return differences;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

function removeEmptyFolders(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = join(dir, entry.name);
    removeEmptyFolders(sub);
    if (readdirSync(sub).length === 0) rmSync(sub, { recursive: true });
  }
}
