// The notifier's AWS entry point loads with the template's environment (no AWS is called).
import { afterAll, describe, expect, it, vi } from 'vitest';

describe('notifier lambda.ts', () => {
  afterAll(() => void vi.unstubAllEnvs());

  it.each([
    ['loads with every variable the template sets', { missing: undefined }],
    ['names NOTIFICATION_TOPIC_ARN when it is missing', { missing: 'NOTIFICATION_TOPIC_ARN' }],
  ])('%s', async (_name, { missing }) => {
    vi.resetModules();
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('REQUEST_TABLE', 'portico-requests');
    vi.stubEnv('BUS_NAME', 'marketplace');
    vi.stubEnv('NOTIFICATION_TOPIC_ARN', 'arn:aws:sns:eu-west-1:123456789012:portico');
    if (missing) vi.stubEnv(missing, '');
    const loading = import('./lambda.ts');
    if (missing) await expect(loading).rejects.toThrow(`notifier: ${missing} is not set`);
    else expect(typeof (await loading).handler).toBe('function');
  });
});
