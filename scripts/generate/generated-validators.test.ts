// The generated validators as the runtime loads them: imported by vitest here, and by plain Node
// (compiled.js) and tsx (index.ts) in child processes, since each loader treats Ajv's CommonJS
// runtime helpers differently (ajv-validator/ajv#2209). Formats (`uri`) and `maxLength` (Ajv's
// `ucs2length`) are exercised, as they are what the compiled module imports.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateDetail } from '../../generated/validators/index.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const market = ['com.marketplace.market', 'marketplace requests'] as const;
// DESIGN.md: the walkthrough's legacy event, which must stay valid.
const legacy = {
  user_id: '123456789',
  request_status: 'new',
  '3rdparty': '3rdparty1',
  requests1: 'books',
  requests2: 'pens',
};

describe('generated/validators under vitest', () => {
  it.each([
    ['the walkthrough’s legacy detail', { given: legacy, want: { ok: true } }],
    [
      'a missing member, named by the pointer',
      {
        given: { request_status: 'new' },
        want: {
          ok: false,
          errors: [{ pointer: '/user_id', message: "must have required property 'user_id'" }],
        },
      },
    ],
    [
      'an unknown member, named by the pointer',
      {
        given: { ...legacy, colour: 'red' },
        want: { ok: false, errors: [{ pointer: '/colour', message: 'must NOT have additional properties' }] },
      },
    ],
    [
      'an unknown member with a slash, escaped (RFC 6901)',
      {
        given: { ...legacy, 'a/b~c': 1 },
        want: {
          ok: false,
          errors: [{ pointer: '/a~1b~0c', message: 'must NOT have additional properties' }],
        },
      },
    ],
    [
      'a missing member of a nested object',
      {
        given: { ...legacy, documents: [{ kind: 'id-passport' }] },
        want: {
          ok: false,
          errors: [{ pointer: '/documents/0/url', message: "must have required property 'url'" }],
        },
      },
    ],
    [
      'a bad format (ajv-formats’ uri)',
      {
        given: { ...legacy, documents: [{ kind: 'id-passport', url: 'not a uri' }] },
        want: { ok: false, errors: [{ pointer: '/documents/0/url', message: 'must match format "uri"' }] },
      },
    ],
    [
      'a string too long (Ajv’s ucs2length)',
      {
        given: { ...legacy, documents: [{ kind: 'x'.repeat(65), url: 'https://o.example/1' }] },
        want: {
          ok: false,
          errors: [{ pointer: '/documents/0/kind', message: 'must NOT have more than 64 characters' }],
        },
      },
    ],
  ])('%s', (_name, { given, want }) => {
    expect(validateDetail(...market, given)).toEqual(want);
  });

  it('answers undefined for an event the catalogue does not have', () => {
    expect(validateDetail('com.example', 'unknown', {})).toBeUndefined();
  });
});

describe('generated/validators under other loaders', () => {
  const bad = JSON.stringify({ ...legacy, documents: [{ kind: 'x'.repeat(65), url: 'not a uri' }] });

  it('plain Node imports compiled.js and runs formats and length checks', () => {
    const script = `const m = await import('./generated/validators/compiled.js');
const v = m.event_RequestCreated; const ok = v(${JSON.stringify(legacy)}); v(${bad});
console.log(JSON.stringify([ok, v.errors.map((e) => e.keyword)]));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual([true, ['maxLength', 'format']]);
  });

  it('tsx imports index.ts, as `portico` and `portico dev` do', () => {
    const script = `import { validateDetail } from './generated/validators/index.ts';
console.log(JSON.stringify(validateDetail(${JSON.stringify(market[0])}, ${JSON.stringify(market[1])}, ${bad})));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({
      ok: false,
      errors: [
        { pointer: '/documents/0/kind', message: 'must NOT have more than 64 characters' },
        { pointer: '/documents/0/url', message: 'must match format "uri"' },
      ],
    });
  });
});
