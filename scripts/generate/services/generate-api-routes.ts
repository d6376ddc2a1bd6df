// generated/services/<api>-routes.ts: for each OpenAPI operation, the routing and request
// validation table the runtime serves it with (services/api-gateway/openapi-request.ts) and a typed
// handler signature (its path, query, header and body types). OpenAPI 3.1.0 §4.8.8 Path Item,
// §4.8.10 Operation, §4.8.12 Parameter, §4.8.13 Request Body. The table is built by the runtime's
// own pure function, so a generated table and one built at start cannot disagree.
import {
  operationsFromOpenApi,
  type OperationSpec,
} from '../../../services/api-gateway/openapi-operations.ts';
import { stableJson, type GeneratedFile, type GenerateContext } from '../context.ts';
import { tsHeader } from '../header.ts';
import { camelCase, componentName, pascalCase, propertyKey } from './ts-literal.ts';

export interface ApiDocument {
  /** File stem: `marketplace-api`. */
  readonly name: string;
  /** The OpenAPI document as written (local `$ref`s kept); an API without one is skipped. */
  readonly document?: Record<string, unknown>;
}

export function generateApiRoutes(apis: readonly ApiDocument[], ctx: GenerateContext): GeneratedFile[] {
  return apis.flatMap((api) => (api.document ? [routesFile(api.name, api.document, ctx)] : []));
}

function routesFile(name: string, doc: Record<string, unknown>, ctx: GenerateContext): GeneratedFile {
  const operations = operationsFromOpenApi(doc);
  const camel = camelCase(name);
  const pascal = pascalCase(name);
  const types = new Set<string>();
  const inputs = operations.map((op) => `  ${propertyKey(op.operationId)}: ${inputType(doc, op, types)};`);
  const imports =
    types.size > 0 ? `import type { ${[...types].sort().join(', ')} } from '../types/${name}.ts';\n\n` : '';
  const contents = `${tsHeader(ctx, `Routing, request validation and handler signatures of catalog/openapi/${name}.yaml.`)}
${imports}/** One operation: where it is served and JSON pointers to the schemas that validate its input. */
export interface OperationSpec {
  operationId: string;
  method: string;
  path: string;
  parameters: { name: string; in: 'query' | 'path' | 'header'; required: boolean; schema: string }[];
  requestBody?: { required: boolean; content: Record<string, string> };
  secured: boolean;
}

/** The document the schema pointers point into. */
export const ${camel}Document: Record<string, unknown> = ${stableJson(doc)};

export const ${camel}Operations: OperationSpec[] = ${stableJson(operations)};

/** What each operation's handler is given, validated against the document. */
export interface ${pascal}Inputs {
${inputs.join('\n')}
}

/** One handler per operation: the service implements exactly these. */
export type ${pascal}Handlers<Caller, Result> = {
  [K in keyof ${pascal}Inputs]: (input: ${pascal}Inputs[K], caller: Caller) => Promise<Result>;
};
`;
  return { path: `services/${name}-routes.ts`, contents };
}

function inputType(doc: Record<string, unknown>, op: OperationSpec, types: Set<string>): string {
  const group = (where: 'path' | 'query' | 'header') => {
    const members = op.parameters
      .filter((p) => p.in === where)
      .map(
        (p) => `${propertyKey(p.name)}${p.required ? '' : '?'}: ${schemaType(resolve(doc, p.schema), types)}`,
      );
    return members.length === 0 ? 'Record<string, never>' : `{ ${members.join('; ')} }`;
  };
  const bodySchema = Object.values(op.requestBody?.content ?? {})[0];
  const body =
    bodySchema === undefined
      ? 'undefined'
      : `${schemaType(resolve(doc, bodySchema), types)}${op.requestBody?.required ? '' : ' | undefined'}`;
  return `{ path: ${group('path')}; query: ${group('query')}; headers: ${group('header')}; body: ${body} }`;
}

/** Named component types come from generated/types; inline schemas get their primitive type. */
function schemaType(schema: unknown, types: Set<string>): string {
  const named = componentName(schema);
  if (named) {
    types.add(named);
    return named;
  }
  const s = (schema ?? {}) as { type?: unknown; enum?: unknown[] };
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.type === 'integer' || s.type === 'number') return 'number';
  if (s.type === 'boolean') return 'boolean';
  if (s.type === 'string') return 'string';
  return 'unknown';
}

function resolve(doc: unknown, pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], doc);
}
