import { describe, expect, it } from 'vitest';
import {
  applyConnection,
  connectionSecrets,
  type ConnectionRecord,
  type OutgoingRequest,
} from './connection-auth.ts';

const request: OutgoingRequest = {
  url: new URL('https://partner.example/hook?x=1'),
  headers: { 'content-type': 'application/json' },
  body: '{"detail":{"a":1}}',
};
const conn = (
  authorizationType: ConnectionRecord['authorizationType'],
  authParameters: unknown,
): ConnectionRecord => ({
  name: 'acme',
  arn: 'arn:aws:events:eu-west-1:000000000000:connection/acme/1',
  authorizationType,
  authParameters,
});

describe('applyConnection', () => {
  const cases: [
    string,
    {
      given: [ConnectionRecord, string?];
      want: Partial<{ headers: Record<string, string>; url: string; body: string }>;
    },
  ][] = [
    [
      'API_KEY puts the key in the named header',
      {
        given: [conn('API_KEY', { ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'k-123' } })],
        want: { headers: { 'content-type': 'application/json', 'x-api-key': 'k-123' } },
      },
    ],
    [
      'BASIC encodes user:password (RFC 7617)',
      {
        given: [conn('BASIC', { BasicAuthParameters: { Username: 'Aladdin', Password: 'open sesame' } })],
        want: {
          headers: {
            'content-type': 'application/json',
            authorization: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
          },
        },
      },
    ],
    [
      'OAUTH sends the cached bearer token',
      {
        given: [
          conn('OAUTH_CLIENT_CREDENTIALS', {
            OAuthParameters: {
              AuthorizationEndpoint: 'https://auth.example/token',
              HttpMethod: 'POST',
              ClientParameters: { ClientID: 'c', ClientSecret: 's' },
            },
          }),
          'tok-1',
        ],
        want: { headers: { 'content-type': 'application/json', authorization: 'Bearer tok-1' } },
      },
    ],
    [
      'InvocationHttpParameters add headers, query and JSON body fields',
      {
        given: [
          conn('API_KEY', {
            ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'k' },
            InvocationHttpParameters: {
              HeaderParameters: [{ Key: 'X-Tenant', Value: 'marketplace' }],
              QueryStringParameters: [{ Key: 'source', Value: 'portico bus' }],
              BodyParameters: [{ Key: 'channel', Value: 'eu' }],
            },
          }),
        ],
        want: {
          headers: { 'content-type': 'application/json', 'x-tenant': 'marketplace', 'x-api-key': 'k' },
          url: 'https://partner.example/hook?x=1&source=portico+bus',
          body: '{"detail":{"a":1},"channel":"eu"}',
        },
      },
    ],
  ];
  it.each(cases)('%s', (_n, { given, want }) => {
    const out = applyConnection(request, ...given);
    if (want.headers) expect(out.headers).toEqual(want.headers);
    expect(out.url.href).toBe(want.url ?? request.url.href);
    expect(out.body).toBe(want.body ?? request.body);
  });

  it('leaves a body that is not a JSON object alone', () => {
    const c = conn('API_KEY', {
      ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' },
      InvocationHttpParameters: { BodyParameters: [{ Key: 'a', Value: 'b' }] },
    });
    expect(applyConnection({ ...request, body: '"plain"' }, c).body).toBe('"plain"');
  });

  it.each([
    [
      'API_KEY without its parameters',
      conn('API_KEY', {}),
      /Connection acme: API_KEY needs AuthParameters.ApiKeyAuthParameters/,
    ],
    [
      'OAUTH without a token',
      conn('OAUTH_CLIENT_CREDENTIALS', {
        OAuthParameters: {
          AuthorizationEndpoint: 'https://a',
          ClientParameters: { ClientID: 'c', ClientSecret: 's' },
        },
      }),
      /no OAuth access token/,
    ],
  ])('refuses %s', (_n, c, message) => expect(() => applyConnection(request, c)).toThrow(message));
});

describe('connectionSecrets', () => {
  it('lists every secret value and no public one', () => {
    expect(
      connectionSecrets({
        BasicAuthParameters: { Username: 'user', Password: 'pw' },
        InvocationHttpParameters: {
          HeaderParameters: [
            { Key: 'a', Value: 'public' },
            { Key: 'b', Value: 'hidden', IsValueSecret: true },
          ],
        },
      }),
    ).toEqual(['pw', 'hidden']);
  });
});
