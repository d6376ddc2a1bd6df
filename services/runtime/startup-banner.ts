import type { Runtime } from './dev-runtime.ts';

/** What `portico dev` prints once the bus listens: the URL, the catalogue, and a command that works. */
export function startupBanner(runtime: Runtime): string[] {
  const lines = [`Portico event bus listening on ${runtime.url}`];
  const report = runtime.catalog;
  if (report) {
    lines.push(
      `  catalogue: ${report.rules} rules on bus marketplace, ${report.apiDestinations} API destinations`,
    );
    for (const s of report.skipped) lines.push(`  skipped rule ${s.rule}: ${s.reason}`);
    for (const k of report.keptApiChanges)
      lines.push(
        `  kept from the API (the catalogue has not changed them): ${k.resource} ${k.fields.join(', ')}`,
      );
    if (report.unsetSecrets.length > 0) {
      lines.push(`  secrets not set, dev placeholders used: ${report.unsetSecrets.join(', ')}`);
    }
  }
  lines.push('  watch:     npx portico events --follow     queues: npx portico queues list');
  lines.push('Put the walkthrough event (any credentials are accepted locally):');
  lines.push(
    `  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws events put-events --region ${runtime.bus.identity.region} \\`,
    `    --endpoint-url ${runtime.url} --entries file://services/bus/examples/walkthrough-event.json`,
  );
  return lines;
}

/** Resolves after SIGINT or SIGTERM has closed the runtime (stop accepting, finish in-flight work, close the DB). */
export function closeOnSignal(
  runtime: Pick<Runtime, 'close'>,
  log: (line: string) => void = console.log,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log(`${signal}: stopping (finishing in-flight requests and deliveries)...`);
      runtime.close().then(
        () => resolve(),
        (error: unknown) => {
          log(`shutdown failed: ${(error as Error).message}`);
          resolve();
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
