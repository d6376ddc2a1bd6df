// The route table of an OpenAPI 3.1 document: one entry per operation, with JSON pointers to the
// schemas of its parameters and body (resolved by Ajv against the whole document, so `$ref` with
// sibling keywords keeps its 2020-12 meaning). Pure and JSON-serialisable: the generator
// (scripts/generate/services) writes this table to generated/services/, and the runtime serves
// the API from that file.
// OpenAPI 3.1.0, 4.8.8 (Path Item), 4.8.10 (Operation), 4.8.12 (Parameter), 4.8.13 (Request Body).
export interface ParameterSpec {
  name: string;
  in: 'query' | 'path' | 'header';
  required: boolean;
  /** JSON pointer (fragment form) to the parameter's schema in the document. */
  schema: string;
}

export interface OperationSpec {
  operationId: string;
  method: string;
  path: string;
  parameters: ParameterSpec[];
  requestBody?: { required: boolean; content: Record<string, string /* schema pointer */> };
  /** False when the operation sets `security: []`. */
  secured: boolean;
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function operationsFromOpenApi(doc: Record<string, unknown>): OperationSpec[] {
  const paths = (doc['paths'] ?? {}) as Record<string, Record<string, unknown>>;
  const rootSecured = Array.isArray(doc['security']) && doc['security'].length > 0;
  const out: OperationSpec[] = [];
  for (const [path, item] of Object.entries(paths)) {
    const itemPointer = `#/paths/${escape(path)}`;
    const shared = (item['parameters'] ?? []) as unknown[];
    for (const method of methods) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      // A declared HEAD is its path's GET without the body (RFC 9110 §9.3.2): the router serves it
      // with the GET's handler (openapi-request.ts), so it is not an operation of its own here.
      if (method === 'head' && item['get']) continue;
      const opPointer = `${itemPointer}/${method}`;
      const byKey = new Map<string, ParameterSpec>();
      // Operation-level parameters override path-level ones with the same name and location.
      for (const [list, base] of [
        [shared, `${itemPointer}/parameters`],
        [(op['parameters'] ?? []) as unknown[], `${opPointer}/parameters`],
      ] as const) {
        list.forEach((raw, i) => {
          const [param, pointer] = follow(doc, raw, `${base}/${i}`);
          const p = param as { name: string; in: ParameterSpec['in'] | 'cookie'; required?: boolean };
          if (p.in === 'cookie') return;
          // Header names are case-insensitive (RFC 9110 §5.1); query and path names are not.
          byKey.set(`${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`, {
            name: p.name,
            in: p.in,
            required: p.required === true || p.in === 'path',
            schema: `${pointer}/schema`,
          });
        });
      }
      const spec: OperationSpec = {
        operationId: String(op['operationId'] ?? `${method}${path}`),
        method: method.toUpperCase(),
        path,
        parameters: [...byKey.values()],
        secured: Array.isArray(op['security']) ? op['security'].length > 0 : rootSecured,
      };
      if (op['requestBody']) {
        const [body, pointer] = follow(doc, op['requestBody'], `${opPointer}/requestBody`);
        const content = ((body as { content?: Record<string, unknown> }).content ?? {}) as Record<
          string,
          unknown
        >;
        spec.requestBody = {
          required: (body as { required?: boolean }).required === true,
          content: Object.fromEntries(
            Object.keys(content).map((type) => [type, `${pointer}/content/${escape(type)}/schema`]),
          ),
        };
      }
      out.push(spec);
    }
  }
  return out;
}

/** Follows a local `$ref` (Reference Object) to its target, returning the target and its pointer. */
function follow(doc: unknown, node: unknown, pointer: string): [unknown, string] {
  let current = node;
  let at = pointer;
  for (let hops = 0; hops < 10; hops++) {
    const ref = (current as { $ref?: unknown } | null)?.$ref;
    if (typeof ref !== 'string') return [current, at];
    if (!ref.startsWith('#/'))
      throw new Error(`Only local references are supported, found "${ref}" at ${at}`);
    at = ref;
    current = ref
      .slice(2)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((n, key) => (n as Record<string, unknown> | undefined)?.[key], doc);
    if (current === undefined) throw new Error(`Unresolvable reference "${ref}" at ${pointer}`);
  }
  throw new Error(`Reference cycle at ${pointer}`);
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
