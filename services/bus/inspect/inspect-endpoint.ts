import type { IncomingMessage, ServerResponse } from 'node:http';
import { ruleFromArn } from '../arns.ts';
import type { LocalBus } from '../local-bus.ts';
import type { LocalQueues } from '../queues/local-queues.ts';
import { sendProblem } from './inspect-problem.ts';

export interface DeliveryView {
  /** `dlv_<seq>`: the id /_portico/deliveries/<id> shows with its attempts. */
  id?: string;
  ruleArn: string;
  targetId: string;
  targetArn: string;
  status: string;
  attempts: number;
  lastErrorCode?: string;
}

export interface InspectOptions {
  queues?: LocalQueues;
  /**
   * The deliveries of one event log row, oldest first, from the delivery queue (when the runtime has
   * one): where the event went and how far each delivery got.
   */
  deliveriesOf?: (eventSeq: number) => DeliveryView[];
}

/**
 * Read-only views of the running bus for `portico events` and `portico queues`, mounted at `/_portico/`:
 *   GET /_portico/health
 *   GET /_portico/events?limit=20&after=<seq>&bus=<name>
 *   GET /_portico/queues
 *   GET /_portico/queues/<name>?limit=10
 */
export function inspectEndpoint(bus: LocalBus, opts: InspectOptions = {}) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://local');
    const send = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    if (req.method !== 'GET') return sendProblem(res, 405, 'The /_portico/ views are read-only (GET).');
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 20) || 20, 1), 1000);
    const path = url.pathname.replace(/\/+$/, '');
    // Said loudly wherever someone looks: `portico events` prints this message.
    const storeProblem = bus.store.problem();
    if (storeProblem) return sendProblem(res, 503, storeProblem, { ok: false });
    if (path === '/_portico/health') return send(200, { ok: true, events: bus.events.count() });
    if (path === '/_portico/events') {
      const after = Number(url.searchParams.get('after') ?? 0) || 0;
      const busName = url.searchParams.get('bus') ?? undefined;
      const events = bus.events.recent({ limit, afterSeq: after, ...(busName ? { bus: busName } : {}) });
      return send(200, {
        events: events.map((e) => {
          const event = JSON.parse(e.event) as Record<string, unknown>;
          const deliveries = opts.deliveriesOf?.(e.seq) ?? [];
          return {
            seq: e.seq,
            id: e.id,
            bus: e.bus,
            ingestedAt: new Date(e.ingestedAt).toISOString(),
            source: event.source,
            detailType: event['detail-type'],
            ...(e.replayName ? { replayName: e.replayName } : {}),
            // AWS accepts events for a bus that does not exist and drops them; say so here.
            ...(bus.buses.get(e.bus) ? {} : { dropped: `event bus ${e.bus} does not exist` }),
            routed: deliveries.map((d) => ({
              rule: ruleFromArn(d.ruleArn)?.rule ?? d.ruleArn,
              targetId: d.targetId,
              targetArn: d.targetArn,
            })),
            ...(opts.deliveriesOf ? { deliveries } : {}),
            event,
          };
        }),
      });
    }
    if (path === '/_portico/queues' && opts.queues) return send(200, { queues: opts.queues.list() });
    const queue = /^\/_portico\/queues\/(.+)$/.exec(path)?.[1];
    if (queue && opts.queues) {
      let name: string;
      try {
        name = decodeURIComponent(queue);
      } catch {
        return sendProblem(res, 400, `The queue name in ${url.pathname} is not valid percent-encoding.`);
      }
      const arn = opts.queues.arnOf(name);
      const known = opts.queues.list().find((q) => q.arn === arn);
      if (!known) return sendProblem(res, 404, `Queue ${name} does not exist.`);
      return send(200, { queue: known, messages: opts.queues.receive(arn, limit) });
    }
    return sendProblem(res, 404, `No view at ${url.pathname}.`);
  };
}
