// Through the AWS SDK: a connection's secret values never come back (DescribeConnection shows the
// names around secrets and the Key of a parameter marked IsValueSecret, as AWS does), and header
// names that frame or route the request, the Standard Webhooks headers, CR/LF and an
// AuthorizationEndpoint at a link-local or metadata address are refused with a ValidationException.
import {
  CreateConnectionCommand,
  DescribeConnectionCommand,
  ListConnectionsCommand,
  UpdateConnectionCommand,
  type CreateConnectionCommandInput,
} from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';

let t: TestBus;
beforeEach(async () => {
  t = await startTestBus();
});
afterEach(async () => t.close());

const secret = (n: number) => `SECRET-${n}-value`;

describe('DescribeConnection and ListConnections never show a secret value', () => {
  const cases: [string, CreateConnectionCommandInput][] = [
    [
      'API key with secret invocation parameters',
      {
        Name: 'k',
        AuthorizationType: 'API_KEY',
        AuthParameters: {
          ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: secret(1) },
          InvocationHttpParameters: {
            HeaderParameters: [
              { Key: 'X-Tenant', Value: 'public-tenant', IsValueSecret: false },
              { Key: 'X-Signing-Key', Value: secret(2), IsValueSecret: true },
            ],
            QueryStringParameters: [{ Key: 'token', Value: secret(3), IsValueSecret: true }],
            BodyParameters: [{ Key: 'pin', Value: secret(4), IsValueSecret: true }],
          },
        },
      },
    ],
    [
      'basic',
      {
        Name: 'b',
        AuthorizationType: 'BASIC',
        AuthParameters: { BasicAuthParameters: { Username: 'user', Password: secret(5) } },
      },
    ],
    [
      'OAuth with secret token request parameters',
      {
        Name: 'o',
        AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
        AuthParameters: {
          OAuthParameters: {
            AuthorizationEndpoint: 'https://auth.partner.example/token',
            HttpMethod: 'POST',
            ClientParameters: { ClientID: 'client', ClientSecret: secret(6) },
            OAuthHttpParameters: {
              BodyParameters: [
                { Key: 'audience', Value: 'public-audience', IsValueSecret: false },
                { Key: 'assertion', Value: secret(7), IsValueSecret: true },
              ],
              HeaderParameters: [{ Key: 'X-Auth-Extra', Value: secret(8), IsValueSecret: true }],
            },
          },
        },
      },
    ],
  ];
  it.each(cases)('%s', async (_name, input) => {
    await t.client.send(new CreateConnectionCommand(input));
    const { $metadata: _m, ...described } = await t.client.send(
      new DescribeConnectionCommand({ Name: input.Name }),
    );
    const { $metadata: _l, ...listed } = await t.client.send(new ListConnectionsCommand({}));
    const text = JSON.stringify([described, listed]);
    expect(text).not.toMatch(/SECRET-\d/);
    // The names and the non-secret values are still there, as AWS shows them.
    for (const shown of [
      'X-Api-Key',
      'X-Signing-Key',
      'public-tenant',
      'user',
      'client',
      'assertion',
      'public-audience',
    ])
      if (JSON.stringify(input).includes(shown)) expect(text).toContain(shown);
  });
});

describe('refused header names and endpoints', () => {
  const apiKey = (ApiKeyName: string, ApiKeyValue = 'v'): CreateConnectionCommandInput['AuthParameters'] => ({
    ApiKeyAuthParameters: { ApiKeyName, ApiKeyValue },
  });
  const invocationHeader = (Key: string, Value = 'v'): CreateConnectionCommandInput['AuthParameters'] => ({
    ...apiKey('X-Api-Key'),
    InvocationHttpParameters: { HeaderParameters: [{ Key, Value, IsValueSecret: false }] },
  });
  const oauth = (
    AuthorizationEndpoint: string,
    header?: string,
  ): CreateConnectionCommandInput['AuthParameters'] => ({
    OAuthParameters: {
      AuthorizationEndpoint,
      HttpMethod: 'POST',
      ClientParameters: { ClientID: 'c', ClientSecret: 's' },
      ...(header
        ? { OAuthHttpParameters: { HeaderParameters: [{ Key: header, Value: 'v', IsValueSecret: false }] } }
        : {}),
    },
  });
  // CR/LF and brackets fail the service model's own patterns (AWS's) before Portico's checks: any
  // ValidationException naming the constraint will do for those rows.
  const cases: [
    string,
    {
      type: 'API_KEY' | 'OAUTH_CLIENT_CREDENTIALS';
      auth: CreateConnectionCommandInput['AuthParameters'];
      want: RegExp;
    },
  ][] = [
    ['API key named Host', { type: 'API_KEY', auth: apiKey('Host'), want: /apiKeyName.*Host is reserved/ }],
    ['API key named Content-Length', { type: 'API_KEY', auth: apiKey('Content-Length'), want: /reserved/ }],
    [
      'API key named transfer-encoding',
      { type: 'API_KEY', auth: apiKey('transfer-encoding'), want: /reserved/ },
    ],
    ['API key named Connection', { type: 'API_KEY', auth: apiKey('Connection'), want: /reserved/ }],
    ['API key named webhook-id', { type: 'API_KEY', auth: apiKey('webhook-id'), want: /Standard Webhooks/ }],
    [
      'API key named Webhook-Signature',
      { type: 'API_KEY', auth: apiKey('Webhook-Signature'), want: /reserved/ },
    ],
    [
      'API key name with CR/LF',
      { type: 'API_KEY', auth: apiKey('X-A\r\nX-B'), want: /failed to satisfy constraint/ },
    ],
    ['API key name with a space', { type: 'API_KEY', auth: apiKey('X A'), want: /token/ }],
    [
      'API key value with CR/LF',
      { type: 'API_KEY', auth: apiKey('X-Api-Key', 'a\r\nHost: evil'), want: /failed to satisfy constraint/ },
    ],
    [
      'invocation header TE',
      { type: 'API_KEY', auth: invocationHeader('TE'), want: /headerParameters\.1\.key.*reserved/ },
    ],
    ['invocation header Upgrade', { type: 'API_KEY', auth: invocationHeader('Upgrade'), want: /reserved/ }],
    ['invocation header Expect', { type: 'API_KEY', auth: invocationHeader('Expect'), want: /reserved/ }],
    [
      'invocation header webhook-timestamp',
      { type: 'API_KEY', auth: invocationHeader('webhook-timestamp'), want: /reserved/ },
    ],
    [
      'invocation header value with LF',
      { type: 'API_KEY', auth: invocationHeader('X-Ok', 'a\nb'), want: /failed to satisfy constraint/ },
    ],
    [
      'OAuth token request header Host',
      {
        type: 'OAUTH_CLIENT_CREDENTIALS',
        auth: oauth('https://auth.example/token', 'Host'),
        want: /oAuthHttpParameters.*reserved/,
      },
    ],
    [
      'OAuth endpoint at the metadata service',
      {
        type: 'OAUTH_CLIENT_CREDENTIALS',
        auth: oauth('http://169.254.169.254/latest'),
        want: /authorizationEndpoint.*metadata/,
      },
    ],
    [
      'OAuth endpoint at IPv4-mapped metadata',
      {
        type: 'OAUTH_CLIENT_CREDENTIALS',
        auth: oauth('http://[::ffff:169.254.169.254]/latest'),
        want: /failed to satisfy constraint/,
      },
    ],
    [
      'OAuth endpoint at link-local',
      { type: 'OAUTH_CLIENT_CREDENTIALS', auth: oauth('http://169.254.10.10/token'), want: /linkLocal/ },
    ],
    [
      'OAuth endpoint that is no URL',
      { type: 'OAUTH_CLIENT_CREDENTIALS', auth: oauth('auth.example/token'), want: /not an absolute URL/ },
    ],
  ];
  it.each(cases)('CreateConnection refuses %s', async (_name, { type, auth, want }) => {
    const error = await t.client
      .send(new CreateConnectionCommand({ Name: 'c', AuthorizationType: type, AuthParameters: auth }))
      .catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'ValidationException' });
    expect((error as Error).message).toMatch(want);
  });
  it.each(cases)('UpdateConnection refuses %s', async (_name, { type, auth, want }) => {
    await t.client.send(
      new CreateConnectionCommand({
        Name: 'c',
        AuthorizationType: 'API_KEY',
        AuthParameters: apiKey('X-Api-Key'),
      }),
    );
    const error = await t.client
      .send(new UpdateConnectionCommand({ Name: 'c', AuthorizationType: type, AuthParameters: auth }))
      .catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'ValidationException' });
    expect((error as Error).message).toMatch(want);
  });
  it.each([
    ['Authorization', apiKey('Authorization')],
    ['X-Api-Key', apiKey('X-Api-Key')],
    ['an ordinary invocation header', invocationHeader('X-Partner-Tenant')],
  ])('accepts %s', async (_name, auth) => {
    await expect(
      t.client.send(
        new CreateConnectionCommand({ Name: 'c', AuthorizationType: 'API_KEY', AuthParameters: auth }),
      ),
    ).resolves.toMatchObject({ ConnectionState: 'AUTHORIZED' });
  });
});
