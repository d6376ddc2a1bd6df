// Entry of the load test's worker thread (runner-thread.ts) and of its load process (load-process.ts).
// Either starts without the parent's module hooks, so it registers tsx's loader itself, then imports
// the TypeScript module named by its first argument.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
