// The load-test scenarios as data, derived from the catalogue. The k6 generator writes them into
// `loadtest/k6/lib/definitions.js` and the Node runner reads them from here, so the two run the
// same scenarios. Each part is an open-model arrival rate (k6's constant-arrival-rate executor):
// arrivals do not wait for answers, so a slow system shows as latency, not as less load.
import type { LoadtestEvent, LoadtestModel, PartnerApi } from '../generate/loadtest/loadtest-model.ts';

export type Action = { kind: 'put-events'; events: string[]; batch: number } | { kind: 'partner-journey' };

export interface ScenarioPart {
  /** k6 scenario name: `[a-z0-9-]`. */
  name: string;
  /** The exported k6 function that runs one iteration. */
  exec: string;
  /** The environment variable (k6) that overrides `rate`. */
  rateVariable: string;
  /** Iterations a second. */
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
}

export interface Definitions {
  bus: string;
  events: LoadtestEvent[];
  api: PartnerApi;
  scenarios: Scenario[];
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
  const partners = (rate: number): ScenarioPart => ({
    name: 'partners',
    exec: 'partnersPollAndAnswer',
    rateVariable: 'PARTNERS_RATE',
    rate,
    action: { kind: 'partner-journey' },
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
        'Users placing requests and partners polling and answering, at the arrival rates USERS_RATE and PARTNERS_RATE.',
        '10m',
        [users, partners(600)],
      ),
    ],
  };
}

function scenario(name: string, description: string, duration: string, parts: ScenarioPart[]): Scenario {
  const thresholds: Record<string, string[]> = {};
  for (const part of parts) {
    thresholds[`http_req_failed{scenario:${part.name}}`] = [`rate<=${LIMITS.errorRate}`];
    thresholds[`http_req_duration{scenario:${part.name}}`] = [`p(95)<${LIMITS.p95}`, `p(99)<${LIMITS.p99}`];
    thresholds[`checks{scenario:${part.name}}`] = ['rate==1'];
  }
  return { name, file: `${name}.js`, description, duration, maxInFlight: 512, parts, thresholds };
}

export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * Thresholds only the Node runner can evaluate, against the local stack's partner sinks: the end-to-end
 * time from PutEvents sent to the partner's receipt, and the routing check.
 */
export const END_TO_END_THRESHOLDS: Record<string, string[]> = Object.freeze({
  e2e_latency: [`p(99)<${LIMITS.p99}`],
  lost: ['count==0'],
  misrouted: ['count==0'],
});
