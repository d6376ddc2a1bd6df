// The inspection API's views beyond events and deliveries, for the console and the CLI alike
// (docs/console.md), mounted by prefix beside inspect-endpoint.ts and deliveries-http-handler.ts:
//   GET  /_portico/stats      per catalogue partner and environment: success rate, p50/p95 latency,
//                             backlog, retry state, next retry, rate limit, last error (last hour)
//   GET  /_portico/rules      rules and targets of every bus, catalogue-managed ones marked
//   GET  /_portico/archives   archives (with event counts) and replays (state, progress)
//   POST /_portico/archives/replay  {"archive","from","to","name"?}: StartReplay, as the API would
//   GET  /_portico/stream     server-sent events: `change` whenever an event, a delivery or a replay moved
// Read-only except the replay; nothing here reads a connection's credentials or a webhook secret.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { archiveArn, busArn, ruleArn } from '../arns.ts';
import { CATALOG_MANAGER } from '../catalog/install-catalog-rules.ts';
import type { LocalBus } from '../local-bus.ts';
import { AwsError } from '../server/aws-error.ts';
import { operations } from '../server/operation-table.ts';
import { validateRequest } from '../validation/validate-request.ts';
import { BodyTooLargeError, readBodyText, sendProblem } from './inspect-problem.ts';

const WINDOW_MS = 3_600_000;

export function createConsoleApi(bus: LocalBus, opts: { pollMs?: number } = {}) {
  const db = bus.db;
  // A pending delivery with attempts behind it is one the worker has scheduled for a retry: its
  // next_attempt_at is the back-off the worker computed (retry-policy.ts), not a guess.
  const counts = db.prepare(`SELECT rule_arn AS rule, status, count(*) AS n,
    sum(CASE WHEN status = 'pending' AND attempts > 0 THEN 1 ELSE 0 END) AS retrying,
    min(CASE WHEN status = 'pending' AND attempts > 0 THEN next_attempt_at END) AS nextRetry
    FROM deliveries GROUP BY rule_arn, status`);
  const attempts =
    db.prepare(`SELECT r.rule_arn AS rule, a.latency_ms AS latency, a.outcome, a.error_code AS code,
    a.error_message AS message, a.status, a.started_at AS at
    FROM delivery_attempts a JOIN delivery_queue q ON q.seq = a.delivery_seq JOIN delivery_routes r ON r.route = q.route
    WHERE a.started_at > ? ORDER BY a.started_at, a.delivery_seq, a.attempt`);
  const pulse = db.prepare(`SELECT (SELECT max(seq) FROM bus_events) AS events,
    (SELECT max(updated_at) FROM delivery_queue) AS deliveries, (SELECT count(*) FROM delivery_attempts) AS attempts`);

  function stats(now: number) {
    const rows = new Map<string, ReturnType<typeof emptyStats>>();
    const catalogue = bus.buses
      .list()
      .flatMap((b) => bus.rules.list(b.name))
      .filter((r) => r.managedBy === CATALOG_MANAGER);
    for (const r of catalogue) {
      const m = /^portico-(.+)-(prod|test)$/.exec(r.name);
      if (!m) continue;
      const target = r.targets[0];
      const dest = target ? bus.apiDestinations.byArn(target.Arn) : undefined;
      rows.set(ruleArn(bus.identity, r.bus, r.name), {
        ...emptyStats(m[1]!, m[2]!, r.name),
        rateLimitPerSecond: dest?.invocationRateLimitPerSecond ?? null,
      });
    }
    for (const c of counts.all() as {
      rule: string;
      status: string;
      n: number;
      retrying: number;
      nextRetry: number | null;
    }[]) {
      const s = rows.get(c.rule);
      if (!s) continue;
      s.deliveries[c.status] = c.n;
      s.retrying += c.retrying;
      if (c.status === 'pending' || c.status === 'in-flight') s.backlog += c.n;
      if (c.nextRetry !== null && (s.nextRetryAt === null || c.nextRetry < Date.parse(s.nextRetryAt)))
        s.nextRetryAt = new Date(c.nextRetry).toISOString();
    }
    const latencies = new Map<string, number[]>();
    for (const a of attempts.all(now - WINDOW_MS) as {
      rule: string;
      latency: number;
      outcome: string;
      code: string | null;
      message: string | null;
      status: number | null;
      at: number;
    }[]) {
      const s = rows.get(a.rule);
      if (!s) continue;
      s.attempts++;
      if (a.outcome === 'succeeded') {
        s.succeeded++;
        s.consecutiveFailures = 0;
      } else {
        s.consecutiveFailures++;
        s.lastError = {
          at: new Date(a.at).toISOString(),
          code: a.code,
          message: a.message,
          status: a.status,
        };
      }
      (latencies.get(a.rule) ?? latencies.set(a.rule, []).get(a.rule)!).push(a.latency);
    }
    return [...rows.entries()].map(([rule, s]) => {
      const l = (latencies.get(rule) ?? []).sort((x, y) => x - y);
      const { succeeded, ...rest } = s;
      return {
        ...rest,
        successRate: s.attempts > 0 ? succeeded / s.attempts : null,
        p50LatencyMs: percentile(l, 0.5),
        p95LatencyMs: percentile(l, 0.95),
        state: laneState(s),
      };
    });
  }

  function rules() {
    return bus.buses.list().map((b) => ({
      bus: b.name,
      arn: busArn(bus.identity, b.name),
      rules: bus.rules.list(b.name).map((r) => ({
        name: r.name,
        state: r.state,
        catalogueManaged: r.managedBy === CATALOG_MANAGER,
        ...(r.eventPattern ? { eventPattern: r.eventPattern } : {}),
        ...(r.scheduleExpression ? { scheduleExpression: r.scheduleExpression } : {}),
        targets: r.targets.map((t) => ({
          id: t.Id,
          arn: t.Arn,
          ...(t.DeadLetterConfig?.Arn ? { deadLetterArn: t.DeadLetterConfig.Arn } : {}),
          ...(t.RetryPolicy ? { retryPolicy: t.RetryPolicy } : {}),
        })),
      })),
    }));
  }

  function archives() {
    return {
      archives: bus.archives.list().map((a) => ({
        name: a.name,
        arn: archiveArn(bus.identity, a.name),
        bus: a.bus,
        retentionDays: a.retentionDays,
        ...bus.archives.stats(a.name),
      })),
      replays: bus.replays.list().map((r) => ({
        name: r.name,
        archive: r.archive,
        state: r.state,
        ...(r.stateReason ? { stateReason: r.stateReason } : {}),
        from: new Date(r.eventStartTime).toISOString(),
        to: new Date(r.eventEndTime).toISOString(),
        // Progress: how far through the window the replay has sent events.
        progress:
          r.state === 'COMPLETED'
            ? 1
            : r.eventLastReplayedTime
              ? Math.min(
                  1,
                  (r.eventLastReplayedTime - r.eventStartTime) /
                    Math.max(1, r.eventEndTime - r.eventStartTime),
                )
              : 0,
        ...(r.eventLastReplayedTime ? { lastReplayed: new Date(r.eventLastReplayedTime).toISOString() } : {}),
      })),
    };
  }

  async function startReplay(body: { archive?: string; from?: string; to?: string; name?: string }) {
    const archive = body.archive ? bus.archives.get(body.archive) : undefined;
    if (!archive)
      throw new AwsError('ResourceNotFoundException', `Archive ${String(body.archive)} does not exist.`);
    const time = (key: 'from' | 'to') => {
      const ms = Date.parse(body[key] ?? '');
      if (Number.isNaN(ms))
        throw new AwsError('ValidationException', `${key} must be a time such as 2026-01-31T12:00:00Z.`);
      return ms / 1000;
    };
    const input = {
      ReplayName: body.name ?? `console-${Date.now()}`,
      EventSourceArn: archiveArn(bus.identity, archive.name),
      EventStartTime: time('from'),
      EventEndTime: time('to'),
      Destination: { Arn: busArn(bus.identity, archive.bus) },
    };
    // The checks the AWS protocol makes before every operation (name pattern and length, types).
    validateRequest('StartReplay', input);
    return operations.StartReplay!(input, bus);
  }

  function stream(req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    let last = '';
    const tick = () => {
      // Replays move on their own (a window's end, COMPLETED): their states and cursors count too.
      const replays = bus.replays.list().map((r) => `${r.name} ${r.state} ${r.cursor}`);
      const now = JSON.stringify({ ...(pulse.get() as object), replays });
      if (now !== last) res.write(`event: change\ndata: ${now}\n\n`);
      else res.write(': idle\n\n');
      last = now;
    };
    tick();
    // A poll of three indexed maxima and the replays: cheap, and it sees the worker's and the replay
    // runner's writes as well as PutEvents'.
    const timer = setInterval(tick, opts.pollMs ?? 250);
    req.on('close', () => clearInterval(timer));
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname.replace(/\/+$/, '');
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    if (req.method === 'GET' && path === '/_portico/stats') return send(200, { partners: stats(Date.now()) });
    if (req.method === 'GET' && path === '/_portico/rules') return send(200, { buses: rules() });
    if (req.method === 'GET' && path === '/_portico/archives') return send(200, archives());
    if (req.method === 'GET' && path === '/_portico/stream') return stream(req, res);
    if (req.method === 'POST' && path === '/_portico/archives/replay') {
      let text: string;
      try {
        text = await readBodyText(req);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendProblem(res, 413, error.message);
        throw error;
      }
      const body = replayBody(text);
      if (typeof body === 'string') return sendProblem(res, 400, body);
      try {
        return send(200, await startReplay(body));
      } catch (error) {
        if (error instanceof AwsError)
          return sendProblem(res, error.status, error.message, { code: error.code });
        throw error;
      }
    }
    return sendProblem(res, 404, `No view at ${req.method ?? 'GET'} ${url.pathname}.`);
  };
}

function emptyStats(partner: string, environment: string, rule: string) {
  return {
    partner,
    environment,
    rule,
    deliveries: {} as Record<string, number>,
    backlog: 0,
    /** Pending deliveries that have failed before and wait for their back-off to end. */
    retrying: 0,
    /** Failed attempts since the last success, in the window. */
    consecutiveFailures: 0,
    nextRetryAt: null as string | null,
    attempts: 0,
    succeeded: 0,
    rateLimitPerSecond: null as number | null,
    lastError: null as null | {
      at: string;
      code: string | null;
      message: string | null;
      status: number | null;
    },
  };
}

/**
 * What the worker is doing for this destination. There is no circuit breaker to report: EventBridge has
 * none and neither has the local worker; a failing partner's deliveries back off one by one by their
 * retry policy, in a lane of their own (docs/console.md). So the state is derived from the worker's own
 * records: `retrying` (deliveries wait for a back-off), `failing` (the last attempts failed and none
 * waits for a back-off: dead-lettered, kept as failed, or one being sent now), `delivering` (a backlog, no failure), `ok`, `idle`.
 */
export type LaneState = 'retrying' | 'failing' | 'delivering' | 'ok' | 'idle';

function laneState(s: ReturnType<typeof emptyStats>): LaneState {
  if (s.retrying > 0) return 'retrying';
  if (s.consecutiveFailures > 0) return 'failing';
  if (s.backlog > 0) return 'delivering';
  return s.attempts > 0 ? 'ok' : 'idle';
}

/** Nearest-rank percentile of sorted values; null for none. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

const REPLAY_SHAPE =
  'the body must be a JSON object {"archive": name, "from": time, "to": time, "name"?: name}';

/** The replay request, or what is wrong with it (each member checked for its type, none assumed). */
function replayBody(text: string): { archive?: string; from?: string; to?: string; name?: string } | string {
  let value: unknown;
  try {
    value = JSON.parse(text || '{}');
  } catch {
    return `${REPLAY_SHAPE}: it is not JSON`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return REPLAY_SHAPE;
  for (const member of ['archive', 'from', 'to', 'name']) {
    const v = (value as Record<string, unknown>)[member];
    if (v !== undefined && typeof v !== 'string') return `${REPLAY_SHAPE}: /${member} is not a string`;
  }
  return value as { archive?: string; from?: string; to?: string; name?: string };
}

export const CONSOLE_API_PREFIXES = [
  '/_portico/stats',
  '/_portico/rules',
  '/_portico/archives',
  '/_portico/stream',
] as const;
