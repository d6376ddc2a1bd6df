// The local event bus: EventBridge's JSON 1.1 API on 127.0.0.1:4010, durable in SQLite. docs/local-bus.md.
export { openDatabase } from './store/open-database.ts';
export {
  createLocalBus,
  type LocalBus,
  type LocalBusOptions,
  type ValidationMode,
  type DeliverySink,
} from './local-bus.ts';
export { startBusServer, type BusServer, type MountedHandler } from './server/http-server.ts';
export { putEvents } from './ingest.ts';
export { LocalQueues } from './queues/local-queues.ts';
export { FunctionRegistry, type LambdaHandler } from './targets/function-registry.ts';
export { lambdaInvoker } from './targets/lambda-invoker.ts';
export { queueInvoker } from './targets/queue-invoker.ts';
export { busInvoker } from './targets/bus-invoker.ts';
export type { DestinationDirectory } from './resources/destination-directory.ts';
export { SecretBox } from './resources/secret-box.ts';
export * from './arns.ts';
