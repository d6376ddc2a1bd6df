// Child process for the crash test: runs a delivery worker on a database file until it is killed.
// argv: <db file> <partner endpoint> <api-destination name>
import { LocalQueues } from '../../bus/queues/local-queues.ts';
import { openDatabase } from '../../bus/store/open-database.ts';
import { ApiDestinationInvoker } from '../api-destination-invoker.ts';
import { DeliveryQueue } from '../delivery-queue.ts';
import { DeliveryWorker } from '../delivery-worker.ts';
import { MemoryDirectory } from './memory-directory.ts';

const [file, endpoint, name] = process.argv.slice(2) as [string, string, string];
const db = openDatabase(file);
const directory = new MemoryDirectory();
const conn = directory.addConnection('crash', 'API_KEY', {
  ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k' },
});
directory.addDestination(name, endpoint, conn, { secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] });
const worker = new DeliveryWorker({
  queue: new DeliveryQueue(db),
  queues: new LocalQueues(db, { region: 'eu-west-1', accountId: '000000000000' }),
  invokers: [
    new ApiDestinationInvoker({
      directory,
      endpointPolicy: { allowHttp: true, allowPrivateNetworks: true },
      timeoutMs: 60_000,
    }),
  ],
  pollIntervalMs: 50,
});
worker.start();
process.stdout.write('started\n');
