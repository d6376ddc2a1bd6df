// Each document's `info.version` on both sides. A raised major version (SemVer 2.0.0 §8: "Major
// version X MUST be incremented if any backwards incompatible changes are introduced") announces
// breaking changes, so they do not fail the diff. The AsyncAPI document's version is the
// catalogue's: it also covers the partner files, which route its events.
import type { Side } from './load-side.ts';

export interface VersionChange {
  readonly file: string;
  readonly before: string;
  readonly after: string;
}

type Obj = Record<string, unknown>;

function versionOf(data: unknown): string | undefined {
  const v = ((data as Obj | undefined)?.info as Obj | undefined)?.version;
  return typeof v === 'string' ? v : undefined;
}

export function documentVersions(base: Side, head: Side): VersionChange[] {
  const out: VersionChange[] = [];
  const pair = (file: string, a: unknown, b: unknown) => {
    const before = versionOf(a);
    const after = versionOf(b);
    if (before !== undefined && after !== undefined && before !== after) out.push({ file, before, after });
  };
  const asyncFile = head.catalogue.asyncapi?.file ?? 'catalog/asyncapi.yaml';
  pair(asyncFile, base.catalogue.asyncapi?.data, head.catalogue.asyncapi?.data);
  for (const api of head.catalogue.apis) {
    const old = base.catalogue.apis.find((a) => a.name === api.name);
    if (old) pair(api.file, old.document, api.document);
  }
  return out;
}

function major(version: string): number | undefined {
  const m = /^v?(\d+)\./.exec(version);
  return m ? Number(m[1]) : undefined;
}

/** The version change that allows breaking `file`, if its document's major version was raised. */
export function majorRaised(versions: readonly VersionChange[], file: string): VersionChange | undefined {
  const governing = file.includes('/openapi/')
    ? file
    : versions.find((v) => v.file.endsWith('asyncapi.yaml'))?.file;
  const v = versions.find((x) => x.file === governing);
  if (v === undefined) return undefined;
  const a = major(v.before);
  const b = major(v.after);
  return a !== undefined && b !== undefined && b > a ? v : undefined;
}
