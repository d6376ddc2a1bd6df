// The `wildcard` operator: `*` matches zero or more characters, `\*` is a literal star, `\\` a literal
// backslash; any other escape and `**` are invalid. Positions in messages count UTF-8 bytes of the
// operand with the opening quote AWS adds in front (event-ruler WildcardParser), so `abc**def` fails
// "at pos 4".
import { invalid } from './pattern-error.ts';

const TOO_COMPLEX =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

/** A validated wildcard: the literal parts between stars (`a*b` is `['a', 'b']`, `*` is `['', '']`). */
export interface Wildcard {
  readonly source: string;
  readonly parts: readonly string[];
}

function bytePos(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), 'utf8') + 1;
}

export function parseWildcard(text: string): Wildcard {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') invalid(`Invalid escape character at pos ${bytePos(text, i)}`);
      current += next;
      i++;
    } else if (c === '*') {
      if (text[i + 1] === '*') invalid(`Consecutive wildcard characters at pos ${bytePos(text, i)}`);
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return { source: text, parts };
}

/** Whether a string matches; linear-ish: the first and last parts are anchored, the middle ones found leftmost. */
export function wildcardMatches(w: Wildcard, s: string): boolean {
  const parts = w.parts;
  const first = parts[0] as string;
  if (parts.length === 1) return s === first;
  const last = parts[parts.length - 1] as string;
  if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
  let pos = first.length;
  const end = s.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const p = parts[i] as string;
    const at = s.indexOf(p, pos);
    if (at < 0 || at + p.length > end) return false;
    pos = at + p.length;
  }
  return true;
}

const STAR = -1;

function tokens(w: Wildcard): number[] {
  const out: number[] = [34]; // event-ruler matches the quoted value, so quotes are part of the machine
  w.parts.forEach((part, i) => {
    if (i > 0) out.push(STAR);
    for (let j = 0; j < part.length; j++) out.push(part.charCodeAt(j));
  });
  out.push(34);
  return out;
}

/** Largest number of wildcard-machine states one input can keep alive at once; capped at `cap`. */
export function wildcardComplexity(wildcards: readonly Wildcard[], cap = 50): number {
  const machines = wildcards.map(tokens);
  const alphabet = new Set<number>([0]); // 0 stands for every character no pattern names
  for (const m of machines) for (const t of m) if (t !== STAR) alphabet.add(t);
  const closure = (states: Array<[number, number]>): Array<[number, number]> => {
    const seen = new Set<string>();
    const out: Array<[number, number]> = [];
    const stack = [...states];
    while (stack.length > 0) {
      const [m, k] = stack.pop() as [number, number];
      const key = `${m}:${k}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push([m, k]);
      if (machines[m]?.[k] === STAR) stack.push([m, k + 1]);
    }
    return out;
  };
  const start = closure(machines.map((_, m) => [m, 0] as [number, number]));
  const queue = [start];
  const visited = new Set<string>();
  let worst = 0;
  while (queue.length > 0 && visited.size < 4000) {
    const active = queue.shift() as Array<[number, number]>;
    for (const c of alphabet) {
      const next: Array<[number, number]> = [];
      for (const [m, k] of active) {
        const t = machines[m]?.[k];
        if (t === STAR) next.push([m, k]);
        else if (t === c) next.push([m, k + 1]);
      }
      if (next.length === 0) continue;
      const closed = closure(next);
      worst = Math.max(worst, closed.length);
      if (worst >= cap) return cap;
      const key = closed
        .map(([m, k]) => `${m}:${k}`)
        .sort()
        .join(',');
      if (!visited.has(key)) {
        visited.add(key);
        queue.push(closed);
      }
    }
  }
  return worst;
}

/** AWS refuses a field whose wildcards keep too many states alive (calibrated on AWS's recorded answers). */
export const MAX_WILDCARD_COMPLEXITY = 10;

export function checkWildcardComplexity(wildcards: readonly Wildcard[]): void {
  if (wildcards.length > 0 && wildcardComplexity(wildcards) > MAX_WILDCARD_COMPLEXITY) invalid(TOO_COMPLEX);
}
