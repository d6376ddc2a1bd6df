// The request store on DynamoDB (@aws-sdk/lib-dynamodb), for AWS. One table, single-table design:
//
//   item                 pk                 sk                       gsi1pk / gsi1sk                   gsi2pk / gsi2sk
//   the request          REQUEST#<id>       REQUEST                  -                                 -
//   a partner's view     REQUEST#<id>       ASSIGN#<env>#<partner>   PARTNER#<p>#<env> / <seq>         PARTNER#<p>#<env>#<status> / <seq>
//
// A lookup by request id is a Query (or Get) on the table's key; a partner's list is a Query on
// gsi1, and its poll by status a Query on gsi2, both newest first (`<createdAt>#<id>` sorts by
// time). A partner's view copies the detail, so a page is one Query and no join.
// Only the command shapes are unit-tested: there is no DynamoDB on this machine.
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  CursorError,
  type Assignment,
  type Environment,
  type ListQuery,
  type Page,
  type PartnerRequest,
  type RequestOverview,
  type RequestStatus,
  type RequestStore,
  type StatusChange,
  type StatusChangeResult,
  type StoredRequest,
} from './request-store.ts';

type Item = Record<string, unknown>;
export type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;

const requestKey = (id: string) => ({ pk: `REQUEST#${id}`, sk: 'REQUEST' });
const assignKey = (id: string, partner: string, env: Environment) => ({
  pk: `REQUEST#${id}`,
  sk: `ASSIGN#${env}#${partner}`,
});
const partnerKey = (partner: string, env: Environment) => `PARTNER#${partner}#${env}`;

export class DynamoDbRequestStore implements RequestStore {
  constructor(
    private readonly client: DocumentSender,
    private readonly tableName: string,
  ) {}

  async record(request: StoredRequest, assignments: readonly Assignment[]): Promise<void> {
    const order = `${request.createdAt}#${request.requestId}`;
    const status = (request.detail['request_status'] as RequestStatus | undefined) ?? 'new';
    const base = {
      requestId: request.requestId,
      userId: request.userId,
      environment: request.environment,
      detail: request.detail,
      createdAt: request.createdAt,
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...requestKey(request.requestId), ...base },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...assignments.map((a) => ({
              Put: {
                TableName: this.tableName,
                Item: {
                  ...assignKey(request.requestId, a.partner, a.environment),
                  ...base,
                  partner: a.partner,
                  status,
                  updatedAt: request.createdAt,
                  gsi1pk: partnerKey(a.partner, a.environment),
                  gsi1sk: order,
                  gsi2pk: `${partnerKey(a.partner, a.environment)}#${status}`,
                  gsi2sk: order,
                },
              },
            })),
          ],
        }),
      );
    } catch (error) {
      // The request item's condition failed: recorded before (at-least-once delivery).
      if ((error as { name?: string }).name === 'TransactionCanceledException') return;
      throw error;
    }
  }

  async findForPartner(
    requestId: string,
    partner: string,
    environment: Environment,
  ): Promise<PartnerRequest | undefined> {
    const out = (await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: assignKey(requestId, partner, environment) }),
    )) as { Item?: Item };
    return out.Item && toPartnerRequest(out.Item);
  }

  async listForPartner(query: ListQuery): Promise<Page<PartnerRequest>> {
    const byStatus = query.status !== undefined;
    const out = (await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byStatus ? 'gsi2' : 'gsi1',
        KeyConditionExpression: byStatus ? 'gsi2pk = :pk' : 'gsi1pk = :pk',
        ExpressionAttributeValues: {
          ':pk': byStatus
            ? `${partnerKey(query.partner, query.environment)}#${query.status}`
            : partnerKey(query.partner, query.environment),
        },
        Limit: query.limit,
        ScanIndexForward: false, // newest first
        ...(query.cursor === undefined ? {} : { ExclusiveStartKey: decodeCursor(query.cursor) }),
      }),
    )) as { Items?: Item[]; LastEvaluatedKey?: Item };
    const items = (out.Items ?? []).map(toPartnerRequest);
    return out.LastEvaluatedKey ? { items, nextCursor: encodeCursor(out.LastEvaluatedKey) } : { items };
  }

  async changeStatus(change: StatusChange): Promise<StatusChangeResult> {
    try {
      const out = (await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: assignKey(change.requestId, change.partner, change.environment),
          UpdateExpression:
            'SET #status = :to, updatedAt = :at, gsi2pk = :gsi2pk' +
            (change.reason === undefined ? ' REMOVE reason' : ', reason = :reason'),
          ConditionExpression: 'attribute_exists(pk) AND #status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':to': change.to,
            ':from': change.from,
            ':at': change.at,
            ':gsi2pk': `${partnerKey(change.partner, change.environment)}#${change.to}`,
            ...(change.reason === undefined ? {} : { ':reason': change.reason }),
          },
          ReturnValues: 'ALL_NEW',
        }),
      )) as { Attributes?: Item };
      return { kind: 'changed', request: toPartnerRequest(out.Attributes ?? {}) };
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      const current = await this.findForPartner(change.requestId, change.partner, change.environment);
      return current ? { kind: 'stale', current: current.status } : { kind: 'not-found' };
    }
  }

  async overview(requestId: string): Promise<RequestOverview | undefined> {
    const out = (await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `REQUEST#${requestId}` },
      }),
    )) as { Items?: Item[] };
    const items = out.Items ?? [];
    const request = items.find((i) => i['sk'] === 'REQUEST');
    if (!request) return undefined;
    return {
      request: toStoredRequest(request),
      assignments: items
        .filter((i) => i['sk'] !== 'REQUEST')
        .map((i) => {
          const p = toPartnerRequest(i);
          return {
            partner: p.partner,
            environment: p.environment,
            status: p.status,
            updatedAt: p.updatedAt,
            ...(p.reason ? { reason: p.reason } : {}),
          };
        }),
    };
  }
}

function toStoredRequest(item: Item): StoredRequest {
  return {
    requestId: String(item['requestId']),
    userId: String(item['userId']),
    environment: item['environment'] as Environment,
    detail: (item['detail'] ?? {}) as Record<string, unknown>,
    createdAt: String(item['createdAt']),
  };
}

function toPartnerRequest(item: Item): PartnerRequest {
  return {
    ...toStoredRequest(item),
    partner: String(item['partner']),
    status: item['status'] as RequestStatus,
    updatedAt: String(item['updatedAt']),
    ...(typeof item['reason'] === 'string' ? { reason: item['reason'] } : {}),
  };
}

function encodeCursor(key: Item): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): Item {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Item;
  } catch {
    // fall through
  }
  throw new CursorError(`cursor "${cursor.slice(0, 40)}" is not one this API handed out`);
}
