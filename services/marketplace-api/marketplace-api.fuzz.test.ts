// Fuzzing every operation of catalog/openapi/marketplace-api.yaml: random methods, parameters,
// headers and bodies (examples from the document, mutated, and arbitrary JSON or text). The API
// must never answer 500 or crash; every error is problem+json whose `status` is the HTTP status;
// every success matches the response schema the document gives.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SchemaCompiler } from '../api-gateway/schema-compiler.ts';
import { marketplaceApiDescription as description } from './api-description.ts';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.ts';
import { responseViolations } from './testing/response-contract.ts';

let api: ApiFixture;
let responses: SchemaCompiler;
const known: string[] = [];

beforeAll(async () => {
  api = await startApiFixture();
  responses = new SchemaCompiler(description.document);
  for (let i = 0; i < 4; i++) known.push(await api.placeRequest(['techhub', 'wanderly']));
});
afterAll(async () => api.close());

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function examplesOf(pointer: string): unknown[] {
  const node = pointer
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .slice(0, -1) // the media type object holding `schema` and `examples`
    .reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], description.document) as
    { examples?: Record<string, { value?: unknown }> } | undefined;
  return Object.values(node?.examples ?? {}).map((e) => e.value);
}

/** An example with a few members dropped, replaced or added. */
function mutated(example: unknown) {
  return fc
    .array(
      fc.tuple(
        fc.constantFrom('drop', 'replace', 'add'),
        fc.string({ maxLength: 8 }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      { maxLength: 3 },
    )
    .map((edits) => {
      const value = structuredClone(example) as Record<string, unknown>;
      if (!value || typeof value !== 'object') return value;
      for (const [edit, name, json] of edits) {
        const keys = Object.keys(value);
        const target = keys.length > 0 ? (keys[name.length % keys.length] ?? name) : name;
        if (edit === 'drop') delete value[target];
        else if (edit === 'replace') value[target] = json;
        else value[name] = json;
      }
      return value;
    });
}

it('never answers 500 and always answers errors as problem+json', async () => {
  const ops = description.operations;
  const request = fc
    .record({
      op: fc.constantFrom(...ops),
      // Mostly the operation's own method, so that requests get past routing.
      method: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE') },
      ),
      // "." and ".." are dot segments: every client removes them before sending (RFC 3986 §5.2.4, and
      // fetch does), so the request would be for another path than the one checked below.
      pathValue: fc.oneof(
        fc.constantFrom(...known),
        fc.uuid(),
        fc.string({ maxLength: 30 }).filter((v) => v !== '.' && v !== '..'),
      ),
      query: fc.dictionary(
        fc.constantFrom('limit', 'cursor', 'status', 'environment', 'x'),
        fc.oneof(fc.string({ maxLength: 20 }), fc.integer({ min: -5, max: 500 }).map(String)),
        { maxKeys: 3 },
      ),
      key: fc.constantFrom('techhub', 'techhub', 'wanderly', 'ledgerline', 'none', 'bogus'),
      idempotencyKey: fc.option(fc.string({ minLength: 0, maxLength: 300 }), { nil: undefined }),
      contentType: fc.constantFrom(
        'application/json',
        'application/merge-patch+json',
        'text/plain',
        'application/json; charset=utf-8',
        '',
      ),
      bodyKind: fc.constantFrom('example', 'example', 'example', 'json', 'text', 'none'),
      seed: fc.nat(),
    })
    .chain((r) => {
      const pointers = Object.values(r.op.requestBody?.content ?? {});
      const examples = pointers.flatMap(examplesOf);
      const body =
        r.bodyKind === 'example' && examples.length > 0
          ? fc
              .constantFrom(...examples)
              .chain(mutated)
              .map((v) => JSON.stringify(v))
          : r.bodyKind === 'json'
            ? fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v))
            : r.bodyKind === 'text'
              ? fc.string({ maxLength: 50 })
              : fc.constant(undefined);
      return body.map((b) => ({ ...r, body: b }));
    });

  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const path = r.op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(r.pathValue));
      const query = new URLSearchParams(r.query).toString();
      const headers: Record<string, string> = {};
      if (r.key === 'bogus') headers['x-api-key'] = 'pk_test_bogus';
      else if (r.key !== 'none') headers['x-api-key'] = api.keyOf(r.key);
      if (r.idempotencyKey !== undefined)
        headers['idempotency-key'] = r.idempotencyKey.replace(/[^\x21-\x7e]/g, 'x');
      if (r.contentType) headers['content-type'] = r.contentType;
      const method = r.method ?? r.op.method;
      const res = await fetch(`${api.url}/api${path}${query ? `?${query}` : ''}`, {
        method,
        headers,
        ...(r.body !== undefined && method !== 'GET' ? { body: r.body } : {}),
      });
      const text = await res.text();
      expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(500);
      // Status, required headers, Content-Type and body as the OpenAPI declares them for the operation.
      expect(responseViolations({ method, path, status: res.status, headers: res.headers, text })).toEqual(
        [],
      );
      if (res.status >= 400) {
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(JSON.parse(text)).toMatchObject({
          status: res.status,
          type: expect.any(String),
          title: expect.any(String),
        });
      } else if (method === r.op.method) {
        const pointer = `#/paths/${escape(r.op.path)}/${r.op.method.toLowerCase()}/responses/${res.status}/content/application~1json/schema`;
        const validate = responses.compile(pointer);
        expect(
          validate(JSON.parse(text)),
          `${method} ${path} ${res.status}: ${JSON.stringify(validate.errors)}`,
        ).toBe(true);
      }
    }),
    { numRuns: Number(process.env.PORTICO_FUZZ_RUNS ?? 400) },
  );
});
