import { describe, expect, it } from 'vitest';
import { BAD_SIGNATURE_STATE, SIGNED_STATE } from './partner-webhook-interactions.ts';
import { readVerification } from './verification-report.ts';

const failing = (state: string, description: string, mismatch: Record<string, unknown>) =>
  JSON.stringify({
    result: false,
    errors: [
      {
        interaction: `Verifying a pact between a and b Given ${state} - ${description}`,
        mismatch: { type: 'mismatches', mismatches: [mismatch] },
      },
    ],
    interactionResults: [{ description, result: 'Error' }],
  });

const cases: [string, { raw: string; says: string }][] = [
  [
    'accepted a bad signature',
    {
      raw: failing(BAD_SIGNATURE_STATE, 'bad', { type: 'StatusMismatch', actual: 200, expected: 403 }),
      says: 'accepted a request whose webhook-signature was made with another secret (it answered 200)',
    },
  ],
  [
    'refused a good signature',
    {
      raw: failing(SIGNED_STATE, 'good', { type: 'StatusMismatch', actual: 403, expected: 200 }),
      says: 'refused a correctly signed request (it answered 403)',
    },
  ],
  [
    'wrong status',
    {
      raw: failing(SIGNED_STATE, 'good', { type: 'StatusMismatch', actual: 500, expected: 200 }),
      says: 'answered 500 to a correctly signed request',
    },
  ],
  [
    'missing field',
    {
      raw: failing(SIGNED_STATE, 'good', {
        type: 'BodyMismatch',
        path: '$',
        mismatch: 'Actual map is missing the following keys: received',
      }),
      says: 'missing the following keys: received (at $)',
    },
  ],
];

describe('readVerification', () => {
  it.each(cases)('%s', (_name, { raw, says }) => {
    const report = readVerification(raw);
    expect(report.ok).toBe(false);
    expect(report.interactions[0]?.reasons.join('\n')).toContain(says);
  });

  it('passes only when the verifier passed and the endpoint was reached', () => {
    const ok = JSON.stringify({
      result: true,
      errors: [],
      interactionResults: [{ description: 'd', result: 'OK' }],
    });
    expect(readVerification(ok).ok).toBe(true);
    expect(readVerification(ok, ['connect ECONNREFUSED']).ok).toBe(false);
  });

  it('reports output that is not the verifier JSON as a problem', () => {
    expect(readVerification('Verification was unable to run')).toEqual({
      ok: false,
      interactions: [],
      problems: ['Verification was unable to run'],
    });
  });
});
