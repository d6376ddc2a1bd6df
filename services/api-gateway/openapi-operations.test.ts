import { describe, expect, it } from 'vitest';
import { operationsFromOpenApi } from './openapi-operations.ts';

const doc = {
  openapi: '3.1.0',
  security: [{ apiKey: [] }],
  components: { parameters: { Id: { name: 'id', in: 'path', required: true, schema: { type: 'string' } } } },
  paths: {
    '/things/{id}': {
      parameters: [
        { $ref: '#/components/parameters/Id' },
        { name: 'v', in: 'query', schema: { type: 'integer' } },
      ],
      get: {
        operationId: 'getThing',
        parameters: [{ name: 'v', in: 'query', required: true, schema: { type: 'string' } }],
      },
      post: {
        operationId: 'postThing',
        security: [],
        parameters: [
          { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } },
          { name: 'c', in: 'cookie', schema: {} },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
      },
    },
  },
};

describe('operationsFromOpenApi', () => {
  const [get, post] = operationsFromOpenApi(doc);

  it.each([
    [
      'follows parameter references to their schema pointer',
      get?.parameters[0],
      { name: 'id', in: 'path', required: true, schema: '#/components/parameters/Id/schema' },
    ],
    [
      'keeps path-level parameters the operation does not override',
      post?.parameters[1],
      { name: 'v', in: 'query', required: false, schema: '#/paths/~1things~1{id}/parameters/1/schema' },
    ],
    ['skips cookie parameters', post?.parameters.map((p) => p.name), ['id', 'v', 'Idempotency-Key']],
    [
      'points at each media type’s schema',
      post?.requestBody,
      {
        required: true,
        content: {
          'application/json': '#/paths/~1things~1{id}/post/requestBody/content/application~1json/schema',
        },
      },
    ],
    [
      'inherits the document’s security unless the operation sets its own',
      [get?.secured, post?.secured],
      [true, false],
    ],
  ])('%s', (_name, given, want) => {
    expect(given).toEqual(want);
  });

  it('lets an operation parameter override a path one of the same name and place', () => {
    expect(get?.parameters.filter((p) => p.in === 'query')).toEqual([
      { name: 'v', in: 'query', required: true, schema: '#/paths/~1things~1{id}/get/parameters/0/schema' },
    ]);
  });

  it('says where a reference cannot be resolved', () => {
    expect(() =>
      operationsFromOpenApi({
        paths: { '/x': { get: { parameters: [{ $ref: '#/components/parameters/Nope' }] } } },
      }),
    ).toThrow('Unresolvable reference "#/components/parameters/Nope" at #/paths/~1x/get/parameters/0');
  });
});
