// The Node runner: k6's constant-arrival-rate executor for machines without k6. Each part of the
// scenario starts iterations at its rate whatever the answers (an open model); at most `maxInFlight`
// iterations run at once, and arrivals beyond that are dropped and counted, as k6 counts
// dropped_iterations. Requests are built by the generated payloads.js that the k6 scripts use.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { clock, RunMetrics } from './metrics.ts';
import type { ExpectedRouting, SentEvent } from './routing-check.ts';
import type { Definitions, Scenario, ScenarioPart } from './scenarios.ts';
import type { HttpCall, PayloadsModule } from './shared-payloads.ts';

export interface RunOptions {
  defs: Definitions;
  scenario: Scenario;
  payloads: PayloadsModule;
  target: string;
  /**
   * Where partners' journeys call the Marketplace API (its own thread's port, on the local stack);
   * `target` when not given.
   */
  apiTarget?: string;
  apiKeys: readonly string[];
  /**
   * `<partner>/<env>` to API key. With it and `routing`, each journey uses the key of a partner that was
   * sent a request and has not yet answered one for it, so partners answer what they received (as
   * they would) instead of every key polling alike, half of them for environments with little work;
   * round-robin when no such partner is waiting. k6, whose scenarios share no state, round-robins.
   */
  keysByTarget?: Readonly<Record<string, string>>;
  durationMs: number;
  /** Multiplies every part's rate. */
  rateScale: number;
  /** Stop starting iterations once this many events were put (and the duration is the bound). */
  maxEvents?: number;
  /**
   * When given, each event put is sent to `sentTo` with the targets the catalogue routes it to (in
   * batches, to the routing check beside the partner sinks): the runner keeps none of them.
   */
  routing?: ExpectedRouting;
  sentTo?: { postMessage(batch: SentEvent[]): void };
  onProgress?(line: ProgressSample): void;
}

export interface ProgressSample {
  elapsedS: number;
  requests: number;
  events: number;
  lastSecondEvents: number;
  errors: number;
  inFlight: number;
}

export interface RunResult {
  metrics: RunMetrics;
  /** Events put whose routing was checked (sent to `sentTo`), and the deliveries they should cause. */
  routed: { events: number; expectedDeliveries: number };
  /** Requests whose journey ended with its last status recorded (201), by the API key that posted it. */
  answered: { requestId: string; apiKey: string; status: string }[];
  elapsedMs: number;
  /** The runner thread's event-loop utilisation over the run, 0..1. */
  utilisation: number;
  skippedParts: { part: string; reason: string }[];
}

const TICK_MS = 5;
const DRAIN_LIMIT_MS = 30_000;
const TAKEN_REMEMBERED = 2_000;

export async function runScenario(o: RunOptions): Promise<RunResult> {
  const pool = new Pool(o.target, {
    connections: Math.min(256, o.scenario.maxInFlight),
    keepAliveTimeout: 30_000,
  });
  const apiPool =
    o.apiTarget === undefined
      ? pool
      : new Pool(o.apiTarget, {
          connections: Math.min(256, o.scenario.maxInFlight),
          keepAliveTimeout: 30_000,
        });
  const t0 = clock();
  const elu0 = performance.eventLoopUtilization();
  const metrics = new RunMetrics(t0);
  let sentBatch: SentEvent[] = [];
  const routed = { events: 0, expectedDeliveries: 0 };
  const flushSent = () => {
    if (sentBatch.length === 0) return;
    o.sentTo?.postMessage(sentBatch);
    sentBatch = [];
  };
  const answered: RunResult['answered'] = [];
  const skippedParts: RunResult['skippedParts'] = [];
  const tasks = new Set<Promise<void>>();
  let eventsStarted = 0;
  /** Targets sent a request, oldest first, one entry per request: whom the next journey answers for. */
  const awaitingAnswer: string[] = [];
  let awaitingHead = 0;
  const journeysOf = new Map<string, number>();
  /**
   * Per API key, the requests its journeys took, newest last: a page served a moment ago may still list
   * one another journey has just answered. The oldest are forgotten past TAKEN_REMEMBERED.
   */
  const taken = new Map<string, Set<string>>();
  const takenBy = (apiKey: string): Set<string> => {
    let set = taken.get(apiKey);
    if (!set) taken.set(apiKey, (set = new Set()));
    if (set.size > TAKEN_REMEMBERED)
      for (const id of set) if (set.delete(id) && set.size <= TAKEN_REMEMBERED / 2) break;
    return set;
  };

  const send = async (
    part: ScenarioPart,
    call: HttpCall,
    via: Pool = pool,
  ): Promise<{ status: number; body: string | null; at: number } | undefined> => {
    const started = clock();
    try {
      const res = await via.request({
        method: call.method as 'GET',
        path: call.path,
        headers: call.headers,
        body: call.body,
      });
      const body = await res.body.text();
      const at = clock();
      const ok = call.expected.includes(res.statusCode);
      metrics.request(
        part.name,
        at,
        at - started,
        ok,
        ok ? undefined : `${call.name} HTTP ${res.statusCode}`,
      );
      return { status: res.statusCode, body, at };
    } catch (error) {
      const at = clock();
      metrics.request(
        part.name,
        at,
        at - started,
        false,
        `${call.name} ${(error as { code?: string }).code ?? (error as Error).name}`,
      );
      return undefined;
    }
  };

  const iterate = async (part: ScenarioPart, iteration: number): Promise<void> => {
    const action = part.action;
    if (action.kind === 'put-events') {
      const call = o.payloads.putEventsCall(o.defs, action, iteration, Date.now());
      const answer = await send(part, call);
      if (!answer) return;
      const outcome =
        answer.status === 200
          ? o.payloads.putEventsOutcome(answer.body)
          : { accepted: 0, failed: action.batch, eventIds: [] };
      metrics.check(part.name, answer.status === 200 && outcome.failed === 0, 'PutEvents failed entries');
      metrics.events(part.name, answer.at, outcome.accepted);
      if (o.routing && answer.status === 200) {
        const entries = (
          JSON.parse(call.body ?? '{}') as {
            Entries: { Source: string; DetailType: string; Detail: string }[];
          }
        ).Entries;
        const results =
          (JSON.parse(answer.body ?? '{}') as { Entries?: { EventId?: string }[] }).Entries ?? [];
        entries.forEach((entry, i) => {
          const eventId = results[i]?.EventId;
          if (!eventId) return;
          const expected = o.routing!.expected(entry.Source, entry.DetailType, JSON.parse(entry.Detail));
          sentBatch.push({ eventId, acceptedAt: answer.at, expected });
          routed.events += 1;
          routed.expectedDeliveries += expected.length;
          if (o.keysByTarget) awaitingAnswer.push(...expected);
        });
      }
      return;
    }
    const apiKey = nextJourneyKey(iteration);
    const m = metrics.part(part.name);
    const page = await send(part, o.payloads.pollCall(o.defs.api, apiKey), apiPool);
    metrics.check(part.name, page?.status === 200, 'poll not 200');
    m.polls += 1;
    // As a partner's workers would, its journeys never take a request another of them has taken.
    const turn = (journeysOf.get(apiKey) ?? 0) + 1;
    journeysOf.set(apiKey, turn);
    const taken = takenBy(apiKey);
    const requestId = page?.status === 200 ? o.payloads.pickRequestId(page.body, turn, taken) : undefined;
    if (requestId) taken.add(requestId);
    if (!requestId) {
      m.emptyPolls += 1;
      return;
    }
    const read = await send(part, o.payloads.readCall(o.defs.api, apiKey, requestId), apiPool);
    metrics.check(part.name, read?.status === 200, 'read not 200');
    for (const next of action.statuses) {
      const status = await send(part, o.payloads.statusCall(o.defs.api, apiKey, requestId, next), apiPool);
      metrics.check(
        part.name,
        status !== undefined && [200, 201, 409].includes(status.status),
        'status not recorded',
      );
      if (status?.status === 201) {
        metrics.events(part.name, status.at, 1);
        m.statuses.set(next, (m.statuses.get(next) ?? 0) + 1);
        if (next === action.statuses.at(-1)) answered.push({ requestId, apiKey, status: next });
      } else if (status?.status === 200) m.replays += 1;
      else {
        // 409: another instance of the partner moved the request on first; the journey ends here.
        if (status?.status === 409) m.conflicts += 1;
        return;
      }
    }
  };

  const nextJourneyKey = (iteration: number): string => {
    if (awaitingHead < awaitingAnswer.length) {
      const key = o.keysByTarget?.[awaitingAnswer[awaitingHead++]!];
      if (awaitingHead > 4096) {
        awaitingAnswer.splice(0, awaitingHead);
        awaitingHead = 0;
      }
      if (key) return key;
    }
    return o.apiKeys[iteration % o.apiKeys.length] ?? '';
  };

  const parts = o.scenario.parts.filter((part) => {
    if (part.action.kind === 'partner-journey' && o.apiKeys.length === 0) {
      skippedParts.push({
        part: part.name,
        reason: 'no partner API key (--api-key, or a local stack that mounts the Marketplace API)',
      });
      return false;
    }
    return true;
  });
  const started = new Map(parts.map((p) => [p.name, 0]));
  const eventsPerIteration = (p: ScenarioPart) => (p.action.kind === 'put-events' ? p.action.batch : 1);
  let stopped = false;
  let lastEvents = 0;
  let nextProgress = 1;

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      flushSent();
      const elapsed = clock() - t0;
      if (elapsed >= o.durationMs || (o.maxEvents !== undefined && eventsStarted >= o.maxEvents))
        stopped = true;
      if (!stopped) {
        for (const part of parts) {
          const due = Math.floor((elapsed / 1000) * part.rate * o.rateScale);
          let n = started.get(part.name)!;
          for (; n < due; n++) {
            if (
              o.maxEvents !== undefined &&
              part.action.kind === 'put-events' &&
              eventsStarted >= o.maxEvents
            )
              break;
            if (tasks.size >= o.scenario.maxInFlight) {
              metrics.part(part.name).dropped += 1;
              continue;
            }
            metrics.part(part.name).iterations += 1;
            if (part.action.kind === 'put-events') eventsStarted += eventsPerIteration(part);
            const task = iterate(part, n).finally(() => tasks.delete(task));
            tasks.add(task);
          }
          started.set(part.name, n);
        }
      }
      if (elapsed / 1000 >= nextProgress || stopped) {
        nextProgress = Math.floor(elapsed / 1000) + 1;
        const parts = [...metrics.parts.values()];
        const events = parts.reduce((a, p) => a + p.events, 0);
        o.onProgress?.({
          elapsedS: elapsed / 1000,
          requests: parts.reduce((a, p) => a + p.requests, 0),
          events,
          lastSecondEvents: events - lastEvents,
          errors: parts.reduce((a, p) => a + p.failedRequests + p.failedChecks, 0),
          inFlight: tasks.size,
        });
        lastEvents = events;
      }
      if (stopped) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  await Promise.race([
    Promise.allSettled([...tasks]),
    new Promise((r) => setTimeout(r, DRAIN_LIMIT_MS).unref()),
  ]);
  flushSent();
  await pool.close();
  if (apiPool !== pool) await apiPool.close();
  const utilisation = performance.eventLoopUtilization(elu0).utilization;
  return { metrics, routed, answered, elapsedMs: clock() - t0, utilisation, skippedParts };
}
