// The AWS entry point loads with the template's environment and no AWS: the wiring is right, and
// a request without an API key is answered 401 before any store is asked.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { proxyEvent } from './testing/proxy-event-fixture.ts';

describe('marketplace-api lambda.ts', () => {
  afterAll(() => void vi.unstubAllEnvs());

  it('refuses to start without its environment', async () => {
    vi.resetModules();
    vi.stubEnv('REQUEST_TABLE', '');
    await expect(import('./lambda.ts')).rejects.toThrow('marketplace-api: REQUEST_TABLE is not set');
  });

  it('answers 401 problem+json to a request without X-Api-Key', async () => {
    vi.resetModules();
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('REQUEST_TABLE', 'portico-requests');
    vi.stubEnv('BUS_NAME', 'marketplace');
    vi.stubEnv('PORTICO_SECRET_KEY', 'a-test-sealing-key');
    const { handler } = await import('./lambda.ts');
    const res = await handler(proxyEvent('GET', '/requests'), { awsRequestId: 'r-1' });
    expect(res.statusCode).toBe(401);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
  });
});
