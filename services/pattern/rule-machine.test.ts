import { describe, expect, it } from 'vitest';
import { EventError, matchesPattern, RuleMachine } from './index.ts';

describe('RuleMachine', () => {
  it('matches dotted keys and nested objects as the same path, from text and from objects', () => {
    const m = new RuleMachine();
    m.add('nested', { a: { b: ['x'] } });
    m.add('dotted', { 'a.b': ['x'] });
    for (const event of ['{"a":{"b":"x"}}', '{"a.b":"x"}', { a: { b: 'x' } }])
      expect(m.match(event).sort()).toEqual(['dotted', 'nested']);
  });

  it('replaces a rule added again under the same name, and removes it', () => {
    const m = new RuleMachine();
    m.add('r', { a: ['1'] });
    m.add('r', { a: ['2'] });
    expect(m.size).toBe(1);
    expect(m.match('{"a":"1"}')).toEqual([]);
    expect(m.match('{"a":"2"}')).toEqual(['r']);
    expect(m.remove('r')).toBe(true);
    expect(m.match('{"a":"2"}')).toEqual([]);
  });

  it('keeps array consistency across arrays of objects', () => {
    const m = new RuleMachine();
    m.add('same-element', { docs: { kind: ['id'], url: [{ suffix: '.pdf' }] } });
    expect(m.match('{"docs":[{"kind":"id","url":"a.png"},{"kind":"bank","url":"b.pdf"}]}')).toEqual([]);
    expect(m.match('{"docs":[{"kind":"id","url":"a.pdf"}]}')).toEqual(['same-element']);
  });

  it('decodes escaped keys and values it needs, and skips the rest unread', () => {
    const m = new RuleMachine();
    m.add('r', { 'a"b': ['x\ny'] });
    expect(m.match('{"skip":"\\"}\\\\","a\\"b":"x\\ny","z":[{"q":"]"}]}')).toEqual(['r']);
  });

  it.each([
    ['not an object', '[1]'],
    ['unterminated', '{"a":"x'],
    ['not JSON', 'nope'],
  ])('rejects an event that is %s', (_name, text) => {
    const m = new RuleMachine();
    m.add('r', { a: ['x'] });
    expect(() => m.match(text)).toThrow(EventError);
  });
});

// The machine's own fast paths, each against the reference matcher on the inputs where a shortcut
// could go wrong.
describe('RuleMachine shortcuts agree with the reference', () => {
  const agree = (pattern: object, events: readonly object[]): void => {
    const m = new RuleMachine();
    m.add('r', pattern);
    for (const event of events) {
      const want = matchesPattern(pattern, event) ? ['r'] : [];
      expect(m.match(event), JSON.stringify(event)).toEqual(want);
      expect(m.match(JSON.stringify(event)), JSON.stringify(event)).toEqual(want);
    }
  };
  const ips = [
    '10.0.0.1',
    '010.000.000.001',
    '0000000010.0.0.1',
    '00000000010.0.0.1',
    '10.0.0',
    '10.0.0.256',
    '1.2.3.4.5',
    '10..0.1',
    '.10.0.0.1',
    '10.0.0.1.',
    '10.0.0.1x',
    '11.0.0.0',
    '9.255.255.255',
    '::ffff:a00:1',
    '::ffff:10.0.0.1',
    '::1',
    'fe80::1',
    'a.b.c.d',
    '',
    '1e1.0.0.1',
  ];

  it.each([
    ['IPv4 block', '10.0.0.0/8'],
    ['IPv4 block with host bits', '10.0.0.5/24'],
    ['IPv6 block', '::/0'],
  ])('cidr on a %s, for dotted quads, mapped and non-addresses', (_name, cidr) => {
    agree(
      { ip: [{ cidr }] },
      ips.map((ip) => ({ ip })),
    );
  });

  it('a plain address value compares as an address', () => {
    agree(
      { ip: ['10.0.0.1'] },
      ips.map((ip) => ({ ip })),
    );
  });

  const numberTexts = [
    '0',
    '-0',
    '0.0',
    '5',
    '5.0',
    '5.10',
    '-5',
    '123456789012345',
    '1234567890123456',
    '9007199254740993',
    '12345678901234567890',
    '0.1',
    '0.30000000000000004',
    '1.5e2',
    '1E-325',
    '2.0e422',
  ];

  it.each([
    ['a numeric range', { n: [{ numeric: ['>=', 0, '<', 1e16] }] }],
    ['anything-but a number', { n: [{ 'anything-but': [5, 0] }] }],
    ['an exact number', { n: [5] }],
    ['an exact zero', { n: [0] }],
  ])('numbers written in every way against %s', (_name, pattern) => {
    const m = new RuleMachine();
    m.add('r', pattern);
    for (const text of numberTexts) {
      const event = `{"n":${text}}`;
      expect(m.match(event), text).toEqual(matchesPattern(pattern, event) ? ['r'] : []);
    }
  });

  const agreeOnNumbers = (pattern: string, values: readonly number[]): void => {
    const m = new RuleMachine();
    m.add('r', pattern);
    for (const n of values) {
      const text = `{"n":${Object.is(n, -0) ? '-0' : String(n)}}`;
      const want = (event: string | object) => (matchesPattern(pattern, event) ? ['r'] : []);
      expect(m.match({ n }), text).toEqual(want({ n }));
      expect(m.match(text), text).toEqual(want(text));
    }
  };

  it.each([
    ['an integer past 2^53', '[9007199254740993]', [9007199254740992, 9007199254740994, 1]],
    ['a number below the smallest double', '[1E-325]', [0, -0, 1]],
    ['a plain integer', '[123456789012345]', [123456789012345, -123456789012345, 0]],
    ['anything-but a plain integer', '[{"anything-but":[15]}]', [15, -15, 0]],
  ])(
    'numbers kept without text (plain integers, numbers of an event object) against %s',
    (_name, values, numbers) => {
      // Once as the rule's anchor, once as a condition checked leaf by leaf (a prefix beside it: no anchor).
      for (const pattern of [`{"n":${values}}`, `{"n":${values.slice(0, -1)},{"prefix":"zz"}]}`]) {
        agreeOnNumbers(pattern, numbers);
      }
    },
  );

  it('checks array consistency only where two of a rule’s paths meet under an array', () => {
    const pattern = { d: { k: ['id'], u: [{ suffix: '.pdf' }] }, p: ['x'] };
    agree(pattern, [
      { d: { k: 'id', u: 'a.pdf' }, p: ['y', 'x'] },
      {
        d: [
          { k: 'id', u: 'a.png' },
          { k: 'bank', u: 'b.pdf' },
        ],
        p: 'x',
      },
      { d: [{ k: 'id', u: 'a.pdf' }], p: ['x', 'x'] },
      { d: [[{ k: 'id' }], [{ u: 'a.pdf' }]], p: 'x' },
      { d: [{ k: 'id', u: 'a.pdf' }, { k: 'id' }], p: 'x' },
      { 'd.k': 'id', d: [{ u: 'a.pdf' }], p: 'x' },
    ]);
    agree({ d: { k: ['id'], u: [{ exists: false }] } }, [
      { d: [{ k: 'id' }, { u: 'x' }] },
      { d: [{ k: 'id', u: 'x' }] },
      { d: { k: ['id', 'x'] } },
    ]);
  });

  it('shares identical conditions between rules and keeps them while one rule still uses them', () => {
    const m = new RuleMachine();
    const common = { source: ['s'], 'detail-type': ['t'] };
    m.add('a', { ...common, detail: { p: ['1'] } });
    m.add('b', { ...common, detail: { p: ['1', '2'] } });
    m.add('c', { ...common, detail: { p: ['2'] }, $or: [{ n: [1] }, { n: [{ numeric: ['>', 0] }] }] });
    const event = '{"source":"s","detail-type":"t","detail":{"p":["1","2"]},"n":1}';
    expect(m.match(event).sort()).toEqual(['a', 'b', 'c']);
    m.remove('a');
    expect(m.match(event).sort()).toEqual(['b', 'c']);
    m.add('b', { ...common, detail: { p: ['3'] } });
    expect(m.match(event)).toEqual(['c']);
    expect(m.match('{"source":"s","detail-type":"t","detail":{"p":"3"}}')).toEqual(['b']);
  });
});
