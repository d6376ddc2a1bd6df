// Entry of the runtime's TypeScript worker threads (the Marketplace API's: marketplace/api-thread.ts).
// A worker starts without the main thread's module hooks, so it registers tsx's loader itself, then
// imports the module named by its first argument.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
