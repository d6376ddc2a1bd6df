// The notifier's AWS entry point loads with the template's environment (no AWS is called), and
// publishes to no SNS topic: the bus's rule does that.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';

describe('notifier lambda.ts', () => {
  afterAll(() => void vi.unstubAllEnvs());

  it.each([
    ['loads with every variable the template sets', { missing: undefined }],
    ['names REQUEST_TABLE when it is missing', { missing: 'REQUEST_TABLE' }],
    ['names BUS_NAME when it is missing', { missing: 'BUS_NAME' }],
  ])('%s', async (_name, { missing }) => {
    vi.resetModules();
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('REQUEST_TABLE', 'portico-requests');
    vi.stubEnv('BUS_NAME', 'marketplace');
    if (missing) vi.stubEnv(missing, '');
    const loading = import('./lambda.ts');
    if (missing) await expect(loading).rejects.toThrow(`notifier: ${missing} is not set`);
    else expect(typeof (await loading).handler).toBe('function');
  });

  it('sends nothing itself: the notification was delivered by the rule', async () => {
    vi.resetModules();
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('REQUEST_TABLE', 'portico-requests');
    vi.stubEnv('BUS_NAME', 'marketplace');
    const { deliveredByTheBus } = await import('./lambda.ts');
    const n = { notification_id: 'n-1', channel: 'email', recipient: 'a@example.org' } as const;
    await expect(deliveredByTheBus.send({ ...n, template: 'welcome', variables: {} })).resolves.toBe('sent');
    expect(readFileSync(new URL('./lambda.ts', import.meta.url), 'utf8')).not.toMatch(
      /client-sns|sns-sender/,
    );
  });
});
