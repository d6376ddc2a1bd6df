// The hand-written part of the generated k6 folder, emitted verbatim (after the do-not-edit header)
// as `lib/payloads.js` and `lib/k6-scenario.js`. Plain JavaScript checked by `tsc` against @types/k6
// (`loadtest/k6/tsconfig.json`, checkJs). payloads.js imports nothing, so the Node runner imports the
// generated file too and both runners build the same requests. Written without backquotes or
// dollar-brace so that it can sit inside String.raw here.

export const PAYLOADS_JS = String.raw`// Pure and deterministic (no k6 module, no clock unless given): k6 scripts and Portico's Node runner
// both import this file, so the two build byte-for-byte the same requests for the same iteration.

/**
 * @typedef {{ field: string, kind: 'uuid' } | { field: string, kind: 'timestamp' }
 *   | { field: string, kind: 'pick', values: (string | number | boolean)[] }
 *   | { field: string, kind: 'subset', values: (string | number)[] }
 *   | { field: string, kind: 'number', min: number, max: number }} Variation
 * @typedef {{ name: string, source: string, detailType: string, examples: Record<string, unknown>[], variations: Variation[] }} LoadtestEvent
 * @typedef {{ operationId: string, method: string, path: string }} ApiCall
 * @typedef {{ basePath: string, poll: ApiCall, read: ApiCall, postStatus: ApiCall, statusBodies: Record<string, unknown>[] }} PartnerApi
 * @typedef {{ kind: 'put-events', events: string[], batch: number } | { kind: 'partner-journey', statuses: string[] }} Action
 * @typedef {{ name: string, exec: string, rateVariable: string, rate: number, action: Action }} ScenarioPart
 * @typedef {{ name: string, file: string, description: string, duration: string, maxInFlight: number, parts: ScenarioPart[], thresholds: Record<string, string[]>, endToEndThresholds: Record<string, string[]> }} Scenario
 * @typedef {{ bus: string, events: LoadtestEvent[], api: PartnerApi, scenarios: Scenario[] }} Definitions
 * @typedef {{ method: string, path: string, headers: Record<string, string>, body: string | null, expected: number[], name: string }} HttpCall
 */

/**
 * mulberry32: a small, well-known 32-bit PRNG; seeded, so iteration i is the same everywhere.
 * @param {number} seed
 * @returns {() => number}
 */
export function prng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * FNV-1a of a string, to seed per event name and iteration.
 * @param {string} text
 */
export function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A version-4 UUID (RFC 9562, section 5.4) from the generator's bits.
 * @param {() => number} random
 */
export function uuid(random) {
  const hex = '0123456789abcdef';
  let out = '';
  for (let i = 0; i < 32; i++) {
    let digit = Math.floor(random() * 16);
    if (i === 12) digit = 4;
    if (i === 16) digit = 8 + (digit % 4);
    out += hex[digit];
    if (i === 7 || i === 11 || i === 15 || i === 19) out += '-';
  }
  return out;
}

/**
 * The detail of 'event' for one iteration: example 'iteration mod n', its fields varied.
 * @param {LoadtestEvent} event
 * @param {number} iteration
 * @param {number} nowMs
 * @returns {Record<string, unknown>}
 */
export function variedDetail(event, iteration, nowMs) {
  const random = prng(hash(event.name) ^ Math.imul(iteration + 1, 0x9e3779b1));
  const example = event.examples[iteration % event.examples.length] || {};
  /** @type {Record<string, unknown>} */
  const detail = JSON.parse(JSON.stringify(example));
  for (const v of event.variations) {
    if (!(v.field in detail)) continue;
    if (v.kind === 'uuid') detail[v.field] = uuid(random);
    else if (v.kind === 'timestamp') detail[v.field] = new Date(nowMs).toISOString();
    else if (v.kind === 'pick') detail[v.field] = v.values[Math.floor(random() * v.values.length)];
    // Log-uniform between min and max: each order of magnitude is as likely as the next.
    else if (v.kind === 'number') detail[v.field] = Math.round((v.min + Math.pow(v.max - v.min + 1, random()) - 1) * 100) / 100;
    else if (v.kind === 'subset') {
      const chosen = v.values.filter(() => random() < 0.3);
      detail[v.field] = chosen.length > 0 ? chosen : [v.values[Math.floor(random() * v.values.length)]];
    }
  }
  return detail;
}

/**
 * One PutEvents call (EventBridge JSON 1.1) carrying 'action.batch' entries.
 * @param {Definitions} defs
 * @param {{ kind: 'put-events', events: string[], batch: number }} action
 * @param {number} iteration
 * @param {number} nowMs
 * @returns {HttpCall}
 */
export function putEventsCall(defs, action, iteration, nowMs) {
  const entries = [];
  for (let k = 0; k < action.batch; k++) {
    const n = iteration * action.batch + k;
    const name = action.events[n % action.events.length];
    const event = defs.events.find((e) => e.name === name);
    if (!event) throw new Error('definitions: no event named ' + name);
    entries.push({ Source: event.source, DetailType: event.detailType, EventBusName: defs.bus, Detail: JSON.stringify(variedDetail(event, n, nowMs)) });
  }
  return {
    name: 'PutEvents',
    method: 'POST',
    path: '/',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSEvents.PutEvents' },
    body: JSON.stringify({ Entries: entries }),
    expected: [200],
  };
}

/**
 * How many entries a PutEvents answer accepted and how many it refused.
 * @param {string | null} body
 * @returns {{ accepted: number, failed: number, eventIds: string[] }}
 */
export function putEventsOutcome(body) {
  /** @type {{ Entries?: { EventId?: string }[] }} */
  const answer = body ? JSON.parse(body) : {};
  const entries = answer.Entries || [];
  const eventIds = [];
  for (const entry of entries) if (entry.EventId) eventIds.push(entry.EventId);
  return { accepted: eventIds.length, failed: entries.length - eventIds.length, eventIds };
}

/**
 * A page of the partner's newest new requests: a journey answers one of them, so ten candidates are
 * enough to keep concurrent journeys of one partner apart.
 * @param {PartnerApi} api
 * @param {string} apiKey
 * @returns {HttpCall}
 */
export function pollCall(api, apiKey) {
  return partnerCall(api, api.poll, apiKey, { path: {}, query: '?status=new&limit=10', body: null, headers: {}, expected: [200] });
}

/**
 * @param {PartnerApi} api
 * @param {string} apiKey
 * @param {string} requestId
 * @returns {HttpCall}
 */
export function readCall(api, apiKey, requestId) {
  return partnerCall(api, api.read, apiKey, { path: { requestId }, query: '', body: null, headers: {}, expected: [200] });
}

/**
 * A status for the request. The idempotency key is derived from the request and the status, so a
 * second partner instance answering the same request replays the first answer (200) instead of
 * recording it twice; a 409 is a request another caller moved on already.
 * @param {PartnerApi} api
 * @param {string} apiKey
 * @param {string} requestId
 * @param {string} status
 * @returns {HttpCall}
 */
export function statusCall(api, apiKey, requestId, status) {
  const key = requestId + ':' + status;
  return partnerCall(api, api.postStatus, apiKey, {
    path: { requestId },
    query: '',
    body: JSON.stringify({ status: status }),
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    expected: [200, 201, 409],
  });
}

/**
 * @param {PartnerApi} api
 * @param {ApiCall} call
 * @param {string} apiKey
 * @param {{ path: Record<string, string>, query: string, body: string | null, headers: Record<string, string>, expected: number[] }} parts
 * @returns {HttpCall}
 */
function partnerCall(api, call, apiKey, parts) {
  const path = call.path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(parts.path[name] || ''));
  return {
    name: call.operationId,
    method: call.method,
    path: api.basePath + path + parts.query,
    headers: Object.assign({ Accept: 'application/json', 'X-Api-Key': apiKey }, parts.headers),
    body: parts.body,
    expected: parts.expected,
  };
}

/**
 * The request a partner picks from a page of 'listRequests', or undefined when the page has none it
 * may take. A partner with several workers does not take a request one of them already has: 'taken'
 * (optional) holds those, and they are skipped.
 * @param {string | null} body
 * @param {number} iteration
 * @param {{ has(requestId: string): boolean }} [taken]
 * @returns {string | undefined}
 */
export function pickRequestId(body, iteration, taken) {
  /** @type {{ items?: { request_id?: string }[] }} */
  const page = body ? JSON.parse(body) : {};
  const items = (page.items || []).filter((i) => !(taken && i.request_id && taken.has(i.request_id)));
  const item = items.length > 0 ? items[iteration % items.length] : undefined;
  return item && item.request_id;
}
`;

export const K6_SCENARIO_JS = String.raw`// The k6 side of a scenario: options from the definitions (constant-arrival-rate executors, the
// thresholds) and one iteration of a part. Requests come from payloads.js, shared with the Node runner.
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { putEventsCall, putEventsOutcome, pollCall, readCall, statusCall, pickRequestId } from './payloads.js';

/**
 * @typedef {import('./payloads.js').Definitions} Definitions
 * @typedef {import('./payloads.js').Scenario} Scenario
 * @typedef {import('./payloads.js').ScenarioPart} ScenarioPart
 * @typedef {import('./payloads.js').HttpCall} HttpCall
 */

const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:4010').replace(/\/$/, '');
const API_KEYS = (__ENV.API_KEYS || __ENV.API_KEY || '').split(',').filter((k) => k.length > 0);

/**
 * k6 options for a scenario: each part is a constant-arrival-rate scenario (an open model: arrivals
 * do not wait for answers), its rate read from '<RATE_VARIABLE>' and its length from 'DURATION'.
 * @param {Scenario} scenario
 * @returns {import('k6/options').Options}
 */
export function optionsFor(scenario) {
  /** @type {Record<string, import('k6/options').Scenario>} */
  const scenarios = {};
  for (const part of scenario.parts) {
    const rate = Number(__ENV[part.rateVariable] || part.rate);
    scenarios[part.name] = {
      executor: 'constant-arrival-rate',
      exec: part.exec,
      rate,
      timeUnit: '1s',
      duration: __ENV.DURATION || scenario.duration,
      preAllocatedVUs: Math.max(1, Math.ceil(rate / 10)),
      maxVUs: scenario.maxInFlight,
    };
  }
  return { scenarios, thresholds: scenario.thresholds, discardResponseBodies: false };
}

/**
 * @param {HttpCall} call
 * @returns {import('k6/http').RefinedResponse<'text'>}
 */
function send(call) {
  return http.request(call.method, BASE_URL + call.path, call.body, {
    headers: call.headers,
    tags: { name: call.name },
    responseCallback: http.expectedStatuses(...call.expected),
  });
}

/**
 * One iteration of a part.
 * @param {Definitions} defs
 * @param {ScenarioPart} part
 */
export function runPart(defs, part) {
  const iteration = exec.scenario.iterationInTest;
  const action = part.action;
  if (action.kind === 'put-events') {
    const res = send(putEventsCall(defs, action, iteration, Date.now()));
    check(res, { 'every entry accepted': (r) => r.status === 200 && putEventsOutcome(/** @type {string} */ (r.body)).failed === 0 });
    return;
  }
  const apiKey = API_KEYS[iteration % Math.max(1, API_KEYS.length)] || '';
  const page = send(pollCall(defs.api, apiKey));
  check(page, { 'poll answered 200': (r) => r.status === 200 });
  const requestId = page.status === 200 ? pickRequestId(/** @type {string} */ (page.body), iteration) : undefined;
  if (!requestId) return;
  const read = send(readCall(defs.api, apiKey, requestId));
  check(read, { 'read answered 200': (r) => r.status === 200 });
  for (const next of action.statuses) {
    const status = send(statusCall(defs.api, apiKey, requestId, next));
    check(status, { 'status recorded or replayed': (r) => r.status === 200 || r.status === 201 || r.status === 409 });
    if (status.status === 409) return;
  }
}
`;
