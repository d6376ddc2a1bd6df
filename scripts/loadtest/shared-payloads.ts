// The request builders of the generated `loadtest/k6/lib/payloads.js`, imported by the Node runner so
// that it sends exactly what the k6 scripts send. The file is plain JavaScript (the main tsconfig does
// not check it), hence the interface declared here and the dynamic import.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Definitions, ScenarioPart } from './scenarios.ts';

export interface HttpCall {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | null;
  expected: number[];
}

type PutEvents = Extract<ScenarioPart['action'], { kind: 'put-events' }>;

export interface PayloadsModule {
  variedDetail(
    event: Definitions['events'][number],
    iteration: number,
    nowMs: number,
  ): Record<string, unknown>;
  putEventsCall(defs: Definitions, action: PutEvents, iteration: number, nowMs: number): HttpCall;
  putEventsOutcome(body: string | null): { accepted: number; failed: number; eventIds: string[] };
  pollCall(api: Definitions['api'], apiKey: string): HttpCall;
  readCall(api: Definitions['api'], apiKey: string, requestId: string): HttpCall;
  statusCall(api: Definitions['api'], apiKey: string, requestId: string, status: string): HttpCall;
  pickRequestId(
    body: string | null,
    iteration: number,
    taken?: { has(requestId: string): boolean },
  ): string | undefined;
}

export const PAYLOADS_URL = new URL('../../loadtest/k6/lib/payloads.js', import.meta.url);

export async function loadPayloads(): Promise<PayloadsModule> {
  if (!existsSync(fileURLToPath(PAYLOADS_URL))) {
    throw new Error(
      `${fileURLToPath(PAYLOADS_URL)} is missing: run \`portico generate\` to write loadtest/k6/`,
    );
  }
  return (await import(PAYLOADS_URL.href)) as PayloadsModule;
}
