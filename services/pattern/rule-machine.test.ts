import { describe, expect, it } from 'vitest';
import { EventError, RuleMachine } from './index.ts';

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
