// Entry of the partner sinks' worker thread (partner-sinks-thread.ts): tsx's loader first, as in
// runner-worker.mjs, then the TypeScript side.
import { register } from 'tsx/esm/api';

register();
await import('./partner-sinks-worker-main.ts');
