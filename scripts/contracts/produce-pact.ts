// Runs pact-js (V4 builder, the Rust mock server behind it) over a pact definition so that the
// pact file is written by the Pact library itself, exactly as a hand-written consumer test would
// write it. Each HTTP interaction is replayed against the mock server: by default with its own
// example values, or by `send` (a real client: the marketplace's delivery, a partner SDK).
import { setTimeout as sleep } from 'node:timers/promises';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { getFfiLib } from '@pact-foundation/pact-core';
import { Agent, fetch } from 'undici';
import type { V3MockServer } from '@pact-foundation/pact';
import { examplePath } from './interaction.ts';
import type {
  HttpInteraction,
  HttpPactDefinition,
  MessageInteraction,
  MessagePactDefinition,
} from './interaction.ts';

export type SendRequest = (interaction: HttpInteraction, mockServer: V3MockServer) => Promise<void>;
export type ReceiveMessage = (message: MessageInteraction, contents: unknown) => Promise<void>;

export async function produceHttpPact(
  def: HttpPactDefinition,
  dir: string,
  send: SendRequest = sendExample,
): Promise<void> {
  const pact = new PactV4({ consumer: def.consumer, provider: def.provider, dir, logLevel: 'error' });
  for (const i of def.interactions) {
    let builder = pact.addInteraction();
    for (const state of i.states) builder = builder.given(state.name, state.params);
    for (const comment of i.comments ?? []) builder = builder.comment(comment);
    const { request: rq, response: rs } = i;
    await builder
      .uponReceiving(i.description)
      .withRequest(rq.method, rq.path as never, (b) => {
        if (rq.query) b.query(rq.query as never);
        if (rq.headers) b.headers(rq.headers as never);
        if (rq.body !== undefined) withJson(b, rq.contentType, rq.body);
      })
      .willRespondWith(rs.status as never, (b) => {
        if (rs.headers) b.headers(rs.headers as never);
        if (rs.body !== undefined) withJson(b, rs.contentType, rs.body);
      })
      .executeTest(async (mockServer) => {
        await send(i, mockServer);
        await requestsRecorded(mockServer.port);
      });
  }
}

/**
 * Resolves once the mock server has booked every request it expects. The Rust mock server answers a
 * request before it books the match (pact-foundation/pact-reference#535, pact-core-mock-server#13), and
 * pact-js reads the bookings as soon as the test function returns: on a loaded machine the booking
 * came later, and pact-js reported "expected but not received" for a request it had answered. This
 * waits for the booking itself (nothing is sent again); a request that never arrived is still
 * reported by pact-js, after `limitMs`.
 */
async function requestsRecorded(port: number, limitMs = 10_000): Promise<void> {
  const ffi = getFfiLib();
  const deadline = performance.now() + limitMs;
  for (;;) {
    const results = JSON.parse(ffi.pactffiMockServerMismatches(port)) as { type?: string }[];
    if (!results.some((r) => r.type === 'missing-request') || performance.now() > deadline) return;
    await sleep(5);
  }
}

export async function produceMessagePact(
  def: MessagePactDefinition,
  dir: string,
  receive: ReceiveMessage = async () => {},
): Promise<void> {
  const pact = new PactV4({ consumer: def.consumer, provider: def.provider, dir, logLevel: 'error' });
  for (const m of def.messages) {
    let builder = pact.addAsynchronousInteraction();
    for (const state of m.states) builder = builder.given(state.name, state.params);
    for (const comment of m.comments ?? []) builder = builder.comment(comment);
    await builder
      .expectsToReceive(m.description, (b) => b.withJSONContent(m.contents).withMetadata({ ...m.metadata }))
      .executeTest((message) => receive(m, message.contents.content));
  }
}

/**
 * A JSON body under its own media type (`application/merge-patch+json`, `application/problem+json`):
 * pact-js's `jsonBody` keeps a Content-Type header that is already set.
 */
function withJson(
  b: { headers(h: never): unknown; jsonBody(body: unknown): unknown },
  type: string | undefined,
  body: unknown,
): void {
  if (type !== undefined && type !== 'application/json') b.headers({ 'Content-Type': type } as never);
  b.jsonBody(body);
}

/** Replays the interaction's own example request: enough for the mock server to record it. */
export async function sendExample(i: HttpInteraction, mockServer: V3MockServer): Promise<void> {
  const url = new URL(examplePath(i.request.path).replace(/^\//, ''), `${mockServer.url}/`);
  for (const [k, v] of Object.entries(MatchersV3.reify(i.request.query ?? {}) as Record<string, unknown>)) {
    for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(one));
  }
  const headers = MatchersV3.reify(i.request.headers ?? {}) as Record<string, string>;
  const body = i.request.body === undefined ? undefined : JSON.stringify(MatchersV3.reify(i.request.body));
  if (body !== undefined) headers['content-type'] = i.request.contentType ?? 'application/json';
  // A fresh connection per request: each interaction gets its own mock server, often on a port an
  // earlier one used, and a pooled keep-alive socket to the old server would lose the request.
  const dispatcher = new Agent({ pipelining: 0 });
  try {
    const res = await fetch(url, { method: i.request.method, headers, body, dispatcher });
    await res.arrayBuffer();
  } finally {
    await dispatcher.close();
  }
}
