// `portico registry <push|pull|diff>` without the CLI: load the catalogue, convert, talk to the
// registry, and answer the lines to print and the exit code (diff: 1 when there is drift).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SchemasClient } from '@aws-sdk/client-schemas';
import { loadCatalog } from '../../catalog/load-catalog.ts';
import { formatProblem } from '../../catalog/problem.ts';
import { clientConfig, type ClientOptions } from '../aws-client-config.ts';
import { diff, pull, push, registryEntries, SCHEMA_TYPE } from './registry-sync.ts';

export interface RegistryOptions extends ClientOptions {
  registry: string;
  catalog?: string;
  out?: string;
  cwd?: string;
}

export async function runRegistry(
  action: 'push' | 'pull' | 'diff',
  options: RegistryOptions,
): Promise<{ exitCode: 0 | 1; lines: string[] }> {
  const cwd = options.cwd ?? process.cwd();
  const client = new SchemasClient(clientConfig(options));
  const lines: string[] = [];
  if (action === 'pull') {
    const dir = resolve(cwd, options.out ?? join('.portico', 'registry', options.registry));
    mkdirSync(dir, { recursive: true });
    const schemas = await pull(client, options.registry);
    for (const [name, content] of schemas) {
      writeFileSync(join(dir, `${name}.json`), content + '\n');
      lines.push(`${join(dir, name)}.json`);
    }
    return {
      exitCode: 0,
      lines: [...lines, `pulled ${schemas.size} schema(s) from registry ${options.registry}`],
    };
  }
  const { catalogue, problems } = await loadCatalog(options.catalog ?? 'catalog', cwd);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0)
    return {
      exitCode: 1,
      lines: [...errors.map(formatProblem), `${errors.length} problem(s) in the catalogue`],
    };
  const entries = registryEntries(catalogue.events);
  for (const entry of entries) {
    for (const l of entry.lost)
      lines.push(`${entry.schemaName} ${l.pointer}  lost in ${SCHEMA_TYPE}: ${l.why}`);
  }
  if (action === 'push') {
    const out = await push(client, options.registry, entries);
    if (out.registryCreated) lines.push(`registry ${options.registry}  created`);
    for (const a of out.actions)
      lines.push(`${a.schemaName}  ${a.action}${a.version ? ` (version ${a.version})` : ''}`);
    const changed = out.actions.filter((a) => a.action !== 'unchanged').length;
    return {
      exitCode: 0,
      lines: [...lines, `${entries.length} schema(s), ${changed} changed, in registry ${options.registry}`],
    };
  }
  const drift = await diff(client, options.registry, entries);
  for (const d of drift) if (d.status !== 'same') lines.push(`${d.schemaName}  ${d.status}`);
  const drifted = drift.filter((d) => d.status !== 'same').length;
  return {
    exitCode: drifted === 0 ? 0 : 1,
    lines: [
      ...lines,
      drifted === 0 ? `registry ${options.registry} matches the catalogue` : `${drifted} schema(s) drifted`,
    ],
  };
}
