import { describe, expect, it } from 'vitest';
import { expectedAuth, PartnerAuth } from './partner-auth.ts';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('PartnerAuth', () => {
  it.each([
    ['the right API key', { type: 'api_key', header: 'X-Key', value: 'k' }, { 'x-key': 'k' }, true],
    ['a wrong API key', { type: 'api_key', header: 'X-Key', value: 'k' }, { 'x-key': 'no' }, false],
    [
      'the right basic credentials (the bus’s dev placeholder as user-id)',
      { type: 'basic', username: 'portico-dev-unset-U', password: 'p' },
      { authorization: basic('portico-dev-unset-U:p') },
      true,
    ],
    [
      'a password with a colon (RFC 7617 §2: only the user-id has none)',
      { type: 'basic', username: 'u', password: 'p:1' },
      { authorization: basic('u:p:1') },
      true,
    ],
    [
      'wrong basic credentials',
      { type: 'basic', username: 'u', password: 'p' },
      { authorization: basic('u:q') },
      false,
    ],
    [
      'a bearer token it never issued',
      { type: 'oauth', clientId: 'c', clientSecret: 's' },
      { authorization: 'Bearer forged' },
      false,
    ],
  ] as const)('%s: %s', (_name, want, headers, accepted) => {
    expect(new PartnerAuth(() => ({ ...want })).accepts({ ...headers })).toBe(accepted);
  });

  it('issues a token to the right client (RFC 6749 §2.3.1 basic, form-encoded) and accepts it', () => {
    const auth = new PartnerAuth(() => ({ type: 'oauth', clientId: 'my id', clientSecret: 's:1' }));
    expect(auth.issueToken({ authorization: basic('my%20id:s%3A2') })).toBeUndefined();
    const token = auth.issueToken({ authorization: basic('my%20id:s%3A1') });
    expect(auth.accepts({ authorization: `Bearer ${token?.access_token}` })).toBe(true);
  });

  it('reads what a connection sends from EventBridge AuthParameters', () => {
    expect(
      expectedAuth('API_KEY', { ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'v' } }),
    ).toEqual({ type: 'api_key', header: 'X-Api-Key', value: 'v' });
  });
});
