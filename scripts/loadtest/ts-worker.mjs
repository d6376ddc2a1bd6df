// Entry of the load test's worker threads (runner-thread.ts, partner-sinks-thread.ts). A worker starts
// without the main thread's module hooks, so it registers tsx's loader itself, then imports the
// TypeScript module named by its first argument.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
