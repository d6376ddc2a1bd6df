// The catalogue as the oracle in tests: what the services put must be valid against
// catalog/asyncapi.yaml. Compiled from the document, so that these tests do not rest on the generator.
import { catalogueDetailValidator } from '../detail-validator.ts';

const validate = catalogueDetailValidator();

/** `[]` when valid; the problems otherwise. Throws for an event the catalogue does not have. */
export function catalogueProblems(
  source: string,
  detailType: string,
  detail: unknown,
): { pointer: string; message: string }[] {
  const result = validate(source, detailType, detail);
  if (!result) throw new Error(`catalog/asyncapi.yaml has no message (${source}, ${detailType})`);
  return result.ok ? [] : result.errors;
}
