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
  findCeiling?: boolean;
  ceilingStart: string;
  ceilingStep: string;
  ceilingMax: string;
  stepDuration: string;
  warmUp?: string;
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
    .option(
      '--warm-up <d>',
      'run this long at half the rate first, reported apart and kept out of the thresholds (default 10s against the local stack, 0s against --target)',
    )
    .option('--json', 'print the summary as JSON')
    .option(
      '--find-ceiling',
      'step the rate up (--ceiling-start, --ceiling-step, --step-duration) until a threshold fails; report the highest rate at which every threshold passed',
    )
    .option('--ceiling-start <r>', 'first rate of --find-ceiling (events/s)', '200')
    .option('--ceiling-step <r>', 'rate added after each step that passed (events/s)', '200')
    .option('--ceiling-max <r>', 'last rate tried (events/s)', '10000')
    .option('--step-duration <d>', 'how long each step of --find-ceiling runs', '30s')
    .action(async (flags: LoadtestFlags) => {
      const bad = (message: string) => {
        console.error(message);
        process.exitCode = 2;
      };
      if (flags.findCeiling) {
        if (flags.rate !== undefined || flags.duration !== undefined || flags.events !== undefined)
          return bad(
            '--find-ceiling chooses the rate and duration itself: drop --rate, --duration and --events',
          );
        const { checkPlan } = await import('../../loadtest/find-ceiling.ts');
        const plan = {
          start: Number(flags.ceilingStart),
          step: Number(flags.ceilingStep),
          max: Number(flags.ceilingMax),
        };
        const problem = checkPlan(plan);
        if (problem) return bad(`--find-ceiling: ${problem}`);
        const { parseDuration } = await import('../../loadtest/k6-binary.ts');
        try {
          parseDuration(flags.stepDuration);
        } catch (error) {
          return bad(`--step-duration: ${(error as Error).message}`);
        }
        if (flags.warmUp !== undefined) {
          try {
            parseDuration(flags.warmUp);
          } catch (error) {
            return bad(`--warm-up: ${(error as Error).message}`);
          }
        }
        const { runCeiling } = await import('../../loadtest/run-ceiling.ts');
        const outcome = await runCeiling({
          scenario: flags.scenario,
          runner: flags.runner as 'auto',
          plan,
          stepDuration: flags.stepDuration,
          ...(flags.warmUp !== undefined ? { warmUp: flags.warmUp } : {}),
          ...(flags.target !== undefined ? { target: flags.target } : {}),
          ...(flags.apiKey ? { apiKeys: flags.apiKey } : {}),
          out: (line) => (flags.json ? undefined : console.log(line)),
        });
        if ('message' in outcome) console.error(outcome.message);
        else if (flags.json) console.log(JSON.stringify(outcome.result, null, 2));
        process.exitCode = outcome.exitCode;
        return;
      }
      if (flags.rate !== undefined && !(Number(flags.rate) > 0))
        return bad(`--rate ${flags.rate}: expected a positive number`);
      if (flags.events !== undefined && !(Number.isInteger(Number(flags.events)) && Number(flags.events) > 0))
        return bad(`--events ${flags.events}: expected a positive integer`);
      if (!['auto', 'node', 'k6'].includes(flags.runner))
        return bad(`--runner ${flags.runner}: expected auto, node or k6`);
      if (flags.warmUp !== undefined) {
        const { parseDuration } = await import('../../loadtest/k6-binary.ts');
        try {
          parseDuration(flags.warmUp);
        } catch (error) {
          return bad(`--warm-up: ${(error as Error).message}`);
        }
      }
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
        ...(flags.warmUp !== undefined ? { warmUp: flags.warmUp } : {}),
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
