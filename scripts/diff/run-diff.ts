// `portico diff` without the CLI: load both sides, find every change, judge its impact, apply the
// policy (acknowledged changes, a raised major version) and return the report the formats print.
import { createSchemaValidator } from '../catalog/schema-validator.ts';
import {
  readAcknowledged,
  acknowledgementOf,
  unusedAcknowledgements,
  type Acknowledgement,
} from './acknowledged-changes.ts';
import { attachImpact } from './attach-impact.ts';
import { byLevelThenPlace, levelRank, type Change, type Finding, type Level } from './change.ts';
import { hintRenames } from './enum-renames.ts';
import { eventChanges } from './event-changes.ts';
import { brokenExamples } from './impact-examples.ts';
import { brokenFilters, routingChanges } from './impact-partners.ts';
import { loadSide, type Side } from './load-side.ts';
import { outputChanges, type OutputChange } from './impact-outputs.ts';
import { dereferenced, openapiChanges } from './openapi-changes.ts';
import { partnerChanges, routingTable, type RoutingRow } from './partner-changes.ts';
import { documentVersions, majorRaised, type VersionChange } from './versions.ts';

export type FailOn = Level | 'none';

export interface DiffOptions {
  readonly base: string;
  readonly head?: string;
  readonly failOn?: FailOn;
  readonly cwd?: string;
  readonly catalog?: string;
  readonly progress?: (line: string) => void;
  /** Also run the generators on both sides (default true). */
  readonly outputs?: boolean;
}

export interface DiffReport {
  readonly base: string;
  readonly head: string;
  readonly changes: readonly Change[];
  readonly routing: readonly RoutingRow[];
  /** What changes in everything generated from the catalogue (runDiff only; `compare` leaves it empty). */
  readonly outputs: readonly OutputChange[];
  readonly versions: readonly VersionChange[];
  /** Problems `portico validate` would report on each side (counted; run validate for the list). */
  readonly problems: { readonly base: number; readonly head: number };
  readonly acknowledgementProblems: readonly string[];
  readonly unusedAcknowledgements: readonly Acknowledgement[];
  readonly failOn: FailOn;
  /** 0: nothing at or above --fail-on; 1: something is; 2: the acknowledged-changes file is invalid. */
  readonly exitCode: 0 | 1 | 2;
}

export async function runDiff(options: DiffOptions): Promise<DiffReport> {
  const cwd = options.cwd ?? process.cwd();
  const progress = options.progress ?? (() => {});
  const failOn = options.failOn ?? 'breaking';
  progress(`loading the catalogue at ${options.base}`);
  const base = await loadSide(options.base, cwd, options.catalog);
  try {
    progress(`loading the catalogue at ${options.head ?? 'the working tree'}`);
    const head = await loadSide(options.head, cwd, options.catalog);
    try {
      const report = await compare(base.side, head.side, failOn, progress);
      if (options.outputs === false) return report;
      progress('generating both sides (types, consumer signatures, pacts, SAM template) to compare');
      return { ...report, outputs: await outputChanges(base.side, head.side) };
    } finally {
      head.dispose();
    }
  } finally {
    base.dispose();
  }
}

export async function compare(
  base: Side,
  head: Side,
  failOn: FailOn,
  progress: (line: string) => void,
): Promise<DiffReport> {
  const validator = createSchemaValidator();
  progress('comparing events (AsyncAPI)');
  const findings: Finding[] = [...eventChanges(base.catalogue, head.catalogue)];
  progress('comparing APIs (OpenAPI)');
  const names = new Set([...base.catalogue.apis, ...head.catalogue.apis].map((a) => a.name));
  for (const name of [...names].sort()) {
    const a = base.catalogue.apis.find((x) => x.name === name);
    const b = head.catalogue.apis.find((x) => x.name === name);
    const file = (b ?? a)?.file ?? name;
    findings.push(...openapiChanges(file, a ? await dereferenced(a) : {}, b ? await dereferenced(b) : {}));
  }
  progress(`checking ${head.catalogue.partners.length} partners' filters and rules against the new schema`);
  findings.push(
    ...partnerChanges(base, head),
    ...brokenFilters(base, head, validator),
    ...routingChanges(base, head, validator),
  );
  progress('finding the examples, pacts and partners each change affects');
  const broken = brokenExamples(base, head, validator);
  const versions = documentVersions(base, head);
  for (const v of versions)
    if (majorRaised(versions, v.file) === v)
      findings.push({
        id: 'catalogue-version-major-raised',
        file: v.file,
        path: 'info.version',
        message: `info.version ${v.before} → ${v.after}`,
      });
  const acknowledged = readAcknowledged(head.catalogDir);
  const judged = hintRenames(findings).map((f) => attachImpact(f, base, head, broken));
  const changes: Change[] = judged
    .map((f): Change => {
      const change: Change = {
        id: f.id,
        level: f.level ?? 'info',
        file: f.file,
        path: f.path,
        message: f.message,
        impact: f.impact ?? [],
      };
      const ack = acknowledgementOf(change, acknowledged.entries);
      if (ack) return { ...change, accepted: `acknowledged by ${ack.who}: ${ack.reason}` };
      const raised = majorRaised(versions, change.file);
      if (raised && change.level !== 'info')
        return {
          ...change,
          accepted: `${raised.file} info.version ${raised.before} → ${raised.after} (major raised)`,
        };
      return change;
    })
    .sort(byLevelThenPlace);
  const failing =
    failOn !== 'none' &&
    changes.some((c) => c.accepted === undefined && levelRank(c.level) >= levelRank(failOn));
  return {
    base: base.label,
    head: head.label,
    changes,
    routing: routingTable(base, head),
    outputs: [],
    versions,
    problems: {
      base: base.problems.filter((p) => p.severity === 'error').length,
      head: head.problems.filter((p) => p.severity === 'error').length,
    },
    acknowledgementProblems: acknowledged.problems,
    unusedAcknowledgements: unusedAcknowledgements(changes, acknowledged.entries),
    failOn,
    exitCode: acknowledged.problems.length > 0 ? 2 : failing ? 1 : 0,
  };
}
