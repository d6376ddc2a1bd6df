// Partners' HTTP exchanges off the delivery worker's thread. Profiled at 1,200 events/s, 13 % of the
// stack's main thread (the bottleneck for request latency) was undici's pool dispatch, socket writes
// and response parsing. The main thread keeps everything that decides (destination, credentials,
// signing, rate lanes, retries) and the one SQLite committer; the sender thread (sender-thread-main.ts)
// owns the pools, behind the same outbound guard, and only moves bytes.
//
// Sends are batched: queued, then posted in one message per turn of the event loop (at ~700 sends/s a
// message each would cost more than it saves); the thread answers in batches likewise.
// If the thread dies, the sends in flight fail as retryable network errors (the delivery worker retries
// them with the same webhook-id) and the next send starts a new thread; a thread that dies before it is
// ready, or too often, is replaced by the in-thread sender for the rest of the run.
import type { EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { silentLogger } from './delivery-logger.ts';
import type { HttpSender, SendOptions, SendResult } from './http-send.ts';
import { PoolSender, type PoolSettings } from './pool-sender.ts';
import {
  sendErrorFromWire,
  type FromSenderThread,
  type ToSenderThread,
  type WireResult,
  type WireSend,
} from './sender-wire.ts';

const ENTRY = new URL('../runtime/ts-thread.mjs', import.meta.url);
const MAIN = new URL('./sender-thread-main.ts', import.meta.url).href;
/** Thread deaths after which sends stay on this thread (a thread that keeps dying costs a start each time). */
const MAX_RESTARTS = 5;

/** Why a send in flight failed: its thread ended. The invoker classifies it as a retryable network error. */
export class SenderThreadExitedError extends Error {
  readonly code = 'ERR_SENDER_THREAD_EXITED';
}

interface Pending {
  resolve: (r: SendResult) => void;
  reject: (e: Error) => void;
}

export class ThreadSender implements HttpSender {
  private worker: Worker | undefined;
  private ready = false;
  private restarts = 0;
  private fallback: PoolSender | undefined;
  private readonly pending = new Map<number, Pending>();
  private outbox: WireSend[] = [];
  private flushing = false;
  private nextId = 1;
  private closing: Promise<void> | undefined;
  private onClosed: (() => void) | undefined;

  constructor(
    private readonly settings: PoolSettings,
    private readonly logger: Logger = silentLogger,
  ) {
    this.worker = this.spawn();
  }

  send(origin: string, o: SendOptions): Promise<SendResult> {
    if (this.fallback) return this.fallback.send(origin, o);
    if (this.closing) return Promise.reject(new SenderThreadExitedError('the sender is closed'));
    this.worker ??= this.spawn();
    const id = this.nextId++;
    this.outbox.push({ ...o, id, origin });
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => this.flush());
    }
    if (this.pending.size === 0) this.worker.ref(); // keep the process up while an answer is due
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  /** The thread's event-loop utilisation since it started, or since `since` (zero when it is not running). */
  utilisation(since?: EventLoopUtilization): EventLoopUtilization {
    if (this.worker) return this.worker.performance.eventLoopUtilization(since);
    return { idle: 0, active: 0, utilization: 0 };
  }

  /** Ends the thread at once, as a crash would: what it had in flight fails as retryable. */
  async terminateThread(): Promise<void> {
    await this.worker?.terminate();
  }

  /** Lets the exchanges in flight finish (their results are delivered), then ends the thread. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      this.flush();
      const worker = this.worker;
      if (worker) {
        const closed = new Promise<void>((resolve) => (this.onClosed = resolve));
        worker.postMessage({ kind: 'close' } satisfies ToSenderThread);
        await closed;
        await worker.terminate();
      }
      await this.fallback?.close();
    })());
  }

  private flush(): void {
    this.flushing = false;
    if (this.outbox.length === 0 || !this.worker) return;
    const sends = this.outbox;
    this.outbox = [];
    this.worker.postMessage({ kind: 'send', sends } satisfies ToSenderThread);
  }

  private spawn(): Worker {
    // Not awaited: sends posted before the thread is up wait in its port, and `portico dev` starts at once.
    const worker = new Worker(ENTRY, { argv: [MAIN], workerData: this.settings });
    this.ready = false;
    worker.unref();
    worker.on('message', (m: FromSenderThread) => {
      if (m.kind === 'results') this.settle(worker, m.results);
      else if (m.kind === 'ready') this.ready = true;
      else this.onClosed?.();
    });
    worker.on('error', (error) =>
      this.logger.error(
        { error: error.message },
        'the sender thread failed; its sends in flight are retried',
      ),
    );
    worker.once('exit', (code) => this.exited(worker, code));
    return worker;
  }

  private settle(worker: Worker, results: WireResult[]): void {
    for (const r of results) {
      const p = this.pending.get(r.id);
      if (!p) continue;
      this.pending.delete(r.id);
      if (!r.ok) p.reject(sendErrorFromWire(r.error));
      else {
        const headers = r.headers;
        p.resolve({ status: r.status, snippet: r.snippet, header: (name) => headers[name] });
      }
    }
    if (this.pending.size === 0) worker.unref();
  }

  private exited(worker: Worker, code: number): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.onClosed?.(); // a close waiting for `closed` from a thread that died
    // What the thread had: lost with it. What was still queued here: never left, sent below.
    const queued = this.outbox;
    this.outbox = [];
    const waiting = new Map(queued.map((s) => [s.id, this.pending.get(s.id)!]));
    for (const [id, p] of this.pending)
      if (!waiting.has(id))
        p.reject(
          new SenderThreadExitedError(`the sender thread exited (${code}) with this request in flight`),
        );
    this.pending.clear();
    if (!this.closing && (!this.ready || ++this.restarts > MAX_RESTARTS)) {
      this.logger.warn(
        { code, restarts: this.restarts },
        'the sender thread keeps failing; partners are sent to from the main thread',
      );
      this.fallback = new PoolSender(this.settings);
    }
    for (const s of queued) {
      const p = waiting.get(s.id)!;
      if (this.closing) p.reject(new SenderThreadExitedError('the sender is closed'));
      else if (this.fallback) this.fallback.send(s.origin, s).then(p.resolve, p.reject);
      else this.send(s.origin, s).then(p.resolve, p.reject);
    }
  }
}
