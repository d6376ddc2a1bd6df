// A YAML catalogue file kept with its syntax tree, so that every problem found later (by a
// parser, by Ajv, by our own checks) can be placed at a line and column from its JSON pointer.
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { fromPointer, toPointer, type Problem } from './problem.ts';

export interface SourceFile {
  /** Path as printed in problems: relative to the working directory, `/`-separated. */
  readonly file: string;
  readonly text: string;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** The plain data (`doc.toJS()`), or undefined when the YAML does not parse. */
  readonly data: unknown;
}

export interface Location {
  line: number;
  column: number;
  /** The pointer rewritten through local `$ref`s to where the node is written. */
  pointer: string;
}

export function readSourceFile(
  absolutePath: string,
  file: string,
): { source: SourceFile; problems: Problem[] } {
  return parseSource(readFileSync(absolutePath, 'utf8'), file);
}

export function parseSource(text: string, file: string): { source: SourceFile; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [...doc.errors, ...doc.warnings].map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return {
      file,
      line: pos.line,
      column: pos.col,
      pointer: '#',
      message: `YAML: ${e.message.split('\n')[0]}`,
      severity: doc.errors.includes(e as never) ? 'error' : 'warning',
    };
  });
  const data = doc.errors.length === 0 ? (doc.toJS({ maxAliasCount: 100 }) as unknown) : undefined;
  return { source: { file, text, doc, lineCounter, data }, problems };
}

/**
 * Where a JSON pointer lands in the file. Local `$ref`s met on the way are followed, so a pointer
 * into a dereferenced document (`#/channels/requests/messages/RequestCreated/examples/0`) lands on
 * the text an architect edits (`#/components/messages/RequestCreated/examples/0`). Segments that do
 * not exist stop the walk at the deepest node that does; with `key`, the last segment's key is
 * located rather than its value (for unknown keys).
 */
export function locate(source: SourceFile, pointer: string, options: { key?: boolean } = {}): Location {
  const rest = fromPointer(pointer);
  let node: unknown = source.doc.contents;
  let keyNode: unknown;
  let path: string[] = [];
  for (let hops = 0; hops < 1_000; hops++) {
    const ref = localRef(node);
    // A node that is only a reference stands for its target, even at the end of the pointer.
    const target = ref === undefined ? undefined : source.doc.getIn(ref, true);
    if (
      ref !== undefined &&
      target !== undefined &&
      rest[0] !== '$ref' &&
      !(options.key && rest.length === 0)
    ) {
      node = target;
      path = [...ref];
      keyNode = undefined;
      continue;
    }
    if (rest.length === 0) break;
    const segment = rest[0] as string;
    const next = child(node, segment);
    if (next === undefined) break;
    [keyNode, node] = next;
    path.push(segment);
    rest.shift();
  }
  const target = options.key && rest.length === 0 && keyNode ? keyNode : node;
  const offset = rangeStart(target) ?? rangeStart(source.doc.contents) ?? 0;
  const pos = source.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col, pointer: toPointer([...path, ...rest]) };
}

export function problemAt(
  source: SourceFile,
  pointer: string,
  message: string,
  options: { key?: boolean; severity?: Problem['severity'] } = {},
): Problem {
  const at = locate(source, pointer, options);
  return {
    file: source.file,
    line: at.line,
    column: at.column,
    pointer: at.pointer,
    message,
    severity: options.severity ?? 'error',
  };
}

function localRef(node: unknown): string[] | undefined {
  if (!isMap(node)) return undefined;
  const ref = node.get('$ref');
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  return fromPointer(ref);
}

function child(node: unknown, segment: string): [unknown, unknown] | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
    return pair ? [pair.key, pair.value] : undefined;
  }
  if (isSeq(node) && /^(0|[1-9]\d*)$/.test(segment)) {
    const item = node.items[Number(segment)];
    return item === undefined ? undefined : [undefined, item];
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? range[0] : undefined;
}
