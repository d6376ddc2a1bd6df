// The user portal stand-in, as one Lambda proxy handler mounted at `/portal`: register a user
// (puts `user registered`), upload a document (an object, linked by an expiring signed URL), place
// a request (puts `marketplace requests`), and follow it (the partners it went to, their statuses,
// the notifications sent). What it puts is checked against the catalogue first: a 422 names the
// member at fault, and nothing invalid reaches the bus.
import { randomUUID } from 'node:crypto';
import type { validateDetail } from '../../generated/validators/index.ts';
import type { Logger } from '../api-gateway/logger.ts';
import { HttpProblem, internalErrorResult, jsonResult, problemResult } from '../api-gateway/problem.ts';
import {
  header,
  type ApiGatewayProxyEvent,
  type ApiGatewayProxyResult,
  type ProxyHandler,
} from '../api-gateway/proxy-event.ts';
import type { EventPublisher } from '../marketplace-api/event-publisher.ts';
import type { OutboxEntry } from '../notifier/sqlite-outbox.ts';
import { LocalDocuments, type DocumentStore } from '../object-store/document-store.ts';
import type { LocalObjectStore } from '../object-store/object-store.ts';
import type { RequestStore } from '../request-store/request-store.ts';
import type { PortalRecordStore } from './portal-users.ts';

/** The notifications sent so far: the outbox locally, the notification log on AWS. */
export interface NotificationHistory {
  list(filter: { userId?: string; requestId?: string }): Promise<OutboxEntry[]> | OutboxEntry[];
}

export interface UserPortalOptions {
  prefix: string;
  publisher: EventPublisher;
  validateDetail: typeof validateDetail;
  records: PortalRecordStore;
  /** Where documents go; without it, `objects` served at `objectsBaseUrl` with links signed by `urlSecret`. */
  documents?: DocumentStore;
  objects?: LocalObjectStore;
  objectsBaseUrl?: string;
  urlSecret?: Buffer;
  store: RequestStore;
  outbox: NotificationHistory;
  log: Logger;
  linkLifetimeSeconds?: number;
  now?: () => number;
}

type Route = (event: ApiGatewayProxyEvent, match: RegExpExecArray) => Promise<ApiGatewayProxyResult>;

export function createUserPortalHandler(opts: UserPortalOptions): ProxyHandler {
  const now = opts.now ?? Date.now;
  const documents = opts.documents ?? localDocuments(opts);
  const routes: [string, RegExp, Route][] = [
    ['POST', /^\/users$/, registerUser],
    [
      'GET',
      /^\/users\/([^/]+)\/notifications$/,
      async (_e, m) =>
        jsonResult(200, { items: await opts.outbox.list({ userId: pathSegment(m[1], 'userId') }) }),
    ],
    ['POST', /^\/documents$/, uploadDocument],
    ['POST', /^\/requests$/, placeRequest],
    ['GET', /^\/requests\/([^/]+)$/, followRequest],
  ];

  async function registerUser(event: ApiGatewayProxyEvent): Promise<ApiGatewayProxyResult> {
    const body = jsonBody(event);
    const detail = {
      ...body,
      user_id: `u-${randomUUID().slice(0, 8)}`,
      preferred_channel: body['preferred_channel'] ?? 'email',
      registered_at: new Date(now()).toISOString(),
    };
    checked('com.marketplace.portal', 'user registered', detail);
    await opts.records.addUser(detail.user_id, String(body['email']), detail.registered_at);
    const eventId = await opts.publisher.put('com.marketplace.portal', 'user registered', detail);
    return jsonResult(201, { user_id: detail.user_id, event_id: eventId });
  }

  async function uploadDocument(event: ApiGatewayProxyEvent): Promise<ApiGatewayProxyResult> {
    if (!event.body)
      throw new HttpProblem(422, 'validation', 'Upload the document as the request body.', {
        errors: [{ pointer: '', message: 'is empty' }],
      });
    const body = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
    const key = await documents.put(body, header(event, 'content-type') ?? 'application/octet-stream');
    return jsonResult(201, { key, bytes: body.length });
  }

  async function placeRequest(event: ApiGatewayProxyEvent): Promise<ApiGatewayProxyResult> {
    const body = jsonBody(event);
    const userId = String(body['user_id'] ?? '');
    if (!(await opts.records.hasUser(userId)))
      throw new HttpProblem(422, 'validation', `No user ${userId}; register first.`, {
        errors: [{ pointer: '/user_id', message: 'is not a registered user' }],
      });
    const expiresAt = now() + (opts.linkLifetimeSeconds ?? 7 * 24 * 3600) * 1000;
    const linked = Array.isArray(body['documents'])
      ? await Promise.all(
          (body['documents'] as { kind?: unknown; key?: unknown }[]).map(async (d, i) => {
            const key = String(d?.key ?? '');
            if (!(await documents.exists(key)))
              throw new HttpProblem(422, 'validation', `No uploaded document ${key}.`, {
                errors: [{ pointer: `/documents/${i}/key`, message: 'is not an uploaded document' }],
              });
            return { kind: d.kind, url: await documents.link(key, expiresAt) };
          }),
        )
      : body['documents'];
    const detail = {
      ...body,
      ...(linked === undefined ? {} : { documents: linked }),
      request_id: randomUUID(),
      request_status: 'new',
    };
    checked('com.marketplace.market', 'marketplace requests', detail);
    const eventId = await opts.publisher.put('com.marketplace.market', 'marketplace requests', detail);
    return jsonResult(201, { request_id: detail.request_id, event_id: eventId, detail });
  }

  async function followRequest(
    _event: ApiGatewayProxyEvent,
    match: RegExpExecArray,
  ): Promise<ApiGatewayProxyResult> {
    const requestId = pathSegment(match[1], 'requestId');
    const overview = await opts.store.overview(requestId);
    if (!overview)
      throw new HttpProblem(
        404,
        'not-found',
        `No request ${requestId} (yet: the request store records it when the event arrives).`,
      );
    return jsonResult(200, {
      request_id: requestId,
      user_id: overview.request.userId,
      environment: overview.request.environment,
      created_at: overview.request.createdAt,
      partners: overview.assignments,
      timeline: await opts.records.timeline(requestId),
      notifications: await opts.outbox.list({ userId: overview.request.userId, requestId }),
    });
  }

  function checked(source: string, detailType: string, detail: unknown): void {
    const result = opts.validateDetail(source, detailType, detail);
    if (result && !result.ok)
      throw new HttpProblem(422, 'validation', `The ${detailType} event would not match the catalogue.`, {
        errors: result.errors,
      });
  }

  return async function userPortal(event) {
    const path = event.path.slice(opts.prefix.length) || '/';
    try {
      const candidates = routes.filter(([, pattern]) => pattern.test(path));
      if (candidates.length === 0) throw new HttpProblem(404, 'not-found', `No resource at ${event.path}.`);
      const hit = candidates.find(([method]) => method === event.httpMethod);
      if (!hit)
        throw new HttpProblem(
          405,
          'method-not-allowed',
          `${event.httpMethod} is not allowed on ${event.path}.`,
          { headers: { allow: candidates.map(([m]) => m).join(', ') } },
        );
      return await hit[2](event, hit[1].exec(path) as RegExpExecArray);
    } catch (error) {
      if (error instanceof HttpProblem) return problemResult(error, event.path);
      opts.log.error({ err: error, path: event.path }, 'user portal failed');
      return internalErrorResult(event.path);
    }
  };
}

function localDocuments(opts: UserPortalOptions): DocumentStore {
  if (!opts.objects || opts.objectsBaseUrl === undefined || !opts.urlSecret)
    throw new Error(
      'createUserPortalHandler: give `documents`, or `objects`, `objectsBaseUrl` and `urlSecret`',
    );
  return new LocalDocuments(opts.objects, opts.objectsBaseUrl, opts.urlSecret);
}

/** A percent-encoded path segment, decoded; malformed escapes (`%`, `%zz`) are the client's 400. */
function pathSegment(raw: string | undefined, name: string): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    throw new HttpProblem(400, 'validation', `The path's ${name} is not valid percent-encoding.`, {
      errors: [{ pointer: `/path/${name}`, message: 'is not valid percent-encoding' }],
    });
  }
}

function jsonBody(event: ApiGatewayProxyEvent): Record<string, unknown> {
  try {
    const text = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new HttpProblem(400, 'malformed-json', 'The body must be a JSON object.', {
    errors: [{ pointer: '', message: 'is not a JSON object' }],
  });
}
