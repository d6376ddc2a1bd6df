// The process the crash test kills: a bus on a database file, one rule with two targets, the port on stdout.
import { DeliveryQueue } from '../../delivery/delivery-queue.ts';
import { createLocalBus } from '../local-bus.ts';
import { SecretBox } from '../resources/secret-box.ts';
import { startBusServer } from '../server/http-server.ts';
import { openDatabase } from '../store/open-database.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-child.ts <database file>');
const db = openDatabase(file);
const bus = createLocalBus({
  db,
  deliveries: new DeliveryQueue(db),
  secretBox: new SecretBox(Buffer.alloc(32, 1)),
});
bus.rules.put({
  bus: 'default',
  name: 'all-crash',
  eventPattern: '{"source":["crash"]}',
  state: 'ENABLED',
  targets: [
    { Id: 'a', Arn: 'arn:aws:sqs:eu-west-1:000000000000:a' },
    { Id: 'b', Arn: 'arn:aws:sqs:eu-west-1:000000000000:b' },
  ],
});
const server = await startBusServer(bus, { port: 0 });
process.stdout.write(`${server.port}\n`);
