// One HTTP request through an undici dispatcher's handler API rather than `request()`: no body stream,
// no promise per chunk, one promise per attempt (the worker sends thousands a second). What the
// delivery log needs is the status, the headers and the first bytes of the body.
// The same function runs on the main thread (pool-sender.ts) or in the sender thread (sender-thread.ts),
// so every option is plain data that a structured clone carries.
import type { Dispatcher } from 'undici';

export interface SendOptions {
  path: string;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body: string;
  /** undici's connect/headers and between-chunks timeouts. */
  timeoutMs: number;
  /**
   * When reading the body stops, on the timeline every thread shares: `performance.timeOrigin +
   * performance.now()` (each thread's `now()` counts from its own origin).
   */
  deadline: number;
  snippetBytes: number;
  /** Read and drop up to this much so the connection can be reused; a larger body is cut. */
  maxDrainedBytes: number;
  /** Lower-case names of the response headers `header()` may be asked for (a thread sends back only these). */
  responseHeaders: readonly string[];
}

export interface SendResult {
  status: number;
  /** A response header's value, parsed only when asked for (most answers need none). */
  header(name: string): string | undefined;
  snippet: string;
}

/**
 * Rejects with undici's error when there is no status line (refused, reset, timed out). Once the status
 * line has answered, the outcome is settled: a body cut at the deadline, past `maxDrainedBytes`, or by a
 * reset still resolves, with the bytes read so far.
 * The handler is undici's callback form (onConnect/onHeaders/onData/onComplete/onError), the one its own
 * `request()` is built on and the only one Pool.dispatch takes without an adapter in undici 7.
 */
export function send(dispatcher: Dispatcher, o: SendOptions): Promise<SendResult> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let rawHeaders: Buffer[] = [];
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let abort: ((err?: Error) => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      const raw = rawHeaders;
      resolve({
        status,
        header: (name) => headerValue(raw, name),
        snippet:
          chunks.length === 0 ? '' : Buffer.concat(chunks).subarray(0, o.snippetBytes).toString('utf8'),
      });
    };
    const cut = (why: string) => {
      finish();
      abort?.(new Error(why));
    };
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortRequest) {
        abort = abortRequest;
      },
      onHeaders(statusCode, headers) {
        if (statusCode < 200) return true; // 1xx informational: the real answer follows
        status = statusCode;
        rawHeaders = headers;
        // No body to wait for (the end follows the headers): no deadline timer either.
        if (statusCode !== 204 && statusCode !== 304)
          timer = setTimeout(() => cut('body past the deadline'), Math.max(0, o.deadline - sharedNow()));
        return true;
      },
      onData(chunk) {
        if (size < o.snippetBytes) chunks.push(chunk);
        size += chunk.length;
        if (size > o.maxDrainedBytes) cut('body too large to drain');
        return true;
      },
      onComplete: finish,
      onError(error) {
        if (settled) return;
        if (status !== 0) return finish(); // reset after the status line: it has answered
        settled = true;
        reject(error);
      },
    };
    dispatcher.dispatch(
      {
        path: o.path,
        method: o.method,
        headers: o.headers,
        body: o.body,
        headersTimeout: o.timeoutMs,
        bodyTimeout: o.timeoutMs,
      },
      handler,
    );
  });
}

/** Milliseconds on the timeline shared by every thread of the process (see `SendOptions.deadline`). */
export function sharedNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Sends through pools it owns, one per origin: on this thread (pool-sender.ts) or another (sender-thread.ts). */
export interface HttpSender {
  /** Rejects as `send` does (an EndpointRefusedError in the cause chain when the guard refused). */
  send(origin: string, o: SendOptions): Promise<SendResult>;
  close(): Promise<void>;
}

/** The first value of a header in undici's raw [name, value, name, value...] list. */
function headerValue(raw: Buffer[], name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toString('latin1').toLowerCase() === name) return raw[i + 1]!.toString('latin1');
  }
  return undefined;
}
