import { beforeAll, describe, expect, it } from 'vitest';
import { realLoadtestModel } from '../generate/loadtest/loadtest-fixture.ts';
import type { LoadtestModel } from '../generate/loadtest/loadtest-model.ts';
import { eventsPerIteration, PARTNER_JOURNEY, scenarioDefinitions } from './scenarios.ts';

let model: LoadtestModel;
beforeAll(async () => {
  model = await realLoadtestModel();
});

describe('scenarioDefinitions', () => {
  it.each([
    ['ingest', { want: { partners: false } }],
    ['marketplace-api', { want: { partners: true } }],
    ['day-in-the-marketplace', { want: { partners: true } }],
  ])('%s: end-to-end thresholds count duplicates apart and fail on them only if asked', (name, { want }) => {
    const scenario = scenarioDefinitions(model).scenarios.find((s) => s.name === name)!;
    expect(Object.keys(scenario.endToEndThresholds).sort()).toEqual([
      'e2e_latency',
      'lost',
      'misrouted',
      'status_events_failed',
    ]);
    const journey = scenario.parts.find((p) => p.action.kind === 'partner-journey');
    expect(journey !== undefined).toBe(want.partners);
    if (journey)
      expect(journey.action).toEqual({ kind: 'partner-journey', statuses: ['in-progress', 'accepted'] });
  });

  it('day-in-the-marketplace puts 1,200 events a second by default: 600 requests and 600 statuses', () => {
    const day = scenarioDefinitions(model).scenarios.find((s) => s.name === 'day-in-the-marketplace')!;
    const events = Object.fromEntries(day.parts.map((p) => [p.name, p.rate * eventsPerIteration(p)]));
    expect(events).toEqual({ users: 600, partners: 600 });
  });

  it('refuses a catalogue whose status enum lacks a journey status', () => {
    const api = { ...model.api, statusBodies: [{ status: PARTNER_JOURNEY[0] }] };
    expect(() => scenarioDefinitions({ ...model, api })).toThrow(
      'postRequestStatus: the status enum lacks accepted; the partner scenarios post them',
    );
  });
});
