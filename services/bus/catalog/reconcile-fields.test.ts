import { describe, expect, it } from 'vitest';
import { reconcileFields } from './reconcile-fields.ts';

type Fields = { endpoint: string; rate: number };

describe('reconcileFields', () => {
  it.each<
    [
      string,
      { desired: Fields; current?: Fields; installed?: Fields; want: { value: Fields; kept: string[] } },
    ]
  >([
    [
      'a new resource takes the catalogue',
      { desired: { endpoint: 'A', rate: 20 }, want: { value: { endpoint: 'A', rate: 20 }, kept: [] } },
    ],
    [
      'no record of the last install (an older database): the catalogue, whole',
      {
        desired: { endpoint: 'A', rate: 20 },
        current: { endpoint: 'B', rate: 5 },
        want: { value: { endpoint: 'A', rate: 20 }, kept: [] },
      },
    ],
    [
      'catalogue unchanged: API changes are kept',
      {
        desired: { endpoint: 'A', rate: 20 },
        current: { endpoint: 'B', rate: 20 },
        installed: { endpoint: 'A', rate: 20 },
        want: { value: { endpoint: 'B', rate: 20 }, kept: ['endpoint'] },
      },
    ],
    [
      'the catalogue changed another field: that field only is re-applied',
      {
        desired: { endpoint: 'A', rate: 10 },
        current: { endpoint: 'B', rate: 20 },
        installed: { endpoint: 'A', rate: 20 },
        want: { value: { endpoint: 'B', rate: 10 }, kept: ['endpoint'] },
      },
    ],
    [
      'the catalogue changed the field the API changed: the catalogue wins',
      {
        desired: { endpoint: 'C', rate: 20 },
        current: { endpoint: 'B', rate: 20 },
        installed: { endpoint: 'A', rate: 20 },
        want: { value: { endpoint: 'C', rate: 20 }, kept: [] },
      },
    ],
  ])('%s', (_name, { desired, current, installed, want }) => {
    expect(reconcileFields(desired, current, installed)).toEqual(want);
  });

  it('compares nested values deeply', () => {
    const auth = { type: 'API_KEY', parameters: { name: 'X-Key', value: 'v1' } };
    const changed = { type: 'API_KEY', parameters: { name: 'X-Key', value: 'v2' } };
    expect(reconcileFields({ auth }, { auth: changed }, { auth: structuredClone(auth) })).toEqual({
      value: { auth: changed },
      kept: ['auth'],
    });
  });
});
