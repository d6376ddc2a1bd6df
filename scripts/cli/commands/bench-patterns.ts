import type { Command } from 'commander';
import { readFileSync } from 'node:fs';

export function register(program: Command): void {
  program
    .command('bench-patterns')
    .description(
      'benchmark the compiled pattern matcher on a rule set and events (see docs/pattern-engine.md)',
    )
    .requiredOption('--rules <RULES.json>', 'object of rule name -> event pattern')
    .requiredOption('--events <EVENTS.jsonl>', 'one event JSON text per line')
    .option('--rounds <n>', 'timed rounds after the warm-up; the best is reported', '5')
    .option(
      '--reference [events]',
      'also time the reference matcher rule by rule, on this many events (default 200)',
    )
    .action(async (opts: { rules: string; events: string; rounds: string; reference?: string | true }) => {
      const { benchPatterns } = await import('../../bench/bench-patterns.ts');
      const rules = JSON.parse(readFileSync(opts.rules, 'utf8')) as Record<string, unknown>;
      const events = readFileSync(opts.events, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '');
      const referenceEvents =
        opts.reference === undefined ? undefined : opts.reference === true ? 200 : Number(opts.reference);
      const r = benchPatterns(rules, events, { rounds: Math.max(1, Number(opts.rounds)), referenceEvents });
      const round = (n: number): string => Math.round(n).toString();
      console.log(
        `rules: ${r.rules}  events: ${r.events}  compile: ${round(r.compileMs)} ms  heap: ${r.heapMb.toFixed(1)} MB`,
      );
      console.log(
        `JSON.parse: ${round(r.jsonParsePerSecond)} events/s  machine/JSON.parse: ${(r.eventsPerSecond / r.jsonParsePerSecond).toFixed(2)}`,
      );
      if (r.reference !== undefined) {
        const ref = r.reference;
        console.log(
          `reference loop: ${ref.eventsPerSecond.toFixed(1)} events/s on ${ref.events} events (matches ${ref.matches}, machine ${ref.machineMatches})  machine/reference: ${round(r.eventsPerSecond / ref.eventsPerSecond)}x`,
        );
        if (ref.matches !== ref.machineMatches) process.exitCode = 1;
      }
      console.log(`events/s: ${round(r.eventsPerSecond)}  matches: ${r.matches}`);
    });
}
