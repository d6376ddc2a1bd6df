// The delivery log and dead letters over HTTP, for the bus to mount under /_portico/deliveries:
//   GET  /_portico/deliveries?event=&partner=&request=&status=&limit=   deliveries with a verdict each
//   GET  /_portico/deliveries/<id>                                      one delivery and its attempts
//   GET  /_portico/deliveries/dlq[?queue=<arn>]                         dead-letter queues, or one's messages
//   POST /_portico/deliveries/dlq/redrive  {"queue"?, "all"?, "messageIds"?}  then kicks the worker
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalQueues } from '../bus/queues/local-queues.ts';
import { deadLetterMessages, deadLetterQueues, redriveDeadLetters, RedriveError } from './dead-letters.ts';
import {
  DELIVERY_STATUSES,
  type Delivery,
  type DeliveryQueue,
  type DeliveryStatus,
} from './delivery-queue.ts';
import { verdict } from './delivery-report.ts';
import { BodyTooLargeError, readBodyText, sendProblem } from '../bus/inspect/inspect-problem.ts';

export const DELIVERIES_PREFIX = '/_portico/deliveries';

export interface DeliveriesHandlerOptions {
  queue: DeliveryQueue;
  queues: Pick<LocalQueues, 'list' | 'receive' | 'get' | 'delete'>;
  /** Wakes the worker after a redrive. */
  kick?: () => void;
  now?: () => number;
  prefix?: string;
}

export function createDeliveriesHandler(opts: DeliveriesHandlerOptions) {
  const prefix = opts.prefix ?? DELIVERIES_PREFIX;
  const view = (d: Delivery) => {
    const { body: _body, ...rest } = d;
    return { ...rest, verdict: verdict(d) };
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname.slice(prefix.length).replace(/\/$/, '');
    const q = url.searchParams;
    if (req.method === 'GET' && path === '') {
      const status = q.get('status') ?? undefined;
      if (status && !DELIVERY_STATUSES.includes(status as DeliveryStatus)) {
        return problem(res, 400, `status must be one of ${DELIVERY_STATUSES.join(', ')}, got "${status}"`);
      }
      const list = opts.queue.list({
        ...(q.get('event') ? { eventId: q.get('event')! } : {}),
        ...(q.get('partner') ? { partner: q.get('partner')! } : {}),
        ...(q.get('request') ? { requestId: q.get('request')! } : {}),
        ...(status ? { status: status as DeliveryStatus } : {}),
        limit: limitOf(q),
      });
      return send(res, 200, { deliveries: list.map(view) });
    }
    if (req.method === 'GET' && path === '/dlq') {
      const queueArn = q.get('queue');
      if (queueArn)
        return send(res, 200, {
          queue: queueArn,
          messages: deadLetterMessages(opts.queues, queueArn, limitOf(q)),
        });
      return send(res, 200, { queues: deadLetterQueues(opts.queues, opts.queue) });
    }
    if (req.method === 'POST' && path === '/dlq/redrive') {
      let text: string;
      try {
        text = await readBodyText(req);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return problem(res, 413, error.message);
        throw error;
      }
      const body = redriveBody(text);
      if (typeof body === 'string') return problem(res, 400, body);
      try {
        const result = redriveDeadLetters(opts.queues, opts.queue, {
          ...(body.queue ? { queueArn: body.queue } : {}),
          ...(body.all ? { all: true } : {}),
          ...(body.messageIds ? { messageIds: body.messageIds } : {}),
          now: (opts.now ?? Date.now)(),
        });
        if (result.redriven.length > 0) opts.kick?.();
        return send(res, 200, result);
      } catch (error) {
        if (error instanceof RedriveError) return problem(res, 400, error.message);
        throw error;
      }
    }
    let id: string;
    try {
      id = decodeURIComponent(path.slice(1));
    } catch {
      return problem(res, 400, `The delivery id in ${url.pathname} is not valid percent-encoding.`);
    }
    if (req.method === 'GET' && id && !id.includes('/')) {
      const d = opts.queue.get(id);
      if (!d) return problem(res, 404, `No delivery ${id}`);
      return send(res, 200, { delivery: { ...view(d), body: d.body }, attempts: opts.queue.attempts(id) });
    }
    return problem(res, 404, `No route ${req.method} ${url.pathname}`);
  };
}

/**
 * `?limit=` as a count from 1 to 1,000 (default 100): `99999999999999999999` once reached SQLite's LIMIT
 * as 1e20 and answered 500.
 */
function limitOf(q: URLSearchParams): number {
  const n = Math.trunc(Number(q.get('limit')));
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 1000) : 100;
}

interface RedriveBody {
  queue?: string;
  all?: boolean;
  messageIds?: string[];
}

const REDRIVE_SHAPE = 'the body must be a JSON object {"queue"?: arn, "all"?: boolean, "messageIds"?: [id]}';

/** The redrive request, or what is wrong with it (each member checked for its type, none assumed). */
function redriveBody(text: string): RedriveBody | string {
  let value: unknown;
  try {
    value = JSON.parse(text || '{}');
  } catch {
    return `${REDRIVE_SHAPE}: it is not JSON`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${REDRIVE_SHAPE}`;
  const { queue, all, messageIds } = value as Record<string, unknown>;
  if (queue !== undefined && typeof queue !== 'string') return `${REDRIVE_SHAPE}: /queue is not a string`;
  if (all !== undefined && typeof all !== 'boolean') return `${REDRIVE_SHAPE}: /all is not a boolean`;
  if (
    messageIds !== undefined &&
    (!Array.isArray(messageIds) || messageIds.some((id) => typeof id !== 'string'))
  )
    return `${REDRIVE_SHAPE}: /messageIds is not a list of strings`;
  return value as RedriveBody;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** problem+json, with `error` kept for clients of the earlier `{error}` bodies. */
function problem(res: ServerResponse, status: number, detail: string): void {
  sendProblem(res, status, detail, { error: detail });
}
