/**
 * The JSONPath subset EventBridge accepts in InputPath and InputPathsMap: `$`, then `.name`, `['name']`,
 * `["name"]` or `[index]` steps (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
 * Written by hand because it is this small; a full JSONPath library would accept filters EventBridge rejects.
 */
import { JsonNumber } from '../../pattern/json-text.ts';

export type PathStep = string | number;

export class JsonPathError extends Error {}

export function parseJsonPath(path: string): PathStep[] {
  if (!path.startsWith('$')) throw new JsonPathError(`JSONPath ${path} must start with $`);
  const steps: PathStep[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      const m = /^[^.[\]]+/.exec(path.slice(i + 1));
      if (!m) throw new JsonPathError(`JSONPath ${path}: expected a name at offset ${i + 1}`);
      steps.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === '[') {
      const m = /^\[(?:'([^']*)'|"([^"]*)"|(\d+))\]/.exec(path.slice(i));
      if (!m) throw new JsonPathError(`JSONPath ${path}: malformed bracket at offset ${i}`);
      steps.push(m[3] !== undefined ? Number(m[3]) : (m[1] ?? m[2])!);
      i += m[0].length;
    } else {
      throw new JsonPathError(`JSONPath ${path}: unexpected '${c}' at offset ${i}`);
    }
  }
  return steps;
}

/** The value at `steps`, or undefined when any step is missing. */
export function selectPath(value: unknown, steps: PathStep[]): unknown {
  let current = value;
  for (const step of steps) {
    // A number kept with its text (json-as-sent.ts) is a leaf like any number: no step goes into it.
    if (current === null || typeof current !== 'object' || current instanceof JsonNumber) return undefined;
    current = (current as Record<string | number, unknown>)[step];
    if (current === undefined) return undefined;
  }
  return current;
}
