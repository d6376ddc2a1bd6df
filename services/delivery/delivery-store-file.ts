// Opens the runtime's database file for the `portico deliveries` and `portico dlq` commands. They read
// (and, for a redrive, write) the file directly, so they work whether or not `portico dev` is running:
// SQLite's WAL lets them read beside the running bus, whose worker picks redriven deliveries up within
// its poll interval (1 s).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_IDENTITY } from '../bus/arns.ts';
import { LocalQueues } from '../bus/queues/local-queues.ts';
import { openDatabase } from '../bus/store/open-database.ts';
import { DeliveryQueue } from './delivery-queue.ts';

export function deliveryDatabaseFile(dataDir = process.env.PORTICO_DATA_DIR ?? '.portico'): string {
  return resolve(join(dataDir, 'portico.db'));
}

export class MissingDatabaseError extends Error {}

export function openDeliveryStore(file = deliveryDatabaseFile()) {
  if (!existsSync(file)) {
    throw new MissingDatabaseError(
      `No Portico database at ${file}: start the bus with \`portico dev\`, or set PORTICO_DATA_DIR to where it keeps portico.db`,
    );
  }
  const db = openDatabase(file);
  return {
    db,
    queue: new DeliveryQueue(db),
    queues: new LocalQueues(db, DEFAULT_IDENTITY),
    close: () => db.close(),
  };
}

export type DeliveryStore = ReturnType<typeof openDeliveryStore>;
