import { describe, expect, it } from 'vitest';
import { parsePattern, PatternError } from './index.ts';

describe('parsePattern messages not covered by the conformance cases', () => {
  it.each([
    ['empty object', { given: '{"a":{}}', want: 'Empty objects are not allowed' }],
    [
      'anything-but with no values',
      {
        given: '{"a":[{"anything-but":[]}]}',
        want: 'Inside anything but list, either all values are number or string, mixed type is not supported',
      },
    ],
    [
      'numeric bottom above top',
      { given: '{"a":[{"numeric":[">",30,"<",1]}]}', want: 'Bottom must be less than top' },
    ],
    [
      'numeric that does not fit a double',
      { given: '{"a":[{"numeric":[">",1E309]}]}', want: 'Cannot compare number : 1E309' },
    ],
    ['IPv4 mask too wide', { given: '{"a":[{"cidr":"10.0.0.0/33"}]}', want: 'IPv4 mask bits must be < 32' }],
    [
      'trailing backslash in a wildcard',
      { given: '{"a":[{"wildcard":"ab\\\\"}]}', want: 'Invalid escape character at pos 3' },
    ],
    [
      'reserved name inside $or',
      {
        given: '{"$or":[{"numeric":[1]},{"b":[2]}]}',
        want: 'numeric is Ruler reserved fieldName which cannot be used inside $or.',
      },
    ],
    [
      'invalid JSON',
      {
        given: '{"a": [1,]}',
        want: "Unexpected character (']' (code 93)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
      },
    ],
  ])('%s', (_name, { given, want }) => {
    expect(() => parsePattern(given)).toThrow(new PatternError(want));
  });

  it('keeps the last of repeated keys and expands $or into branches', () => {
    const compiled = parsePattern('{"x":["y"],"x":["z"],"$or":[{"a":[1]},{"b.c":[{"prefix":"p"}]}]}');
    expect(compiled.branches.map((b) => b.map((c) => c.path))).toEqual([
      ['a', 'x'],
      ['b.c', 'x'],
    ]);
    expect(compiled.branches[0]?.find((c) => c.path === 'x')?.matchers).toEqual([
      { kind: 'string', value: 'z' },
    ]);
  });
});

describe('nesting depth is bounded before anything recurses past it', () => {
  const deepText = (levels: number) => `${'{"a":'.repeat(levels)}[1]${'}'.repeat(levels)}`;
  const deepObject = (levels: number) => {
    let v: unknown = [1];
    for (let i = 0; i < levels; i++) v = { a: v };
    return v as object;
  };
  const tooDeep = /Document nesting depth \(1001\) exceeds the maximum allowed \(1000/;
  it.each<[string, { given: () => string | object; want: RegExp | undefined }]>([
    ['text nested 1,000 levels', { given: () => deepText(999), want: undefined }],
    ['text nested 5,000 levels', { given: () => deepText(5000), want: tooDeep }],
    ['text nested 100,000 levels', { given: () => deepText(100_000), want: tooDeep }],
    ['an object nested 5,000 levels', { given: () => deepObject(5000), want: tooDeep }],
    ['an object nested 100,000 levels', { given: () => deepObject(100_000), want: tooDeep }],
  ])('%s', (_name, { given, want }) => {
    const input = given();
    if (want === undefined) expect(parsePattern(input).branches).toHaveLength(1);
    else {
      expect(() => parsePattern(input)).toThrow(PatternError);
      expect(() => parsePattern(input)).toThrow(want);
    }
  });
});
