// The AWS entry point loads with the template's environment and no AWS, and routes API Gateway
// proxy events to the portal's HTTP handler (answered here without reaching DynamoDB or S3).
import { afterAll, describe, expect, it, vi } from 'vitest';
import { proxyEvent } from '../marketplace-api/testing/proxy-event-fixture.ts';

describe('user-portal lambda.ts', () => {
  afterAll(() => void vi.unstubAllEnvs());

  it('answers problem+json to a malformed registration and to an unknown path', async () => {
    vi.resetModules();
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('REQUEST_TABLE', 'portico-requests');
    vi.stubEnv('BUS_NAME', 'marketplace');
    vi.stubEnv('DOCUMENT_BUCKET', 'portico-documents');
    const { handler } = await import('./lambda.ts');
    const malformed = await handler(proxyEvent('POST', '/portal/users', {}, '{not json'), {
      awsRequestId: 'r',
    });
    const unknown = await handler(proxyEvent('GET', '/portal/nowhere'), { awsRequestId: 'r' });
    expect([malformed?.statusCode, unknown?.statusCode]).toEqual([400, 404]);
    expect(malformed?.headers?.['content-type']).toBe('application/problem+json');
  });

  it('refuses to start without its environment', async () => {
    vi.resetModules();
    vi.stubEnv('DOCUMENT_BUCKET', '');
    await expect(import('./lambda.ts')).rejects.toThrow('user-portal: DOCUMENT_BUCKET is not set');
  });
});
