import { describe, expect, it } from 'vitest';
import type { DestinationDirectory } from '../bus/resources/destination-directory.ts';
import { isLocalEndpoint, standInDirectory } from './stand-in-endpoints.ts';

const BASE = 'http://127.0.0.1:5999';

describe('isLocalEndpoint', () => {
  it.each([
    ['http://127.0.0.1:4101/webhook', true],
    ['http://localhost:4101/webhook', true],
    ['http://127.9.9.9/x', true],
    ['http://[::1]:4101/', true],
    ['https://3rdparty1.example/portico/webhook', false],
    ['https://10.0.0.5/hook', false],
    ['not a url', false],
  ])('%s: %s', (url, want) => {
    expect(isLocalEndpoint(url)).toBe(want);
  });
});

describe('standInDirectory', () => {
  const inner = (endpoint: string, tokenUrl?: string): DestinationDirectory => ({
    apiDestination: (arn) => ({
      name: 'portico-p-prod',
      arn,
      endpoint,
      httpMethod: 'POST',
      connectionArn: 'c',
    }),
    connection: (arn) => ({
      name: 'portico-p-prod',
      arn,
      authorizationType: tokenUrl ? 'OAUTH_CLIENT_CREDENTIALS' : 'API_KEY',
      authParameters: tokenUrl
        ? { OAuthParameters: { AuthorizationEndpoint: tokenUrl, HttpMethod: 'POST' } }
        : { ApiKeyAuthParameters: { ApiKeyName: 'X-Api-Key', ApiKeyValue: 'k' } },
    }),
    webhookSecrets: () => ['whsec_x'],
  });

  it.each([
    [
      'a remote endpoint goes to the stand-in, path and query kept',
      'https://p.example/hooks/in?v=2',
      `${BASE}/webhook/portico-p-prod/hooks/in?v=2`,
    ],
    ['a local endpoint is left alone', 'http://127.0.0.1:4101/webhook', 'http://127.0.0.1:4101/webhook'],
  ])('%s', (_name, endpoint, want) => {
    expect(standInDirectory(inner(endpoint), BASE).apiDestination('a')?.endpoint).toBe(want);
  });

  it.each([
    [
      'a remote OAuth token URL goes to the stand-in',
      'https://p.example/oauth2/token',
      `${BASE}/token/portico-p-prod`,
    ],
    ['a local one is left alone', 'http://127.0.0.1:4103/oauth2/token', 'http://127.0.0.1:4103/oauth2/token'],
  ])('%s', (_name, tokenUrl, want) => {
    const c = standInDirectory(inner('https://p.example/', tokenUrl), BASE).connection('c');
    expect(
      (c?.authParameters as { OAuthParameters: { AuthorizationEndpoint: string } }).OAuthParameters
        .AuthorizationEndpoint,
    ).toBe(want);
  });
});
