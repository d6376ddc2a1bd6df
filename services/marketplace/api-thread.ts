// The Marketplace API in a worker thread of its own: the second core's share of `portico dev`.
// On one event loop, partners' requests queued behind the bus's ingestion, the delivery worker and
// the consumers (loadtest/RESULTS.md: request p99 in the hundreds of milliseconds at 1,200 events/s
// while the second core idled). In its thread the API parses, authenticates, validates and reads on
// its own (its own SQLite connection; WAL readers do not wait for the writer), and hands this thread
// only what must be committed: its writes and its events. Those run here, on the objects the
// in-process API uses, through the bus's one commit queue (events through the PutEvents operation),
// so there is still one committer and nothing is answered before it is on disk.
//
// Like a second Lambda instance behind API Gateway, it has its own URL (a loopback port) and its own
// in-memory state (rate limiter, per-request locks); the bus's port keeps serving /api in-process.
import type { EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { CataloguePartner } from '../marketplace-api/partner-registry.ts';
import { answer, type RpcCall, type RpcReply } from './thread-rpc.ts';

/** What the thread is started with (structured clone). */
export interface ApiThreadData {
  dbFile: string;
  dataDir: string;
  partners: readonly CataloguePartner[];
  rate?: { perSecond: number; burst: number };
  logLevel: string;
  /** Whether the bus's thread answers `deliveries` calls (the partner's delivery log). */
  deliveries: boolean;
  port: number;
}

/** From the thread. */
export type ApiThreadMessage =
  RpcCall | { kind: 'ready'; url: string } | { kind: 'failed'; message: string } | { kind: 'closed' };

/** To the thread. */
export type ToApiThread =
  RpcReply | { kind: 'reload'; partners: readonly CataloguePartner[] } | { kind: 'close' };

export interface ApiThread {
  /** `http://127.0.0.1:<port>`; the API is under `/api`. */
  url: string;
  reload(partners: readonly CataloguePartner[]): void;
  /** The thread's event-loop utilisation since it started, or since `since`. */
  utilisation(since?: EventLoopUtilization): EventLoopUtilization;
  /** Finishes the requests in flight (their writes answered here), then ends the thread. */
  close(): Promise<void>;
}

const ENTRY = new URL('../runtime/ts-thread.mjs', import.meta.url);

export async function startApiThread(
  data: ApiThreadData,
  /** The objects the thread's calls reach: `store.changeStatus`, `publisher.put`, … */
  targets: Readonly<Record<string, object>>,
): Promise<ApiThread> {
  const worker = new Worker(ENTRY, {
    argv: [new URL('./api-thread-main.ts', import.meta.url).href],
    workerData: data,
  });
  let onClosed: (() => void) | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    worker.on('message', (m: ApiThreadMessage) => {
      if (m.kind === 'call') void answer(targets, m).then((reply) => worker.postMessage(reply));
      else if (m.kind === 'ready') resolve(m.url);
      else if (m.kind === 'closed') onClosed?.();
      else reject(new Error(`Marketplace API thread: ${m.message}`));
    });
    worker.once('error', (e) => reject(new Error(`Marketplace API thread: ${e.message}`, { cause: e })));
    worker.once('exit', (code) =>
      reject(new Error(`Marketplace API thread exited (${code}) before it was ready`)),
    );
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  let closing: Promise<void> | undefined;
  return {
    url,
    reload: (partners) => worker.postMessage({ kind: 'reload', partners } satisfies ToApiThread),
    utilisation: (since) => worker.performance.eventLoopUtilization(since),
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => (onClosed = resolve));
        worker.postMessage({ kind: 'close' } satisfies ToApiThread);
        await closed;
        await worker.terminate();
      })()),
  };
}
