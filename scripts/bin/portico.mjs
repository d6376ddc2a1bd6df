#!/usr/bin/env node
// The `portico` command. The toolkit is TypeScript, run through tsx's loader so that a fresh clone
// needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
