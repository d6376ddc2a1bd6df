import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DeliveryQueue } from '../../delivery/delivery-queue.ts';
import { createLocalBus, type LocalBus, type LocalBusOptions } from '../local-bus.ts';
import { SecretBox } from '../resources/secret-box.ts';
import { startBusServer, type BusServer } from '../server/http-server.ts';
import { openDatabase } from '../store/open-database.ts';

export interface TestBus {
  bus: LocalBus;
  server: BusServer;
  client: EventBridgeClient;
  deliveries: DeliveryQueue;
  close(): Promise<void>;
}

/** A bus on an in-memory database and a free port, with the real SDK client pointed at it. */
export async function startTestBus(
  opts: Partial<Pick<LocalBusOptions, 'validation' | 'clock' | 'endpointPolicy'>> & { file?: string } = {},
): Promise<TestBus> {
  const db = openDatabase(opts.file ?? ':memory:');
  const deliveries = new DeliveryQueue(db);
  const bus = createLocalBus({
    db,
    deliveries,
    secretBox: new SecretBox(Buffer.alloc(32, 7)),
    // As `portico dev`: OAuth token servers in tests listen on 127.0.0.1 over http.
    endpointPolicy: opts.endpointPolicy ?? { allowHttp: true, allowPrivateNetworks: true },
    ...(opts.validation ? { validation: opts.validation } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const server = await startBusServer(bus, { port: 0 });
  const client = new EventBridgeClient({
    region: 'eu-west-1',
    endpoint: server.url,
    credentials: { accessKeyId: 'dummy', secretAccessKey: 'dummy' },
    maxAttempts: 1,
  });
  return {
    bus,
    server,
    client,
    deliveries,
    async close() {
      client.destroy();
      await server.close();
      await bus.scheduler.stop();
      await bus.replayRunner.stop();
      await bus.authorizer.stop();
      bus.commits.flush();
      db.close();
    },
  };
}
