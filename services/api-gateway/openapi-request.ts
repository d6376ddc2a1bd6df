// Matches an API Gateway proxy event to an OpenAPI operation and validates its parameters and body
// against the document: the routing and request validation the generated table drives. Failures
// are HttpProblems: 404 (no path), 405 (no method), 415, 400 (malformed JSON), 422 (schema).
import { HttpProblem, type ProblemError } from './problem.ts';
import { header, type ApiGatewayProxyEvent } from './proxy-event.ts';
import type { OperationSpec } from './openapi-operations.ts';
import { SchemaCompiler, toProblemErrors } from './schema-compiler.ts';

export interface ParsedRequest {
  operation: OperationSpec;
  path: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: unknown;
}

interface Route {
  operation: OperationSpec;
  pattern: RegExp;
  names: string[];
}

export class OpenApiRequestParser {
  private readonly routes: Route[];
  private readonly bodies: SchemaCompiler;
  private readonly params: SchemaCompiler;

  constructor(doc: object, operations: readonly OperationSpec[]) {
    this.bodies = new SchemaCompiler(doc);
    this.params = new SchemaCompiler(doc, { coerceTypes: true });
    // Literal segments before templated ones, so `/partner/webhook-secret/rotate` wins over `/{x}/…`.
    this.routes = [...operations]
      .sort((a, b) => templated(a.path) - templated(b.path))
      .map((operation) => {
        const names: string[] = [];
        const source = operation.path
          .split('/')
          .map((seg) =>
            seg.replace(/\{([^}]+)\}|[^{]+/g, (m, name: string | undefined) =>
              name ? (names.push(name), '([^/]+)') : m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
            ),
          )
          .join('/');
        return { operation, pattern: new RegExp(`^${source}$`), names };
      });
    // Compile everything now, so a bad document fails at start rather than on the first request.
    for (const op of operations) {
      for (const p of op.parameters) this.params.compileWrapped(p.schema);
      for (const pointer of Object.values(op.requestBody?.content ?? {})) this.bodies.compile(pointer);
    }
  }

  parse(event: ApiGatewayProxyEvent, path: string): ParsedRequest {
    const candidates = this.routes.map((r) => ({ r, m: r.pattern.exec(path) })).filter((c) => c.m);
    if (candidates.length === 0) throw new HttpProblem(404, 'not-found', `No resource at ${path}.`);
    // HEAD is GET without the body (RFC 9110 §9.3.2): served wherever GET is; the server drops the body.
    const method = event.httpMethod.toUpperCase() === 'HEAD' ? 'GET' : event.httpMethod.toUpperCase();
    const hit = candidates.find((c) => c.r.operation.method === method);
    if (!hit || !hit.m) {
      const methods = new Set(candidates.map((c) => c.r.operation.method));
      if (methods.has('GET')) methods.add('HEAD');
      const allow = [...methods].join(', ');
      throw new HttpProblem(
        405,
        'method-not-allowed',
        `${event.httpMethod} is not allowed on ${path}; use ${allow}.`,
        { headers: { allow } },
      );
    }
    const { operation } = hit.r;
    const errors: ProblemError[] = [];
    const pathValues: Record<string, string> = {};
    hit.r.names.forEach((name, i) => {
      try {
        pathValues[name] = decodeURIComponent(hit.m?.[i + 1] ?? '');
      } catch {
        errors.push({ pointer: `/path/${name}`, message: 'is not valid percent-encoding' });
      }
    });
    const query: Record<string, unknown> = {};
    const headers: Record<string, string> = {};
    for (const p of operation.parameters) {
      const raw =
        p.in === 'path'
          ? pathValues[p.name]
          : p.in === 'query'
            ? event.queryStringParameters?.[p.name]
            : header(event, p.name);
      const where = `/${p.in}/${p.name}`;
      if (raw === undefined) {
        if (p.required) errors.push({ pointer: where, message: `is required` });
        continue;
      }
      const holder = { v: raw as unknown };
      const validate = this.params.compileWrapped(p.schema);
      if (!validate(holder))
        errors.push(
          ...toProblemErrors(validate.errors, where).map((e) => ({
            ...e,
            pointer: e.pointer.replace(`${where}/v`, where),
          })),
        );
      else if (p.in === 'query') query[p.name] = holder.v;
      else if (p.in === 'header') headers[p.name] = String(holder.v);
    }
    const body = this.parseBody(event, operation, errors);
    if (errors.length > 0)
      throw new HttpProblem(422, 'validation', 'The request does not match the API description.', { errors });
    return { operation, path: pathValues, query, headers, body };
  }

  private parseBody(event: ApiGatewayProxyEvent, operation: OperationSpec, errors: ProblemError[]): unknown {
    const spec = operation.requestBody;
    const text =
      event.body === null || event.body === ''
        ? undefined
        : event.isBase64Encoded
          ? Buffer.from(event.body, 'base64').toString('utf8')
          : event.body;
    if (!spec) return undefined;
    if (text === undefined) {
      if (spec.required) errors.push({ pointer: '', message: 'a request body is required' });
      return undefined;
    }
    const type = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const pointer = spec.content[type];
    if (pointer === undefined) {
      throw new HttpProblem(
        415,
        'unsupported-media-type',
        `Content-Type "${type}" is not accepted here; send ${Object.keys(spec.content).join(' or ')}.`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new HttpProblem(400, 'malformed-json', `The body is not JSON: ${(error as Error).message}`, {
        errors: [{ pointer: '', message: 'is not JSON' }],
      });
    }
    const validate = this.bodies.compile(pointer);
    if (!validate(body)) errors.push(...toProblemErrors(validate.errors));
    return body;
  }
}

function templated(path: string): number {
  return (path.match(/\{/g) ?? []).length;
}
