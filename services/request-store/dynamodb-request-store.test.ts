// Command shapes only: there is no DynamoDB on this machine (and no DynamoDB Local), so these tests
// check what the store asks DynamoDB, not what DynamoDB answers.
import { describe, expect, it } from 'vitest';
import { DynamoDbRequestStore, type DocumentSender } from './dynamodb-request-store.ts';

function recorder(answers: unknown[] = []) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer ?? {};
    },
  } as unknown as DocumentSender;
  return { sent, store: new DynamoDbRequestStore(client, 'requests') };
}

const named = (name: string) => Object.assign(new Error(name), { name });

describe('DynamoDbRequestStore command shapes', () => {
  it('records the request and each assignment in one conditional transaction', async () => {
    const { sent, store } = recorder();
    await store.record(
      {
        requestId: 'r1',
        userId: 'u',
        environment: 'test',
        detail: { request_status: 'new' },
        createdAt: '2025-01-01T00:00:00Z',
      },
      [{ partner: 'acme', environment: 'test' }],
    );
    const items = (
      sent[0]?.input['TransactItems'] as {
        Put: { Item: Record<string, unknown>; ConditionExpression?: string };
      }[]
    ).map((i) => i.Put);
    expect(sent[0]?.name).toBe('TransactWriteCommand');
    expect(items[0]).toMatchObject({
      Item: { pk: 'REQUEST#r1', sk: 'REQUEST' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(items[1]?.Item).toMatchObject({
      pk: 'REQUEST#r1',
      sk: 'ASSIGN#test#acme',
      gsi1pk: 'PARTNER#acme#test',
      gsi2pk: 'PARTNER#acme#test#new',
      gsi1sk: '2025-01-01T00:00:00Z#r1',
    });
  });

  it('treats a cancelled transaction as already recorded', async () => {
    const { store } = recorder([named('TransactionCanceledException')]);
    await expect(
      store.record({ requestId: 'r1', userId: 'u', environment: 'prod', detail: {}, createdAt: 't' }, []),
    ).resolves.toBeUndefined();
  });

  it.each([
    [
      'all requests',
      undefined,
      { IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'PARTNER#acme#prod' } },
    ],
    [
      'by status',
      'accepted',
      { IndexName: 'gsi2', ExpressionAttributeValues: { ':pk': 'PARTNER#acme#prod#accepted' } },
    ],
  ] as const)('lists %s from a partner index, newest first', async (_name, status, want) => {
    const { sent, store } = recorder([{ Items: [], LastEvaluatedKey: { pk: 'x' } }]);
    const page = await store.listForPartner({
      partner: 'acme',
      environment: 'prod',
      limit: 5,
      ...(status ? { status } : {}),
    });
    expect(sent[0]).toMatchObject({
      name: 'QueryCommand',
      input: { ...want, Limit: 5, ScanIndexForward: false },
    });
    const next = recorder([{ Items: [] }]);
    await next.store.listForPartner({
      partner: 'acme',
      environment: 'prod',
      limit: 5,
      cursor: page.nextCursor!,
    });
    expect(next.sent[0]?.input['ExclusiveStartKey']).toEqual({ pk: 'x' });
  });

  it('changes a status with a compare-and-set and moves the item to the new status index', async () => {
    const { sent, store } = recorder([
      { Attributes: { requestId: 'r1', partner: 'acme', status: 'accepted' } },
    ]);
    await store.changeStatus({
      requestId: 'r1',
      partner: 'acme',
      environment: 'prod',
      from: 'in-progress',
      to: 'accepted',
      at: 't',
    });
    expect(sent[0]).toMatchObject({
      name: 'UpdateCommand',
      input: {
        Key: { pk: 'REQUEST#r1', sk: 'ASSIGN#prod#acme' },
        ConditionExpression: 'attribute_exists(pk) AND #status = :from',
        ExpressionAttributeValues: {
          ':from': 'in-progress',
          ':to': 'accepted',
          ':gsi2pk': 'PARTNER#acme#prod#accepted',
        },
      },
    });
  });

  it('tells stale from not-found after a failed condition', async () => {
    const stale = recorder([named('ConditionalCheckFailedException'), { Item: { status: 'declined' } }]);
    expect(
      await stale.store.changeStatus({
        requestId: 'r',
        partner: 'a',
        environment: 'prod',
        from: 'new',
        to: 'declined',
        at: 't',
      }),
    ).toEqual({ kind: 'stale', current: 'declined' });
    const missing = recorder([named('ConditionalCheckFailedException'), {}]);
    expect(
      await missing.store.changeStatus({
        requestId: 'r',
        partner: 'a',
        environment: 'prod',
        from: 'new',
        to: 'declined',
        at: 't',
      }),
    ).toEqual({ kind: 'not-found' });
  });
});
