#!/usr/bin/env node
// The `portico` command. The toolkit is TypeScript, run through tsx's loader so that a fresh clone
// needs no build step.

// The AWS SDK warns on every process that Node 20 support ends in January 2027 (eight lines, before
// any output of ours); README "Known limits" says it once. The SDK's own switch turns it off.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** A package (not a file of ours) that cannot be found: node_modules is missing or incomplete. */
function missingPackage(error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  const name = /Cannot find (?:package|module) '([^']+)'/.exec(String(error.message))?.[1];
  return name && !name.startsWith('/') && !name.startsWith('.') ? name : undefined;
}

let main;
try {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
} catch (error) {
  const name = missingPackage(error);
  if (!name) throw error;
  console.error(`portico: the dependencies are not installed (cannot find ${name}): run npm install`);
  process.exit(1);
}
process.exitCode = await main(process.argv);
