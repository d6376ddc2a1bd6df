// Starts a worker thread running a TypeScript module of this folder (through ts-worker.mjs).
import { Worker, type TransferListItem } from 'node:worker_threads';

const ENTRY = new URL('./ts-worker.mjs', import.meta.url);

export function tsWorker(module: string, workerData: unknown, transferList: TransferListItem[] = []): Worker {
  return new Worker(ENTRY, { argv: [new URL(module, import.meta.url).href], workerData, transferList });
}
