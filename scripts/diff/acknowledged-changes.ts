// `catalog/acknowledged-changes.yaml`: the breaking changes a reviewer accepted on purpose, each
// with the rule id and path `portico diff` printed, a reason and who accepted it. The file is
// validated (acknowledged-changes.schema.json, unknown rule ids, entries that match no change),
// so that an acknowledgement cannot silently outlive the change it was written for.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createAjv } from '../catalog/ajv.ts';
import type { Change } from './change.ts';
import { RULES } from './rules.ts';

export const ACKNOWLEDGED_FILE = 'acknowledged-changes.yaml';

export interface Acknowledgement {
  readonly id: string;
  readonly path: string;
  readonly reason: string;
  readonly who: string;
}

export interface Acknowledged {
  readonly entries: readonly Acknowledgement[];
  /** What is wrong with the file; any problem makes `diff` exit 2. */
  readonly problems: readonly string[];
}

const SCHEMA = JSON.parse(
  readFileSync(new URL('./acknowledged-changes.schema.json', import.meta.url), 'utf8'),
) as object;

export function readAcknowledged(catalogDir: string, shown = `catalog/${ACKNOWLEDGED_FILE}`): Acknowledged {
  const path = join(catalogDir, ACKNOWLEDGED_FILE);
  if (!existsSync(path)) return { entries: [], problems: [] };
  let data: unknown;
  try {
    data = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { entries: [], problems: [`${shown}: YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
  const validate = createAjv().compile(SCHEMA);
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map(
      (e) =>
        `${shown}: ${e.instancePath === '' ? '(top)' : e.instancePath} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` ('${String(e.params.additionalProperty)}')` : ''}`,
    );
    return { entries: [], problems };
  }
  const entries = (data as { acknowledged: Acknowledgement[] }).acknowledged;
  const problems = entries.flatMap((e, i) =>
    e.id in RULES
      ? []
      : [`${shown}: /acknowledged/${i}/id '${e.id}' is not a rule of portico diff (docs/diff.md)`],
  );
  return { entries, problems };
}

export function acknowledgementOf(
  change: Change,
  entries: readonly Acknowledgement[],
): Acknowledgement | undefined {
  return entries.find((e) => e.id === change.id && e.path === change.path);
}

/** Entries that match no change of this diff: stale, or mistyped. */
export function unusedAcknowledgements(
  changes: readonly Change[],
  entries: readonly Acknowledgement[],
): Acknowledgement[] {
  return entries.filter((e) => !changes.some((c) => c.id === e.id && c.path === e.path));
}
