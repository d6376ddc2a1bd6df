// A problem found in the catalogue, always with a place: the file (relative to the working
// directory), the line and column (1-based) and the JSON pointer (RFC 6901, fragment form `#/a/b`).
export type Severity = 'error' | 'warning';

export interface Problem {
  file: string;
  line: number;
  column: number;
  pointer: string;
  message: string;
  severity: Severity;
}

/** `catalog/partners/acme.yaml:4:3  #/fulfils/colour  must NOT have additional properties` */
export function formatProblem(problem: Problem): string {
  const prefix = problem.severity === 'warning' ? 'warning: ' : '';
  return `${problem.file}:${problem.line}:${problem.column}  ${problem.pointer}  ${prefix}${problem.message}`;
}

/** Files in path order, then by position, so that the report reads top to bottom. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compare(a.pointer, b.pointer) ||
      compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** RFC 6901: `~` becomes `~0` and `/` becomes `~1`. */
export function toPointer(segments: readonly (string | number)[]): string {
  return '#' + segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function fromPointer(pointer: string): string[] {
  const body = pointer.replace(/^#/, '');
  if (body === '' || body === '/') return [];
  return body
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
