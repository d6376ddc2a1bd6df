// The partner sinks in a worker thread: a partner's HTTP server is not Portico's work, so it gets an
// event loop of its own rather than the stack's (the load generator has another). Receipts stay in the
// thread until asked for; times use the shared clock() (metrics.ts), so they compare with the
// generator's acceptance times.
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { MessagePort } from 'node:worker_threads';
import type { RoutingReport } from './routing-check.ts';
import { tsWorker } from './ts-worker.ts';

export type SinkRequest = {
  id: number;
  kind: 'count' | 'report' | 'close' | 'sent-port';
  /** `report`: how many events the runner put (the report waits for all of them to come in). */
  events?: number;
  /** `sent-port`: where the runner sends each event it put (SentEvent batches). */
  port?: MessagePort;
};
export type SinkMessage =
  | { kind: 'ready'; endpoints: Record<string, string> }
  | { kind: 'answer'; id: number; count?: number; report?: RoutingReport & { acceptedAt: number[] } }
  | { kind: 'failed'; message: string };

export interface SinksThread {
  /** The endpoint of a partner's environment. */
  endpoint(partner: string, environment: string): string;
  /** Receipts so far. */
  count(): Promise<number>;
  /** Takes the runner's events put from this port (its other end goes to the runner). */
  listen(port: MessagePort): void;
  /** The routing check, once the `events` the runner put have all come in (or 10 s passed). */
  report(events: number): Promise<RoutingReport & { acceptedAt: number[] }>;
  /** The thread's event-loop utilisation (perf_hooks), since `since`. */
  utilisation(since?: EventLoopUtilization): EventLoopUtilization;
  close(): Promise<void>;
}

export async function startPartnerSinksThread(partners: readonly string[]): Promise<SinksThread> {
  const worker = tsWorker('./partner-sinks-worker-main.ts', { partners });
  const waiting = new Map<number, (m: Extract<SinkMessage, { kind: 'answer' }>) => void>();
  let nextId = 0;
  const endpoints = await new Promise<Record<string, string>>((resolve, reject) => {
    worker.on('message', (m: SinkMessage) => {
      if (m.kind === 'ready') resolve(m.endpoints);
      else if (m.kind === 'answer') {
        waiting.get(m.id)?.(m);
        waiting.delete(m.id);
      } else reject(new Error(`partner sinks (worker thread): ${m.message}`));
    });
    worker.once('error', (e) =>
      reject(new Error(`partner sinks (worker thread): ${e.message}`, { cause: e })),
    );
  });
  const ask = (kind: SinkRequest['kind'], events?: number) =>
    new Promise<Extract<SinkMessage, { kind: 'answer' }>>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      worker.postMessage({ id, kind, ...(events !== undefined ? { events } : {}) } satisfies SinkRequest);
    });
  return {
    endpoint(partner, environment) {
      const base = endpoints[partner];
      if (!base) throw new Error(`no sink for partner ${partner}`);
      return `${base}/${environment}`;
    },
    utilisation: (since) => worker.performance.eventLoopUtilization(since),
    count: async () => (await ask('count')).count ?? 0,
    listen: (port) =>
      worker.postMessage({ id: nextId++, kind: 'sent-port', port } satisfies SinkRequest, [port]),
    report: async (events) => {
      const report = (await ask('report', events)).report;
      if (!report) throw new Error('partner sinks (worker thread): no routing report');
      return report;
    },
    close: async () => {
      await ask('close');
      await worker.terminate();
    },
  };
}
