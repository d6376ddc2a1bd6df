// OpenAPI changes, the oasdiff families (rules.ts cites each level): operations and paths,
// parameters, request bodies, responses (status codes, media types, schemas) and security. Both
// documents are compared dereferenced, operation by operation, keyed by method and path template.
import type { ApiDefinition } from '../catalog/catalogue.ts';
import type { Finding, Subject } from './change.ts';
import { schemaDeltas, showPath, type JsonSchema, type SchemaDelta } from './schema-delta.ts';

type Obj = Record<string, unknown>;

// OpenAPI 3.1 §4.8.9 Path Item Object: the fields that hold an Operation Object.
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Where a schema sits: in what the client sends, or in what it receives. */
export type Direction = 'request' | 'response';

export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly op: Obj;
  readonly parameters: readonly Obj[];
  readonly security: readonly string[] | undefined;
}

export async function dereferenced(api: ApiDefinition): Promise<Obj> {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  return (await SwaggerParser.dereference(
    structuredClone(api.document) as never,
    {
      dereference: { circular: 'ignore' },
    } as never,
  )) as unknown as Obj;
}

export function operationsOf(doc: Obj): Map<string, Operation> {
  const out = new Map<string, Operation>();
  const global = securityNames(doc.security);
  for (const [path, item] of entries(doc.paths)) {
    const shared = Array.isArray(item.parameters) ? (item.parameters as Obj[]) : [];
    for (const method of METHODS) {
      const op = item[method] as Obj | undefined;
      if (op === undefined) continue;
      const own = Array.isArray(op.parameters) ? (op.parameters as Obj[]) : [];
      // §4.8.12: an operation's parameter overrides the path item's of the same name and location.
      const byKey = new Map<string, Obj>();
      for (const p of [...shared, ...own]) byKey.set(`${String(p.in)}:${String(p.name)}`, p);
      out.set(`${method.toUpperCase()} ${path}`, {
        method: method.toUpperCase(),
        path,
        op,
        parameters: [...byKey.values()],
        security: securityNames(op.security) ?? global,
      });
    }
  }
  return out;
}

export function openapiChanges(file: string, base: Obj, head: Obj): Finding[] {
  const out: Finding[] = [];
  const add: Add = (id, path, message, subject) =>
    out.push({ id, file, path, message, ...(subject ? { subject } : {}) });
  const before = operationsOf(base);
  const after = operationsOf(head);
  const basePaths = new Set(Object.keys((base.paths ?? {}) as Obj));
  const headPaths = new Set(Object.keys((head.paths ?? {}) as Obj));
  for (const path of basePaths)
    if (!headPaths.has(path)) add('api-path-removed-without-deprecation', path, `path ${path} removed`);
  for (const path of headPaths) if (!basePaths.has(path)) add('api-path-added', path, `path ${path} added`);

  for (const [key, op] of before) {
    const next = after.get(key);
    if (next === undefined) {
      if (headPaths.has(op.path)) add('api-removed-without-deprecation', key, `operation ${key} removed`);
      continue;
    }
    compareOperation(key, op, next, add);
  }
  for (const [key, op] of after) {
    if (!before.has(key) && basePaths.has(op.path)) add('endpoint-added', key, `operation ${key} added`);
  }
  return out;
}

type Add = (id: string, path: string, message: string, subject?: Subject) => void;

function compareOperation(key: string, a: Operation, b: Operation, add: Add): void {
  const idA = a.op.operationId;
  const idB = b.op.operationId;
  if (typeof idA === 'string' && idA !== idB)
    add(
      'api-operation-id-removed',
      key,
      `operationId '${idA}' became ${idB === undefined ? 'absent' : `'${String(idB)}'`}`,
    );

  compareParameters(key, a.parameters, b.parameters, add);
  compareRequestBody(key, a.op.requestBody as Obj | undefined, b.op.requestBody as Obj | undefined, add);
  compareResponses(a, (a.op.responses ?? {}) as Obj, (b.op.responses ?? {}) as Obj, add);
  compareSecurity(key, a.security, b.security, add);
}

function compareParameters(key: string, a: readonly Obj[], b: readonly Obj[], add: Add): void {
  const name = (p: Obj) => `${String(p.in)} parameter '${String(p.name)}'`;
  const id = (p: Obj) => `${String(p.in)}:${String(p.name)}`;
  const bb = new Map(b.map((p) => [id(p), p]));
  const aa = new Map(a.map((p) => [id(p), p]));
  for (const [k, p] of aa) {
    const q = bb.get(k);
    const at = `${key} ${name(p)}`;
    if (q === undefined) {
      add('request-parameter-removed', at, `${name(p)} removed`);
      continue;
    }
    if (p.required !== true && q.required === true)
      add('request-parameter-became-required', at, `${name(p)} became required`);
    if (p.required === true && q.required !== true)
      add('request-parameter-became-optional', at, `${name(p)} became optional`);
    for (const d of schemaDeltas((p.schema ?? {}) as JsonSchema, (q.schema ?? {}) as JsonSchema)) {
      const where = d.path.length > 0 ? `${at}.${showPath(d.path)}` : at;
      if (d.kind === 'type-changed' || d.kind === 'format-changed')
        add(
          'request-parameter-type-changed',
          where,
          `${name(p)} ${d.kind === 'type-changed' ? 'type' : 'format'} ${d.from} → ${d.to}`,
        );
      else if (d.kind === 'enum-value-removed')
        add(
          'request-parameter-enum-value-removed',
          where,
          `${name(p)} no longer accepts ${JSON.stringify(d.value)}`,
        );
      else if (d.kind === 'enum-value-added')
        add('request-parameter-enum-value-added', where, `${name(p)} now accepts ${JSON.stringify(d.value)}`);
    }
  }
  for (const [k, q] of bb) {
    if (aa.has(k)) continue;
    const required = q.required === true;
    add(
      required ? 'new-required-request-parameter' : 'new-optional-request-parameter',
      `${key} ${name(q)}`,
      `${required ? 'required' : 'optional'} ${name(q)} added`,
    );
  }
}

function compareRequestBody(key: string, a: Obj | undefined, b: Obj | undefined, add: Add): void {
  if (b === undefined) return; // a body no longer read: clients that send it are unaffected
  if (b.required === true && a?.required !== true)
    add('request-body-became-required', `${key} request`, 'request body became required');
  if (a === undefined) return;
  const ca = (a.content ?? {}) as Record<string, Obj>;
  const cb = (b.content ?? {}) as Record<string, Obj>;
  for (const [media, m] of Object.entries(ca)) {
    const n = cb[media];
    if (n === undefined) {
      add(
        'request-body-media-type-removed',
        `${key} request ${media}`,
        `request media type ${media} removed`,
      );
      continue;
    }
    for (const d of schemaDeltas((m.schema ?? {}) as JsonSchema, (n.schema ?? {}) as JsonSchema))
      bodyFinding('request', `${key} request`, d, add);
  }
}

function compareResponses(operation: Operation, a: Obj, b: Obj, add: Add): void {
  const key = `${operation.method} ${operation.path}`;
  const success = (status: string) => /^2/.test(status);
  for (const [status, ra] of Object.entries(a) as [string, Obj][]) {
    const rb = b[status] as Obj | undefined;
    const at = `${key} response ${status}`;
    if (rb === undefined) {
      add(
        success(status) ? 'response-success-status-removed' : 'response-non-success-status-removed',
        at,
        `response ${status} removed`,
      );
      continue;
    }
    const ca = (ra.content ?? {}) as Record<string, Obj>;
    const cb = (rb.content ?? {}) as Record<string, Obj>;
    for (const [media, m] of Object.entries(ca)) {
      const n = cb[media];
      if (n === undefined) {
        add(
          'response-media-type-removed',
          `${at} ${media}`,
          `response ${status} media type ${media} removed`,
        );
        continue;
      }
      for (const d of schemaDeltas((m.schema ?? {}) as JsonSchema, (n.schema ?? {}) as JsonSchema))
        bodyFinding('response', at, d, (id, path, message) =>
          add(id, path, message, {
            kind: 'http',
            method: operation.method,
            path: operation.path,
            status,
            delta: d,
          }),
        );
    }
  }
  for (const status of Object.keys(b)) {
    if (!(status in a) && success(status))
      add('response-success-status-added', `${key} response ${status}`, `response ${status} added`);
  }
}

/** One schema difference inside a request or response body, as its oasdiff rule. */
export function bodyFinding(direction: Direction, at: string, d: SchemaDelta, add: Add): void {
  const field = showPath(d.path);
  const where = field === '' ? at : `${at}: ${field}`;
  const subject = field === '' ? `${direction} body` : `${direction} property '${field}'`;
  const id = bodyRule(direction, d);
  if (id === undefined) return;
  add(id, where, describeDelta(subject, d));
}

function bodyRule(direction: Direction, d: SchemaDelta): string | undefined {
  const req = direction === 'request';
  switch (d.kind) {
    case 'property-added':
      if (req) return d.required ? 'new-required-request-property' : 'new-optional-request-property';
      return d.required ? 'response-required-property-added' : 'response-optional-property-added';
    case 'property-removed':
      if (req) return 'request-property-removed';
      return d.required ? 'response-required-property-removed' : 'response-optional-property-removed';
    case 'became-required':
      return req ? 'request-property-became-required' : 'response-property-became-required';
    case 'became-optional':
      return req ? 'request-property-became-optional' : 'response-property-became-optional';
    case 'type-changed':
      return `${direction}-property-type-changed`;
    case 'format-changed':
      return `${direction}-property-format-changed`;
    case 'enum-value-removed':
      return `${direction}-property-enum-value-removed`;
    case 'enum-value-added':
      return `${direction}-property-enum-value-added`;
    case 'narrowed':
    case 'widened':
      return req ? requestBoundRule(d.kind, d.keyword) : undefined; // a response's bounds bind the server
    case 'closed':
    case 'opened':
      return undefined; // the properties themselves are compared one by one
  }
}

function requestBoundRule(kind: 'narrowed' | 'widened', keyword: string): string {
  const narrowed = kind === 'narrowed';
  if (keyword === 'pattern') return 'request-property-pattern-changed';
  if (keyword === 'enum')
    return narrowed ? 'request-property-enum-value-removed' : 'request-property-enum-value-added';
  if (keyword === 'maxLength' || keyword === 'maxItems')
    return narrowed ? 'request-property-max-length-decreased' : 'request-property-max-length-increased';
  if (keyword === 'minLength' || keyword === 'minItems')
    return narrowed ? 'request-property-min-length-increased' : 'request-property-min-length-decreased';
  if (keyword === 'maximum' || keyword === 'exclusiveMaximum')
    return narrowed ? 'request-property-max-decreased' : 'request-property-max-increased';
  return narrowed ? 'request-property-min-increased' : 'request-property-min-decreased';
}

export function describeDelta(subject: string, d: SchemaDelta): string {
  switch (d.kind) {
    case 'property-added':
      return `${d.required ? 'required' : 'optional'} ${subject} added`;
    case 'property-removed':
      return `${d.required ? 'required' : 'optional'} ${subject} removed`;
    case 'became-required':
      return `${subject} became required`;
    case 'became-optional':
      return `${subject} became optional`;
    case 'type-changed':
      return `${subject} type ${d.from} → ${d.to}`;
    case 'format-changed':
      return `${subject} format ${d.from} → ${d.to}`;
    case 'enum-value-removed':
      return `${subject} no longer allows ${JSON.stringify(d.value)}`;
    case 'enum-value-added':
      return `${subject} now allows ${JSON.stringify(d.value)}`;
    case 'narrowed':
    case 'widened':
      return `${subject} ${d.keyword} ${JSON.stringify(d.from)} → ${JSON.stringify(d.to)} (${d.kind})`;
    case 'closed':
      return `${subject} no longer allows other properties (additionalProperties: false)`;
    case 'opened':
      return `${subject} now allows other properties`;
  }
}

function compareSecurity(
  key: string,
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
  add: Add,
): void {
  const sa = a ?? [];
  const sb = b ?? [];
  const at = `${key} security`;
  if (sa.length === 0 && sb.length > 0)
    add('api-security-added', at, `security ${sb.join(' | ')} now required`);
  else if (sa.length > 0 && sb.length === 0)
    add('api-security-removed', at, `security ${sa.join(' | ')} no longer required`);
  else if (sa.join('|') !== sb.join('|'))
    add('api-security-scheme-changed', at, `security ${sa.join(' | ')} → ${sb.join(' | ')}`);
}

/** A security requirement list as sorted alternatives: `apiKey`, `apiKey+oauth`; `[]` for none. */
function securityNames(security: unknown): string[] | undefined {
  if (!Array.isArray(security)) return undefined;
  return security
    .map((req) =>
      Object.keys((req ?? {}) as Obj)
        .sort()
        .join('+'),
    )
    .filter((s) => s !== '')
    .sort();
}

function entries(value: unknown): [string, Obj][] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Obj).filter(
    (e): e is [string, Obj] => e[1] !== null && typeof e[1] === 'object',
  );
}
