// The pattern benchmark behind `portico bench-patterns`: compile a rule set into a RuleMachine, then
// time matching every event from its JSON text (parsing included), best of several rounds after a
// warm-up. Bare JSON.parse of the same lines (the baseline the targets are stated against) is timed
// in the SAME process, round by round interleaved with the machine, so that load from other jobs on
// a shared machine hits both halves alike: the ratio is the robust figure. Optionally, the reference
// matcher tested rule by rule (bounded).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { matchesPattern, parsePattern, RuleMachine } from '../../services/pattern/index.ts';

/** A full GC, so that the heap figure is what the machine retains, not compile garbage. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

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
  /** Median over rounds of (machine rate / JSON.parse rate) of the adjacent pair. */
  medianPairRatio: number;
  matches: number;
  reference?: { eventsPerSecond: number; events: number; matches: number; machineMatches: number };
}

function rate(events: readonly string[], run: (line: string) => number): [number, number] {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < events.length; i++) sink += run(events[i] as string);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return [events.length / seconds, sink];
}

/**
 * Each event as its own string, as a body read off a socket is. Lines split from one big file
 * are slices of it, and V8's character access on slices of an 8 MB (two-byte) string is markedly
 * slower for a scanner written in JS, while JSON.parse hardly notices.
 */
function ownStrings(lines: readonly string[]): readonly string[] {
  // PORTICO_BENCH_SLICED=1 keeps the slices, to measure that case.
  if (process.env.PORTICO_BENCH_SLICED === '1') return lines;
  return lines.map((line) => Buffer.from(line, 'utf8').toString('utf8'));
}

export function benchPatterns(
  rules: Record<string, unknown>,
  lines: readonly string[],
  options: BenchOptions,
): BenchResult {
  const events = ownStrings(lines);
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const compileStart = process.hrtime.bigint();
  const machine = new RuleMachine();
  for (const [name, pattern] of Object.entries(rules)) machine.add(name, pattern as object);
  machine.match('{}'); // rules are filed under their anchors at the first match: count that in
  const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;
  collectGarbage();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  const matchRun = (line: string): number => machine.match(line).length;
  const parseRun = (line: string): number => ((JSON.parse(line) as object) === null ? 1 : 0);
  // Warm-up (both halves get optimised before timing); the first pass also gives the match total.
  const [, matches] = rate(events, matchRun);
  rate(events, parseRun);
  rate(events, matchRun);
  let eventsPerSecond = 0;
  let jsonParsePerSecond = 0;
  const ratios: number[] = [];
  for (let r = 0; r < options.rounds; r++) {
    const [p] = rate(events, parseRun);
    const [m] = rate(events, matchRun);
    jsonParsePerSecond = Math.max(jsonParsePerSecond, p);
    eventsPerSecond = Math.max(eventsPerSecond, m);
    ratios.push(m / p);
  }
  ratios.sort((a, b) => a - b);
  const medianPairRatio = ratios[Math.floor(ratios.length / 2)] as number;
  // Printed here because the command prints only the ratio of the two bests.
  console.log(
    `paired rounds (JSON.parse then machine, ${ratios.length}): machine/JSON.parse median ${medianPairRatio.toFixed(2)}, range ${(ratios[0] as number).toFixed(2)}-${(ratios[ratios.length - 1] as number).toFixed(2)}`,
  );

  const result: BenchResult = {
    rules: machine.size,
    events: events.length,
    compileMs,
    heapMb,
    eventsPerSecond,
    jsonParsePerSecond,
    medianPairRatio,
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
