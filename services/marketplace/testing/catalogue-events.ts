// The catalogue as the oracle in tests: what the services put must be valid against
// catalog/asyncapi.yaml. Compiled from the document with Ajv, so that these tests do not rest on
// the generator whose output the services themselves use (generated/validators).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SchemaCompiler, toProblemErrors } from '../../api-gateway/schema-compiler.ts';

interface AsyncApiMessages {
  components: {
    messages: Record<
      string,
      { 'x-eventbridge': { source: string; 'detail-type': string }; payload: { $ref: string } }
    >;
  };
}

const doc = parse(
  readFileSync(new URL('../../../catalog/asyncapi.yaml', import.meta.url), 'utf8'),
) as AsyncApiMessages;
const compiler = new SchemaCompiler(doc);
const payloads = new Map(
  Object.values(doc.components.messages).map((m) => [
    `${m['x-eventbridge'].source}\n${m['x-eventbridge']['detail-type']}`,
    m.payload.$ref,
  ]),
);

/** `[]` when valid; the problems otherwise. Throws for an event the catalogue does not have. */
export function catalogueProblems(
  source: string,
  detailType: string,
  detail: unknown,
): { pointer: string; message: string }[] {
  const pointer = payloads.get(`${source}\n${detailType}`);
  if (!pointer) throw new Error(`catalog/asyncapi.yaml has no message (${source}, ${detailType})`);
  const validate = compiler.compile(pointer);
  return validate(detail) ? [] : toProblemErrors(validate.errors);
}
