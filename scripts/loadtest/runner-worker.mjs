// Entry of the load generator's worker thread (runner-thread.ts). A worker starts without the main
// thread's module hooks, so it registers tsx's loader itself before importing the TypeScript runner.
import { register } from 'tsx/esm/api';

register();
await import('./runner-worker-main.ts');
