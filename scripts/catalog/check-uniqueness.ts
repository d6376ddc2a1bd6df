// Names that must be unique across the whole catalogue: operation ids (OpenAPI operationIds and
// AsyncAPI operation keys share one namespace, so generated clients and contracts can use them as
// names) and EventBridge event identities (source, detail-type).
import type { Problem } from './problem.ts';
import { locate, problemAt, type SourceFile } from './source-file.ts';

export interface Named {
  key: string;
  source: SourceFile;
  pointer: string;
}

/** Reports each occurrence after the first, naming where the first is. */
export function checkUnique(items: readonly Named[], what: (key: string) => string): Problem[] {
  const first = new Map<string, Named>();
  const problems: Problem[] = [];
  for (const item of items) {
    const earlier = first.get(item.key);
    if (earlier === undefined) {
      first.set(item.key, item);
      continue;
    }
    const at = locate(earlier.source, earlier.pointer);
    const message = `duplicate ${what(item.key)} (first at ${earlier.source.file}:${at.line}:${at.column})`;
    problems.push(problemAt(item.source, item.pointer, message));
  }
  return problems;
}
