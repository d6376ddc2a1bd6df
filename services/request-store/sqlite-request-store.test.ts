import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { CursorError, type StoredRequest } from './request-store.ts';
import { SqliteRequestStore } from './sqlite-request-store.ts';

const request = (id: string, env: 'prod' | 'test' = 'prod'): StoredRequest => ({
  requestId: id,
  userId: 'u-1',
  environment: env,
  detail: { user_id: 'u-1', request_status: 'new', request_types: ['books'] },
  createdAt: `2025-11-20T09:00:0${id.length % 10}Z`,
});

describe('SqliteRequestStore', () => {
  let store: SqliteRequestStore;
  beforeEach(() => {
    store = new SqliteRequestStore(new Database(':memory:'));
  });

  it('shows a request only to the partners and environment it is assigned to', async () => {
    await store.record(request('r1'), [{ partner: 'acme', environment: 'prod' }]);
    expect((await store.findForPartner('r1', 'acme', 'prod'))?.status).toBe('new');
    expect(await store.findForPartner('r1', 'acme', 'test')).toBeUndefined();
    expect(await store.findForPartner('r1', 'other', 'prod')).toBeUndefined();
  });

  it('records a request once however often it is delivered', async () => {
    await store.record(request('r1'), [{ partner: 'acme', environment: 'prod' }]);
    await store.record(request('r1'), [
      { partner: 'acme', environment: 'prod' },
      { partner: 'b', environment: 'prod' },
    ]);
    expect((await store.overview('r1'))?.assignments.map((a) => a.partner)).toEqual(['acme']);
  });

  it('pages newest first with a cursor and filters by status', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e'])
      await store.record(request(id), [{ partner: 'acme', environment: 'prod' }]);
    await store.changeStatus({
      requestId: 'c',
      partner: 'acme',
      environment: 'prod',
      from: 'new',
      to: 'in-progress',
      at: 'now',
    });
    const first = await store.listForPartner({ partner: 'acme', environment: 'prod', limit: 2 });
    expect(first.items.map((r) => r.requestId)).toEqual(['e', 'd']);
    const second = await store.listForPartner({
      partner: 'acme',
      environment: 'prod',
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.items.map((r) => r.requestId)).toEqual(['c', 'b']);
    const third = await store.listForPartner({
      partner: 'acme',
      environment: 'prod',
      limit: 2,
      cursor: second.nextCursor!,
    });
    expect([third.items.map((r) => r.requestId), third.nextCursor]).toEqual([['a'], undefined]);
    const busy = await store.listForPartner({
      partner: 'acme',
      environment: 'prod',
      limit: 10,
      status: 'in-progress',
    });
    expect(busy.items.map((r) => r.requestId)).toEqual(['c']);
  });

  it.each([
    ['garbage', 'not-base64!'],
    ['valid base64 of the wrong shape', Buffer.from('{"s":"x"}').toString('base64url')],
  ])('refuses a cursor it did not hand out: %s', async (_name, cursor) => {
    await expect(
      store.listForPartner({ partner: 'acme', environment: 'prod', limit: 1, cursor }),
    ).rejects.toThrow(CursorError);
  });

  it.each([
    [
      'applies when the status is still the expected one',
      { from: 'new', partner: 'acme' },
      { kind: 'changed' },
    ],
    [
      'reports the current status when it moved on',
      { from: 'in-progress', partner: 'acme' },
      { kind: 'stale', current: 'new' },
    ],
    ['reports not-found for another partner', { from: 'new', partner: 'other' }, { kind: 'not-found' }],
  ] as const)('changeStatus %s', async (_name, given, want) => {
    await store.record(request('r1'), [{ partner: 'acme', environment: 'prod' }]);
    const result = await store.changeStatus({
      requestId: 'r1',
      environment: 'prod',
      to: 'declined',
      at: 't',
      ...given,
    });
    expect(result).toMatchObject(want);
  });

  it('keeps each partner its own status', async () => {
    await store.record(request('r1'), [
      { partner: 'a', environment: 'prod' },
      { partner: 'b', environment: 'prod' },
    ]);
    await store.changeStatus({
      requestId: 'r1',
      partner: 'a',
      environment: 'prod',
      from: 'new',
      to: 'declined',
      reason: 'no',
      at: 't',
    });
    expect((await store.findForPartner('r1', 'b', 'prod'))?.status).toBe('new');
    expect((await store.overview('r1'))?.assignments).toMatchObject([
      { partner: 'a', status: 'declined', reason: 'no' },
      { partner: 'b', status: 'new' },
    ]);
  });
});
