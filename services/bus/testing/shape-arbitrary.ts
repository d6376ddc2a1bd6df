// fast-check arbitraries for EventBridge requests, drawn from the input shapes of AWS's published service
// model (service-model/events-2015-10-07.json) rather than from memory: each member is missing, of the
// wrong JSON type, at or just past its `min`/`max`, off its `pattern` or `enum`, or plausible; strings
// carry unicode, NUL and, for the JSON-text members (Detail, EventPattern, Event, Input), deep nesting.
import fc from 'fast-check';
import { inputShapeNameOf, shapeOf, type Shape } from '../service-model/service-model.ts';

/**
 * Placeholder for JSON nested `n` levels: JSON.stringify itself recurses, so a request is drawn with
 * this marker and `requestText` splices the nesting into the text.
 */
const DEEP = '\u0000deep:';
const DEEP_LEVELS = [64, 1000, 1001, 5000, 50_000] as const;

/** The request body for a drawn input: JSON text with deep nesting spliced in. */
export function requestText(input: unknown): string {
  return JSON.stringify(input).replace(/"\\u0000deep:(\d+):(\w+)"/g, (_m, levels: string, kind: string) => {
    const n = Number(levels);
    if (kind === 'array') return `${'['.repeat(n)}1${']'.repeat(n)}`;
    // A string holding nested JSON text (a Detail, a pattern, an event).
    return JSON.stringify(`${'{"a":'.repeat(n)}[1]${'}'.repeat(n)}`);
  });
}

const wrongTypes: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1.5, 1e308, '', 'x', [], {}, [null], { a: 1 }),
  fc.constantFrom(...DEEP_LEVELS).map((n) => `${DEEP}${n}:array`),
);

const nasty = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '%',
  '%zz',
  '../..',
  '\ud800',
  '\u202e',
  '😀'.repeat(3),
  ' ',
  'null',
  '{}',
  '[]',
  '__proto__',
  'constructor',
  'default',
);

/** JSON text, valid or not, for members that hold JSON (Detail, EventPattern, Event, Input). */
const jsonText = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ source: [v], detail: { a: [v] } })),
  fc.constantFrom(...DEEP_LEVELS).map((n) => `${DEEP}${n}:text`),
  fc.constantFrom(
    '{"n":1e999999}',
    '{"k":123456789012345678901234567890}',
    '{"k":9007199254740993}',
    '{"a":[{"numeric":[">",1E309]}]}',
    '{"a":[{"wildcard":"*a*b*c*d*e*f*g*h*"}]}',
    '{"$or":[{"a":[1]},{"b":[2]}]}',
    '{"a":[{"prefix":""}]}',
    '{"a":',
    '',
  ),
  fc
    .array(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 800 })
    .map((values) => JSON.stringify({ source: values })),
);

const JSON_MEMBERS = new Set(['Detail', 'EventPattern', 'Event', 'Input', 'InputTemplate']);

function stringArbitrary(shape: Shape, member: string): fc.Arbitrary<string> {
  const lengths = [shape.min, shape.max].filter((n): n is number => n !== undefined);
  const boundaries = lengths.flatMap((n) => [n - 1, n, n + 1]).filter((n) => n >= 0 && n <= 300_000);
  const options: fc.Arbitrary<string>[] = [
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/),
    nasty,
  ];
  if (boundaries.length > 0)
    options.push(
      fc.tuple(fc.constantFrom(...boundaries), fc.constantFrom('a', 'é', '-')).map(([n, c]) => c.repeat(n)),
    );
  if (shape.enum)
    options.push(
      fc.constantFrom(...shape.enum),
      fc.constantFrom(...shape.enum).map((e) => e.toLowerCase()),
    );
  if (JSON_MEMBERS.has(member)) options.push(jsonText, jsonText);
  if (/Arn$/.test(member))
    options.push(
      fc.constantFrom(
        'arn:aws:events:eu-west-1:000000000000:event-bus/default',
        'arn:aws:events:eu-west-1:000000000000:archive/a',
        'arn:aws:sqs:eu-west-1:000000000000:q',
        'arn:aws:events:eu-west-1:000000000000:rule/r',
        'arn:aws:lambda:eu-west-1:000000000000:function:f',
      ),
    );
  return fc.oneof(...options);
}

function numberArbitrary(shape: Shape): fc.Arbitrary<number> {
  const bounds = [shape.min, shape.max].filter((n): n is number => n !== undefined);
  return fc.oneof(
    fc.constantFrom(
      ...bounds.flatMap((n) => [n - 1, n, n + 1]),
      0,
      -1,
      2 ** 31,
      2 ** 53 + 2,
      -(2 ** 63),
      1e300,
    ),
    fc.integer(),
  );
}

const timestamps = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1.5e9,
    8640000000001,
    1e13,
    -62167219201,
    253402300800,
    'not a time',
    '2024-02-30T00:00:00Z',
  ),
  fc.integer({ min: 0, max: 2_000_000_000 }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

/** A value for `shapeName`: right or wrong, at the boundaries or past them. */
export function shapeArbitrary(shapeName: string, member = '', depth = 0): fc.Arbitrary<unknown> {
  const shape = shapeOf(shapeName);
  const right = rightTyped(shape, member, depth);
  return fc.oneof({ weight: 6, arbitrary: right }, { weight: 1, arbitrary: wrongTypes });
}

function rightTyped(shape: Shape, member: string, depth: number): fc.Arbitrary<unknown> {
  switch (shape.type) {
    case 'string':
      return stringArbitrary(shape, member);
    case 'integer':
    case 'long':
      return numberArbitrary(shape);
    case 'boolean':
      return fc.boolean();
    case 'timestamp':
      return timestamps;
    case 'list': {
      if (depth > 4) return fc.constant([]);
      const max = Math.min((shape.max ?? 10) + 1, 12);
      return fc.array(shapeArbitrary(shape.member!.shape, member, depth + 1), { maxLength: max });
    }
    case 'map':
      if (depth > 4) return fc.constant({});
      return fc.dictionary(
        fc.oneof(fc.string({ maxLength: 12 }), nasty),
        shapeArbitrary(shape.value!.shape, member, depth + 1),
        { maxKeys: 4 },
      );
    case 'structure':
      return structureArbitrary(shape, depth);
  }
}

function structureArbitrary(shape: Shape, depth: number): fc.Arbitrary<Record<string, unknown>> {
  if (depth > 4) return fc.constant({});
  const members = Object.entries(shape.members ?? {});
  const model = Object.fromEntries(
    members.map(([name, ref]) => [name, shapeArbitrary(ref.shape, name, depth + 1)]),
  );
  const required = (shape.required ?? []).filter((r) => r in model);
  // Mostly with the required members present, so that requests get past the first check.
  return fc.oneof(
    { weight: 3, arbitrary: fc.record(model, { requiredKeys: required }) },
    { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) },
  );
}

/** A request body for `operation` (its input shape), or an empty object for one without input. */
export function requestArbitrary(operation: string): fc.Arbitrary<unknown> {
  const shape = inputShapeNameOf(operation);
  return shape === undefined ? fc.constant({}) : structureArbitrary(shapeOf(shape), 0);
}
