// A change and its reverse classify consistently: what breaks clients one way is at most a warning
// the other way, for request and response bodies alike (oasdiff's levels are built that way:
// removing what clients rely on breaks, adding it back does not). Type changes are left out on
// purpose: string → integer and integer → string both break, by nature; so are compound edits
// (enum [x] → [y] removes x one way and y the other), hence one edit a body.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levelRank } from './change.ts';
import { openapiChanges } from './openapi-changes.ts';
import { ruleOf } from './rules.ts';

type Obj = Record<string, unknown>;

const NAMES = ['a', 'b', 'c', 'd'] as const;
const VALUES = ['x', 'y', 'z', 'w'] as const;

const leaf = fc
  .record(
    {
      enum: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 4 }),
      maxLength: fc.integer({ min: 1, max: 50 }),
      minLength: fc.integer({ min: 0, max: 5 }),
    },
    { requiredKeys: [] },
  )
  .map((s) => ({ type: 'string', ...s }));

const objectSchema = fc
  .dictionary(fc.constantFrom(...NAMES), leaf, { minKeys: 1 })
  .chain((properties) =>
    fc
      .subarray(Object.keys(properties))
      .map((required) => ({ type: 'object', additionalProperties: false, properties, required })),
  );

/** One invertible edit of an object schema. */
type Edit = (s: Obj) => Obj;
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.constantFrom(...NAMES), leaf, fc.boolean()).map(([name, schema, required]): Edit => (s) => {
    const props = { ...(s.properties as Obj) };
    if (name in props) return s;
    props[name] = schema;
    return { ...s, properties: props, required: required ? [...(s.required as string[]), name] : s.required };
  }),
  fc.constantFrom(...NAMES).map((name): Edit => (s) => {
    const props = { ...(s.properties as Obj) };
    delete props[name];
    return { ...s, properties: props, required: (s.required as string[]).filter((r) => r !== name) };
  }),
  fc.constantFrom(...NAMES).map((name): Edit => (s) => {
    if (!(name in (s.properties as Obj))) return s;
    const req = s.required as string[];
    return { ...s, required: req.includes(name) ? req.filter((r) => r !== name) : [...req, name] };
  }),
  fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...VALUES)).map(([name, value]): Edit => (s) => {
    const prop = (s.properties as Record<string, Obj>)[name];
    if (prop?.enum === undefined) return s;
    const values = prop.enum as string[];
    const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
    if (next.length === 0) return s;
    return { ...s, properties: { ...(s.properties as Obj), [name]: { ...prop, enum: next } } };
  }),
  fc
    .tuple(
      fc.constantFrom(...NAMES),
      fc.constantFrom('maxLength', 'minLength'),
      fc.option(fc.integer({ min: 0, max: 60 })),
    )
    .map(([name, keyword, value]): Edit => (s) => {
      const prop = (s.properties as Record<string, Obj>)[name];
      if (prop === undefined) return s;
      const next = { ...prop };
      if (value === null) delete next[keyword];
      else next[keyword] = value;
      return { ...s, properties: { ...(s.properties as Obj), [name]: next } };
    }),
);

/** A document whose one operation takes the schema as its request body and answers with it. */
function doc(body: Obj, answer: Obj): Obj {
  return {
    openapi: '3.1.0',
    paths: {
      '/x': {
        post: {
          requestBody: { required: true, content: { 'application/json': { schema: body } } },
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: answer } } } },
        },
      },
    },
  };
}

function worstByPath(base: Obj, head: Obj): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of openapiChanges('api.yaml', base, head)) {
    const rank = levelRank(ruleOf(f.id).level);
    out.set(f.path, Math.max(out.get(f.path) ?? 0, rank));
  }
  return out;
}

describe('a change and its reverse', () => {
  it('breaking one way is at most a warning the other way, for requests and responses', () => {
    fc.assert(
      fc.property(objectSchema, objectSchema, edit, edit, (request, response, onRequest, onResponse) => {
        const a = doc(request, response);
        const b = doc(onRequest(request), onResponse(response));
        const forward = worstByPath(a, b);
        const backward = worstByPath(b, a);
        for (const [path, rank] of forward) {
          if (rank === levelRank('breaking'))
            expect(backward.get(path) ?? 0, path).toBeLessThan(levelRank('breaking'));
        }
        for (const [path, rank] of backward) {
          if (rank === levelRank('breaking'))
            expect(forward.get(path) ?? 0, path).toBeLessThan(levelRank('breaking'));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds nothing between a document and itself', () => {
    fc.assert(
      fc.property(objectSchema, objectSchema, (request, response) => {
        expect(openapiChanges('api.yaml', doc(request, response), doc(request, response))).toEqual([]);
      }),
    );
  });
});
