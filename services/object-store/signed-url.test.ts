import { describe, expect, it } from 'vitest';
import { checkObjectUrl, signObjectUrl } from './signed-url.ts';

const secret = Buffer.from('k'.repeat(32));
const key = 'documents/6f1c2a9e-3b7d-4c8e-9a10-2f5e7d8c9b01';
const url = new URL(signObjectUrl('http://127.0.0.1:4010/objects', key, 2_000_000_000_000, secret));
const query = Object.fromEntries(url.searchParams);

describe('signed object URLs', () => {
  it.each([
    ['valid before expiry', { key, query, now: 1_999_999_000_000 }, 'valid'],
    ['expired after expiry', { key, query, now: 2_000_000_001_000 }, 'expired'],
    ['forged for another key', { key: key.replace('6f', '00'), query, now: 0 }, 'forged'],
    ['forged with a later expiry', { key, query: { ...query, expires: '2100000000' }, now: 0 }, 'forged'],
    ['forged without a signature', { key, query: { expires: query['expires'] }, now: 0 }, 'forged'],
  ])('%s', (_name, given, want) => {
    expect(checkObjectUrl(given.key, given.query, secret, given.now)).toBe(want);
  });
});
