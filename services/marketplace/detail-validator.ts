// Validates an event's detail against the catalogue before a service puts it. The generated
// validators (generated/validators) are used when they load; otherwise the schemas are compiled at
// start from catalog/asyncapi.yaml with Ajv. Either way the answer has the generated shape.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SchemaCompiler, toProblemErrors } from '../api-gateway/schema-compiler.ts';

export type DetailValidation =
  { ok: true } | { ok: false; errors: { pointer: string; message: string }[] } | undefined;
export type ValidateDetail = (source: string, detailType: string, detail: unknown) => DetailValidation;

const generatedModule = '../../generated/validators/index.ts';

export async function loadDetailValidator(): Promise<{
  validate: ValidateDetail;
  source: 'generated' | 'catalogue';
}> {
  try {
    // A variable specifier: whether the generated module loads is decided here, at run time.
    const mod = (await import(generatedModule)) as { validateDetail: ValidateDetail };
    mod.validateDetail('com.marketplace.market', 'marketplace requests', {
      user_id: '1',
      request_status: 'new',
    });
    return { validate: mod.validateDetail, source: 'generated' };
  } catch {
    return { validate: catalogueDetailValidator(), source: 'catalogue' };
  }
}

export function catalogueDetailValidator(): ValidateDetail {
  const doc = parse(readFileSync(new URL('../../catalog/asyncapi.yaml', import.meta.url), 'utf8')) as {
    components: {
      messages: Record<
        string,
        { 'x-eventbridge': { source: string; 'detail-type': string }; payload: { $ref: string } }
      >;
    };
  };
  const compiler = new SchemaCompiler(doc);
  const byType = new Map(
    Object.values(doc.components.messages).map((m) => [
      `${m['x-eventbridge'].source}\n${m['x-eventbridge']['detail-type']}`,
      m.payload.$ref,
    ]),
  );
  return (source, detailType, detail) => {
    const pointer = byType.get(`${source}\n${detailType}`);
    if (!pointer) return undefined;
    const validate = compiler.compile(pointer);
    return validate(detail) ? { ok: true } : { ok: false, errors: toProblemErrors(validate.errors) };
  };
}
