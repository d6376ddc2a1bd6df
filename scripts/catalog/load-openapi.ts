// Loads an OpenAPI 3.1 document (`catalog/openapi/*.yaml`) with @apidevtools/swagger-parser, which
// resolves every `$ref` and validates the document against the OpenAPI 3.1 schema. Its errors become
// problems; the dereferenced document gives the operations, schemas and examples to check.
import { basename } from 'node:path';
import type { ApiDefinition, ApiOperation, JsonSchema } from './catalogue.ts';
import type { ExampleToCheck } from './example-check.ts';
import { problemAt, readSourceFile, type SourceFile } from './source-file.ts';
import { toPointer, type Problem } from './problem.ts';

export interface LoadedOpenApi {
  source: SourceFile;
  api?: ApiDefinition;
  examples: ExampleToCheck[];
  problems: Problem[];
}

// OpenAPI 3.1 §4.8.9 Path Item Object: the fields that hold an Operation Object.
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Obj = Record<string, unknown>;

export async function loadOpenApi(absolutePath: string, file: string): Promise<LoadedOpenApi> {
  const { source, problems } = readSourceFile(absolutePath, file);
  const out: LoadedOpenApi = { source, examples: [], problems };
  if (source.data === undefined) return out;

  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  let document: Obj;
  try {
    document = (await SwaggerParser.validate(
      absolutePath,
      structuredClone(source.data) as never,
      {
        dereference: { circular: 'ignore' },
        continueOnError: true,
      } as never,
    )) as unknown as Obj;
  } catch (error) {
    problems.push(...parserProblems(source, error));
    return out;
  }

  const operations: ApiOperation[] = [];
  for (const [path, item] of entries(document.paths)) {
    const itemParams = Array.isArray(item.parameters) ? item.parameters : [];
    itemParams.forEach((p, i) =>
      out.examples.push(...parameterExamples(source, ['paths', path, 'parameters', i], p)),
    );
    for (const method of METHODS) {
      const op = item[method] as Obj | undefined;
      if (op === undefined) continue;
      const at = ['paths', path, method];
      const params = Array.isArray(op.parameters) ? op.parameters : [];
      params.forEach((p, i) => out.examples.push(...parameterExamples(source, [...at, 'parameters', i], p)));
      const content = (op.requestBody as Obj | undefined)?.content as Obj | undefined;
      for (const [mediaType, media] of entries(content)) {
        out.examples.push(...mediaExamples(source, [...at, 'requestBody', 'content', mediaType], media));
      }
      for (const [status, response] of entries(op.responses)) {
        for (const [mediaType, media] of entries(response.content)) {
          out.examples.push(
            ...mediaExamples(source, [...at, 'responses', status, 'content', mediaType], media),
          );
        }
      }
      if (typeof op.operationId !== 'string') continue;
      const body = jsonBodySchema(content);
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        ...(body ? { requestBodySchema: body } : {}),
        pointer: toPointer([...at, 'operationId']),
      });
    }
  }
  const schemas = Object.fromEntries(entries((document.components as Obj | undefined)?.schemas));
  for (const [name, schema] of Object.entries(schemas)) {
    const examples = Array.isArray(schema.examples) ? schema.examples : [];
    examples.forEach((value, i) =>
      out.examples.push({
        source,
        pointer: toPointer(['components', 'schemas', name, 'examples', i]),
        schema,
        value,
      }),
    );
  }
  const raw = ((source.data as Obj).components as Obj | undefined)?.schemas;
  const rawSchemas = Object.fromEntries(entries(raw));
  out.api = {
    name: basename(file).replace(/\.ya?ml$/, ''),
    file,
    schemas,
    rawSchemas,
    operations,
    document: source.data as Obj,
  };
  return out;
}

/** The request body a JSON client sends: `application/json`, else the first `+json` media type. */
function jsonBodySchema(content: Obj | undefined): JsonSchema | undefined {
  const media = entries(content);
  const json =
    media.find(([type]) => type === 'application/json') ?? media.find(([type]) => /\+json$/.test(type));
  const schema = json?.[1].schema;
  return schema !== null && typeof schema === 'object' ? (schema as JsonSchema) : undefined;
}

function entries(value: unknown): [string, Obj][] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Obj).filter(
    (e): e is [string, Obj] => e[1] !== null && typeof e[1] === 'object',
  );
}

/** OpenAPI 3.1 §4.8.14 Media Type Object: `example` or `examples.<name>.value`, against `schema`. */
function mediaExamples(source: SourceFile, at: (string | number)[], media: Obj): ExampleToCheck[] {
  return examplesOf(source, at, media, media.schema);
}

/** OpenAPI 3.1 §4.8.12 Parameter Object: same fields as a media type, beside the parameter's schema. */
function parameterExamples(
  source: SourceFile,
  at: (string | number)[],
  parameter: unknown,
): ExampleToCheck[] {
  if (parameter === null || typeof parameter !== 'object') return [];
  return examplesOf(source, at, parameter as Obj, (parameter as Obj).schema);
}

function examplesOf(
  source: SourceFile,
  at: (string | number)[],
  holder: Obj,
  schema: unknown,
): ExampleToCheck[] {
  if (schema === null || typeof schema !== 'object') return [];
  const found: ExampleToCheck[] = [];
  if ('example' in holder) {
    found.push({
      source,
      pointer: toPointer([...at, 'example']),
      schema: schema as JsonSchema,
      value: holder.example,
    });
  }
  for (const [name, example] of entries(holder.examples)) {
    if (!('value' in example)) continue; // externalValue examples are not fetched
    const pointer = toPointer([...at, 'examples', name, 'value']);
    found.push({ source, pointer, schema: schema as JsonSchema, value: example.value });
  }
  return found;
}

interface ParserError {
  message?: string;
  path?: (string | number)[];
  details?: { instancePath?: string; message?: string; params?: Obj }[];
  errors?: ParserError[];
  targetRef?: string;
}

/** swagger-parser throws a group of reference errors, or one schema error with Ajv's `details`. */
function parserProblems(source: SourceFile, error: unknown): Problem[] {
  const e = error as ParserError;
  if (Array.isArray(e.errors)) return e.errors.flatMap((inner) => parserProblems(source, inner));
  if (Array.isArray(e.details)) {
    return e.details.map((d) => {
      const extra = d.params?.additionalProperty ? ` '${String(d.params.additionalProperty)}'` : '';
      return problemAt(source, `#${d.instancePath ?? ''}`, `OpenAPI 3.1: ${d.message ?? 'invalid'}${extra}`);
    });
  }
  // Reference errors carry the path of the `$ref` that failed: point at its value.
  const pointer = Array.isArray(e.path) ? toPointer(e.targetRef ? [...e.path, '$ref'] : e.path) : '#';
  return [problemAt(source, pointer, (e.message ?? String(error)).split('\n')[0] ?? 'cannot be parsed')];
}
