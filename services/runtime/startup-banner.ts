import type { Runtime } from './dev-runtime.ts';
import { isLocalEndpoint } from './stand-in-endpoints.ts';

export interface BannerOptions {
  /** Event validation mode (`--validate-events`). */
  validation: string;
  dataDir: string;
}

/**
 * What `portico dev` prints once everything listens: a few lines a newcomer reads in full. Counts come
 * from the bus itself, so they are what `aws events list-rules` shows, consumer rules included.
 */
export function startupBanner(runtime: Runtime, opts: BannerOptions): string[] {
  const { bus } = runtime;
  const lines = [`Portico is running on ${runtime.url}   (data: ${opts.dataDir}; Ctrl-C stops it)`];
  const destinations = bus.apiDestinations.list();
  const buses = bus.buses
    .list()
    .map((b) => `bus ${b.name}: ${bus.rules.list(b.name).length} rules`)
    .filter((line) => !line.startsWith('bus default: 0 '));
  lines.push(
    `  ${[...buses, `${destinations.length} API destinations`].join('; ')}; event checks: ${opts.validation}`,
  );
  const report = runtime.catalog;
  for (const s of report?.skipped ?? []) lines.push(`  skipped rule ${s.rule}: ${s.reason}`);
  for (const k of report?.keptApiChanges ?? [])
    lines.push(
      `  kept from the API (the catalogue has not changed them): ${k.resource} ${k.fields.join(', ')}`,
    );
  const remote = destinations.filter((d) => !isLocalEndpoint(d.endpoint)).length;
  if (runtime.standIns && remote > 0)
    lines.push(
      `  ${remote} partner endpoints are not on this machine: a local stand-in answers for them (--real-endpoints sends to them)`,
    );
  const unset = report?.unsetSecrets ?? [];
  if (unset.length > 0)
    lines.push(
      `  ${unset.length} secret variables of the partner files are not set: dev placeholders used (e.g. ${unset[0]})`,
    );
  lines.push(
    'Put the walkthrough event (any credentials are accepted locally), then see it delivered:',
    `  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws events put-events --region ${bus.identity.region} \\`,
    `    --endpoint-url ${runtime.url} --entries file://services/bus/examples/walkthrough-event.json`,
    '  npx portico deliveries          npx portico events --follow',
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
