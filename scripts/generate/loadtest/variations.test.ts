// Every payload the load test puts is valid against the catalogue, for many iterations: the
// variations only ever choose values the schemas allow.
import { beforeAll, describe, expect, it } from 'vitest';
import { validateDetail } from '../../../generated/validators/index.ts';
import { loadPayloads, type PayloadsModule } from '../../loadtest/shared-payloads.ts';
import { realLoadtestModel } from './loadtest-fixture.ts';
import type { LoadtestModel } from './loadtest-model.ts';

let model: LoadtestModel;
let payloads: PayloadsModule;

beforeAll(async () => {
  model = await realLoadtestModel();
  payloads = await loadPayloads();
});

describe('varied payloads', () => {
  it('stay valid against the catalogue schemas over 300 iterations of every event', () => {
    const invalid: string[] = [];
    for (const event of model.events) {
      for (let i = 0; i < 300; i++) {
        const detail = payloads.variedDetail(event, i, Date.UTC(2025, 10, 20));
        const result = validateDetail(event.source, event.detailType, detail);
        if (!result || !result.ok) invalid.push(`${event.name} #${i}: ${JSON.stringify(result)}`);
      }
    }
    expect(invalid.slice(0, 3)).toEqual([]);
  });

  it('differ from one iteration to the next when the example has an id, and are the same for the same iteration', () => {
    const event = model.events.find((e) => e.name === 'RequestCreated')!;
    // The legacy example carries no id and no routing field but `3rdparty`: it is put as it stands.
    const withId = Array.from({ length: 60 }, (_, i) => payloads.variedDetail(event, i, 0)).filter(
      (d) => 'request_id' in d,
    );
    expect(withId.length).toBe(40);
    expect(new Set(withId.map((d) => JSON.stringify(d))).size).toBe(40);
    expect(payloads.variedDetail(event, 7, 0)).toEqual(payloads.variedDetail(event, 7, 0));
  });

  it('keep the legacy example legacy: no field is added', () => {
    const event = model.events.find((e) => e.name === 'RequestCreated')!;
    expect(Object.keys(payloads.variedDetail(event, 0, 0)).sort()).toEqual(
      Object.keys(event.examples[0]!).sort(),
    );
  });
});
