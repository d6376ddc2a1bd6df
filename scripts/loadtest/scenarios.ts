// The load-test scenarios as data, derived from the catalogue. The k6 generator writes them into
// `loadtest/k6/lib/definitions.js` and the Node runner reads them from here, so the two run the
// same scenarios. Each part is an open-model arrival rate (k6's constant-arrival-rate executor):
// arrivals do not wait for answers, so a slow system shows as latency, not as less load.
import type { LoadtestEvent, LoadtestModel, PartnerApi } from '../generate/loadtest/loadtest-model.ts';

export type Action =
  | { kind: 'put-events'; events: string[]; batch: number }
  /** Poll for new requests, read one, then post each of `statuses` in turn (one Idempotency-Key each). */
  | { kind: 'partner-journey'; statuses: string[] };

/** What a partner answers to each request it picks up: it starts work, then accepts it. */
export const PARTNER_JOURNEY = Object.freeze(['in-progress', 'accepted']);

export interface ScenarioPart {
  /** k6 scenario name: `[a-z0-9-]`. */
  name: string;
  /** The exported k6 function that runs one iteration. */
  exec: string;
  /** The environment variable (k6) that overrides `rate`. */
  rateVariable: string;
  /** Iterations a second (each puts `eventsPerIteration` events). */
  rate: number;
  action: Action;
}

export interface Scenario {
  name: string;
  /** The generated k6 script, below `loadtest/k6/`. */
  file: string;
  description: string;
  /** k6 duration syntax; `DURATION` overrides it. */
  duration: string;
  /** Bound on iterations in flight (k6 `maxVUs`); arrivals beyond it are dropped and counted. */
  maxInFlight: number;
  parts: ScenarioPart[];
  /** k6 threshold syntax, evaluated by k6 and by the Node runner alike (thresholds.ts). */
  thresholds: Record<string, string[]>;
  /**
   * Thresholds on what only the Node runner measures against the local stack's partner sinks
   * (`e2e_latency`, `lost`, `misrouted`, `duplicates`, `status_events_failed`). Duplicates are
   * counted always but fail only a scenario that lists them: delivery is at-least-once.
   */
  endToEndThresholds: Record<string, string[]>;
}

export interface Definitions {
  bus: string;
  events: LoadtestEvent[];
  api: PartnerApi;
  scenarios: Scenario[];
}

/**
 * Events one iteration puts on the bus: a PutEvents batch, or a partner journey's statuses (each
 * accepted status is a `request status changed` event). `--rate` counts events, as the issue's
 * "1,200 events/s" does: requests placed plus status responses.
 */
export function eventsPerIteration(part: Pick<ScenarioPart, 'action'>): number {
  return part.action.kind === 'put-events' ? part.action.batch : part.action.statuses.length;
}

/** Latency limits per scenario, milliseconds (issue 8: error rate 0; p99 end-to-end < 100 ms). */
export const LIMITS = Object.freeze({ p95: 50, p99: 100, errorRate: 0 });

export function scenarioDefinitions(model: LoadtestModel): Definitions {
  const routed = model.events.find(
    (e) => e.source === model.routedEvent.source && e.detailType === model.routedEvent.detailType,
  );
  if (!routed)
    throw new Error(
      `catalogue: no event ${model.routedEvent.source} / ${model.routedEvent.detailType}; the user scenario puts it`,
    );
  const ingestParts = model.events.map((event) => ({
    name: `ingest-${kebab(event.name)}`,
    exec: `ingest${event.name}`,
    rateVariable: `RATE_${kebab(event.name).replaceAll('-', '_').toUpperCase()}`,
    rate: event === routed ? 50 : 10,
    action: { kind: 'put-events' as const, events: [event.name], batch: 1 },
  }));
  const users: ScenarioPart = {
    name: 'users',
    exec: 'usersPlaceRequests',
    rateVariable: 'USERS_RATE',
    rate: 600,
    action: { kind: 'put-events', events: [routed.name], batch: 1 },
  };
  const allowed = new Set(model.api.statusBodies.map((b) => b.status));
  const missing = PARTNER_JOURNEY.filter((s) => !allowed.has(s));
  if (missing.length > 0)
    throw new Error(
      `postRequestStatus: the status enum lacks ${missing.join(', ')}; the partner scenarios post them`,
    );
  /** `rate` journeys a second, each posting PARTNER_JOURNEY's statuses. */
  const partners = (rate: number): ScenarioPart => ({
    name: 'partners',
    exec: 'partnersPollAndAnswer',
    rateVariable: 'PARTNERS_RATE',
    rate,
    action: { kind: 'partner-journey', statuses: [...PARTNER_JOURNEY] },
  });
  return {
    bus: model.bus,
    events: model.events,
    api: model.api,
    scenarios: [
      scenario(
        'ingest',
        'PutEvents of every internal event, payloads drawn from its examples and varied per iteration.',
        '30s',
        ingestParts,
      ),
      scenario(
        'marketplace-api',
        'Partners poll their requests, read one and post a status with an Idempotency-Key.',
        '30s',
        [partners(20)],
      ),
      scenario(
        'day-in-the-marketplace',
        'Users placing requests and partners polling and answering, at the arrival rates USERS_RATE and PARTNERS_RATE: 600 requests and 600 status events a second by default.',
        '10m',
        [users, partners(600 / PARTNER_JOURNEY.length)],
      ),
    ],
  };
}

function scenario(
  name: string,
  description: string,
  duration: string,
  parts: ScenarioPart[],
  options: { failOnDuplicates?: boolean } = {},
): Scenario {
  const thresholds: Record<string, string[]> = {};
  for (const part of parts) {
    thresholds[`http_req_failed{scenario:${part.name}}`] = [`rate<=${LIMITS.errorRate}`];
    thresholds[`http_req_duration{scenario:${part.name}}`] = [`p(95)<${LIMITS.p95}`, `p(99)<${LIMITS.p99}`];
    thresholds[`checks{scenario:${part.name}}`] = ['rate==1'];
  }
  const endToEndThresholds: Record<string, string[]> = {
    e2e_latency: [`p(99)<${LIMITS.p99}`],
    lost: ['count==0'],
    misrouted: ['count==0'],
    status_events_failed: ['count==0'],
    ...(options.failOnDuplicates ? { duplicates: ['count==0'] } : {}),
  };
  return {
    name,
    file: `${name}.js`,
    description,
    duration,
    maxInFlight: 512,
    parts,
    thresholds,
    endToEndThresholds,
  };
}

export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
