import type { Command } from 'commander';

interface LoadtestFlags {
  scenario: string;
  rate?: string;
  duration?: string;
  events?: string;
  target?: string;
  apiKey?: string[];
  runner: string;
  plot?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('loadtest')
    .description(
      'run a load-test scenario from the catalogue (k6 when installed, else the Node runner); exit 1 when a threshold fails',
    )
    .option(
      '--scenario <name>',
      'ingest | marketplace-api | day-in-the-marketplace',
      'day-in-the-marketplace',
    )
    .option(
      '--rate <r>',
      'events per second (requests placed plus statuses posted), shared among the parts in their default proportions',
    )
    .option('--duration <d>', 'how long arrivals go on (k6 syntax: 30s, 10m)')
    .option('--events <n>', 'stop after this many events were put')
    .option(
      '--target <url>',
      'a running stack; without it a local stack is started in-process, with partner sinks',
    )
    .option('--api-key <key...>', 'partner API keys for the Marketplace API calls')
    .option('--runner <runner>', 'auto | node | k6', 'auto')
    .option('--plot <file>', 'write throughput and latency per second as SVG')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: LoadtestFlags) => {
      const bad = (message: string) => {
        console.error(message);
        process.exitCode = 2;
      };
      if (flags.rate !== undefined && !(Number(flags.rate) > 0))
        return bad(`--rate ${flags.rate}: expected a positive number`);
      if (flags.events !== undefined && !(Number.isInteger(Number(flags.events)) && Number(flags.events) > 0))
        return bad(`--events ${flags.events}: expected a positive integer`);
      if (!['auto', 'node', 'k6'].includes(flags.runner))
        return bad(`--runner ${flags.runner}: expected auto, node or k6`);
      const { runLoadtest } = await import('../../loadtest/run-loadtest.ts');
      const { formatSummary } = await import('../../loadtest/summary.ts');
      const progress = process.stderr.isTTY
        ? (s: {
            elapsedS: number;
            requests: number;
            lastSecondEvents: number;
            errors: number;
            inFlight: number;
          }) =>
            process.stderr.write(
              `\r${s.elapsedS.toFixed(0)} s  ${s.requests} requests  ${s.lastSecondEvents} events/s  ${s.errors} errors  ${s.inFlight} in flight   `,
            )
        : (s: {
            elapsedS: number;
            requests: number;
            lastSecondEvents: number;
            errors: number;
            inFlight: number;
          }) =>
            Math.round(s.elapsedS) % 10 === 0 &&
            console.error(
              `${s.elapsedS.toFixed(0)} s  ${s.requests} requests  ${s.lastSecondEvents} events/s  ${s.errors} errors`,
            );
      const outcome = await runLoadtest({
        scenario: flags.scenario,
        runner: flags.runner as 'auto',
        ...(flags.rate !== undefined ? { rate: Number(flags.rate) } : {}),
        ...(flags.duration !== undefined ? { duration: flags.duration } : {}),
        ...(flags.events !== undefined ? { events: Number(flags.events) } : {}),
        ...(flags.target !== undefined ? { target: flags.target } : {}),
        ...(flags.apiKey ? { apiKeys: flags.apiKey } : {}),
        ...(flags.plot !== undefined ? { plot: flags.plot } : {}),
        onProgress: progress,
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      if ('message' in outcome) {
        (outcome.exitCode === 0 ? console.log : console.error)(outcome.message);
      } else if (flags.json) console.log(JSON.stringify(outcome.summary, null, 2));
      else for (const line of formatSummary(outcome.summary)) console.log(line);
      process.exitCode = outcome.exitCode;
    });
}
