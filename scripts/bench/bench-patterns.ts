// The pattern benchmark behind `portico bench-patterns`: compile a rule set into a RuleMachine, then
// time matching every event from its JSON text (parsing included), best of several rounds after a
// warm-up. Beside it, in the same run: bare JSON.parse of the same lines (the baseline the targets
// are stated against) and, optionally, the reference matcher tested rule by rule (bounded).
import { matchesPattern, parsePattern, RuleMachine } from '../../services/pattern/index.ts';

export interface BenchOptions {
  rounds: number;
  /** Include the reference-per-rule loop, on at most this many events. */
  referenceEvents?: number;
}

export interface BenchResult {
  rules: number;
  events: number;
  compileMs: number;
  heapMb: number;
  eventsPerSecond: number;
  jsonParsePerSecond: number;
  matches: number;
  reference?: { eventsPerSecond: number; events: number; matches: number; machineMatches: number };
}

function bestRate(rounds: number, events: readonly string[], run: (line: string) => void): number {
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (const line of events) run(line);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, events.length / seconds);
  }
  return best;
}

export function benchPatterns(
  rules: Record<string, unknown>,
  events: readonly string[],
  options: BenchOptions,
): BenchResult {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const compileStart = process.hrtime.bigint();
  const machine = new RuleMachine();
  for (const [name, pattern] of Object.entries(rules)) machine.add(name, pattern as object);
  const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;
  globalThis.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  let matches = 0;
  for (const line of events) matches += machine.match(line).length; // warm-up, and the match total
  let sink = 0;
  const eventsPerSecond = bestRate(options.rounds, events, (line) => {
    sink += machine.match(line).length;
  });
  const jsonParsePerSecond = bestRate(options.rounds, events, (line) => {
    sink += (JSON.parse(line) as object) === null ? 1 : 0;
  });
  void sink;

  const result: BenchResult = {
    rules: machine.size,
    events: events.length,
    compileMs,
    heapMb,
    eventsPerSecond,
    jsonParsePerSecond,
    matches,
  };
  if (options.referenceEvents !== undefined && options.referenceEvents > 0) {
    const sample = events.slice(0, options.referenceEvents);
    const compiled = Object.entries(rules).map(([name, p]) => [name, parsePattern(p as object)] as const);
    let refMatches = 0;
    let machineMatches = 0;
    for (const line of sample) machineMatches += machine.match(line).length;
    const start = process.hrtime.bigint();
    for (const line of sample) {
      const event = JSON.parse(line) as object;
      for (const [, pattern] of compiled) if (matchesPattern(pattern, event)) refMatches++;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    result.reference = {
      eventsPerSecond: sample.length / seconds,
      events: sample.length,
      matches: refMatches,
      machineMatches,
    };
  }
  return result;
}
