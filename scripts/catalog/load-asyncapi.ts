// Loads `catalog/asyncapi.yaml` (AsyncAPI 3.0) with @asyncapi/parser. The parser's own
// diagnostics (spec schema, Spectral rules, unresolved references) become problems; each message's
// `x-eventbridge: { source, detail-type }` extension gives the EventBridge envelope of its event.
import type { AsyncApiOperation, EventDefinition, JsonSchema } from './catalogue.ts';
import { cleanSchema, type ExampleToCheck } from './example-check.ts';
import { locate, problemAt, readSourceFile, type SourceFile } from './source-file.ts';
import { toPointer, type Problem } from './problem.ts';

export interface LoadedAsyncApi {
  source: SourceFile;
  events: EventDefinition[];
  operations: AsyncApiOperation[];
  examples: ExampleToCheck[];
  problems: Problem[];
  /** False when the parser gave no document (its errors say why): nothing below can be checked. */
  parsed: boolean;
  /** Every message's `x-eventbridge` envelope, also of messages left out of `events` (no payload). */
  envelopes: { source: string; detailType: string; name: string }[];
}

// Spectral severities: 0 error, 1 warning, 2 information, 3 hint. Only the first two are reported.
const SEVERITIES: readonly (Problem['severity'] | undefined)[] = ['error', 'warning'];

export async function loadAsyncApi(absolutePath: string, file: string): Promise<LoadedAsyncApi> {
  const { source, problems } = readSourceFile(absolutePath, file);
  const out: LoadedAsyncApi = {
    source,
    events: [],
    operations: [],
    examples: [],
    problems,
    parsed: false,
    envelopes: [],
  };
  if (source.data === undefined) return out;

  const { Parser } = await import('@asyncapi/parser');
  const { document, diagnostics } = await new Parser().parse(source.text, { source: absolutePath });
  for (const d of diagnostics) {
    const severity = SEVERITIES[d.severity];
    if (severity === undefined) continue;
    const at = problemAt(source, toPointer(d.path), d.message, { severity });
    // Spectral's range is already in source coordinates (0-based); prefer it to our walk.
    problems.push({ ...at, line: d.range.start.line + 1, column: d.range.start.character + 1 });
  }
  if (document === undefined) return out;
  out.parsed = true;

  const seen = new Set<string>();
  for (const message of document.allMessages()) {
    // A message referenced from several channels appears once per reference.
    // Named after where the message is written: `#/components/messages/RequestCreated` gives
    // `RequestCreated` (the parser's id is the first channel key that refers to it).
    const pointer = locate(source, `#${message.meta('pointer')}`).pointer;
    const name = pointer.split('/').pop() || message.id();
    if (seen.has(pointer)) continue;
    seen.add(pointer);
    const envelope = message.extensions().get('x-eventbridge')?.value() as
      { source?: unknown; 'detail-type'?: unknown } | undefined;
    if (typeof envelope?.source !== 'string' || typeof envelope['detail-type'] !== 'string') {
      problems.push(
        problemAt(source, pointer, 'message has no `x-eventbridge: { source, detail-type }` extension'),
      );
      continue;
    }
    out.envelopes.push({ source: envelope.source, detailType: envelope['detail-type'], name });
    const payload = message.payload();
    if (payload === undefined) {
      problems.push(problemAt(source, pointer, 'message has no payload schema for the event detail'));
      continue;
    }
    const raw = payload.json() as JsonSchema;
    const schemaName = raw['x-parser-schema-id'];
    const schema = cleanSchema(raw);
    out.events.push({
      name,
      source: envelope.source,
      detailType: envelope['detail-type'],
      schemaId: typeof schemaName === 'string' && !schemaName.startsWith('<') ? schemaName : `${name}Detail`,
      schema,
      pointer,
    });
    message
      .examples()
      .all()
      .forEach((example, i) => {
        if (!example.hasPayload()) return;
        out.examples.push({
          source,
          pointer: `${pointer}/examples/${i}/payload`,
          schema,
          value: example.payload(),
          event: name,
        });
      });
  }
  for (const operation of document.allOperations()) {
    out.operations.push({
      id: operation.id() ?? '',
      pointer: locate(source, `#${operation.meta('pointer')}`).pointer,
    });
  }
  return out;
}
