// What every test that calls /api checks of every answer: that catalog/openapi/marketplace-api.yaml
// allows it. The status must be declared for the operation (an undeclared one fails the test), each
// header the response declares `required` must be there, the Content-Type must be one it declares
// and the body must match that media type's schema. Outside any operation, RFC 9110 decides: an
// unknown path is a 404, a method the path does not serve a 405 with `Allow`; both problem+json.
import type { OperationSpec } from '../../api-gateway/openapi-operations.ts';
import { SchemaCompiler } from '../../api-gateway/schema-compiler.ts';
import { marketplaceApiDescription } from '../api-description.ts';

export interface ObservedResponse {
  method: string;
  /** The request path under the API (`/requests/…`), without the query. */
  path: string;
  status: number;
  headers: Headers;
  text: string;
}

interface ResponseObject {
  $ref?: string;
  headers?: Record<string, { $ref?: string; required?: boolean }>;
  content?: Record<string, unknown>;
}

const doc = marketplaceApiDescription.document as {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
  components: Record<string, Record<string, unknown>>;
};
const compiler = new SchemaCompiler(doc);
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function matches(template: string, path: string): boolean {
  const source = template
    .split('/')
    .map((seg) => (seg.startsWith('{') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`).test(path);
}

function resolve<T extends { $ref?: string }>(node: T, pointer: string): [T, string] {
  if (!node.$ref) return [node, pointer];
  const ref = node.$ref;
  const target = ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], doc) as T;
  return [target, ref];
}

/** Each way `res` breaks the API description; empty when the description allows it. */
export function responseViolations(
  res: ObservedResponse,
  operations: readonly OperationSpec[] = marketplaceApiDescription.operations,
): string[] {
  const where = `${res.method} ${res.path} -> ${res.status}`;
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const onPath = operations.filter((o) => matches(o.path, res.path));
  const method = res.method.toUpperCase() === 'HEAD' ? 'GET' : res.method.toUpperCase();
  const op = onPath.find((o) => o.method === method);
  if (!op) {
    const problems: string[] = [];
    const want = onPath.length === 0 ? 404 : 405;
    if (res.status !== want && res.status !== 401 && res.status !== 429)
      problems.push(`${where}: outside every operation, the answer must be ${want}`);
    if (type !== 'application/problem+json')
      problems.push(`${where}: Content-Type ${type}, not problem+json`);
    if (res.status === 405) {
      const allow = new Set((res.headers.get('allow') ?? '').split(',').map((m) => m.trim()));
      for (const o of onPath) if (!allow.has(o.method)) problems.push(`${where}: Allow lacks ${o.method}`);
    }
    return problems;
  }
  // A HEAD is checked against the document's `head` operation: it must be declared wherever GET is.
  const declaredMethod = res.method.toUpperCase() === 'HEAD' ? 'head' : op.method.toLowerCase();
  const opPointer = `#/paths/${escape(op.path)}/${declaredMethod}`;
  if (doc.paths[op.path]?.[declaredMethod] === undefined)
    return [`${where}: ${res.method.toUpperCase()} is served but the document does not declare it`];
  const declared = doc.paths[op.path]?.[declaredMethod]?.responses ?? {};
  const key = [String(res.status), `${String(res.status)[0]}XX`, 'default'].find((k) => declared[k]);
  if (!key) return [`${where}: status ${res.status} is not declared for ${op.operationId}`];
  const [response, pointer] = resolve(declared[key] ?? {}, `${opPointer}/responses/${key}`);
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(response.headers ?? {})) {
    const [header] = resolve(raw, '');
    if (header.required && !res.headers.has(name))
      problems.push(`${where}: required header ${name} is missing`);
  }
  if (!response.content) {
    if (res.text) problems.push(`${where}: a body where none is declared`);
    return problems;
  }
  if (!(type in response.content))
    return [
      ...problems,
      `${where}: Content-Type ${type} is not one of ${Object.keys(response.content).join(', ')}`,
    ];
  if (res.method.toUpperCase() === 'HEAD') {
    if (res.text) problems.push(`${where}: HEAD answered with a body`);
    return problems;
  }
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return [...problems, `${where}: the body is not JSON`];
  }
  const validate = compiler.compile(`${pointer}/content/${escape(type)}/schema`);
  if (!validate(body)) problems.push(`${where}: body ${JSON.stringify(validate.errors)}`);
  return problems;
}

/** Throws when `res` breaks the API description: for clients that tests use to call /api. */
export function assertDeclared(res: ObservedResponse): void {
  const problems = responseViolations(res);
  if (problems.length > 0) throw new Error(`The API answered outside its OpenAPI:\n${problems.join('\n')}`);
}
