// Where a load test's main thread spends its time, by part of the stack: reads a V8 CPU profile
// (`node --cpu-prof scripts/bin/portico.mjs loadtest …`, the main thread's is the `.0.001` file) and
// attributes each sample to the first part below that any frame of its stack belongs to.
//
//   npx tsx loadtest/profile/main-thread-by-part.ts <file.cpuprofile> [--skip-ms 9000]
//
// --skip-ms leaves out the first milliseconds (start-up: loading modules, compiling validators).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Parts in priority order: a sample goes to the first whose pattern matches a frame of its stack. */
export const PARTS: [string, RegExp][] = [
  [
    'delivery worker: claims and settlements (SQL)',
    /^(bookkeeping|claimTarget|recordSuccess) |^flush .*delivery-worker/,
  ],
  ['delivery worker: consumers (in-process Lambda handlers)', /^invoke .*lambda-invoker/],
  [
    'delivery worker: HTTP to partners (undici, signing)',
    /^invoke .*api-destination-invoker|dispatcher\/client/,
  ],
  ['delivery worker: other', /delivery-worker/],
  ["commit queue (event log, delivery rows, services' writes)", /commit-queue/],
  ['bus HTTP (PutEvents: parse, validate, route)', /http-server\.ts/],
  ["Marketplace API thread's calls back", /api-thread|thread-rpc/],
  ['node:http plumbing', /node:_http_/],
];

export function partsOf(profile: CpuProfile, skipMs = 0): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frame = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName} ${f.url.split('/').slice(-2).join('/')}`;
  };
  const cache = new Map<number, string>();
  const partOf = (leaf: number): string => {
    const known = cache.get(leaf);
    if (known !== undefined) return known;
    const name = byId.get(leaf)!.callFrame.functionName;
    let part =
      name === '(idle)'
        ? 'idle'
        : name === '(garbage collector)'
          ? 'GC'
          : name === '(program)'
            ? 'V8 (program)'
            : 'other';
    if (part === 'other') {
      const stack: string[] = [];
      for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) stack.push(frame(id));
      part = PARTS.find(([, re]) => stack.some((f) => re.test(f)))?.[0] ?? 'other';
    }
    cache.set(leaf, part);
    return part;
  };
  const micros = new Map<string, number>();
  let t = 0;
  profile.samples.forEach((sample, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (t / 1000 < skipMs) return;
    const part = partOf(sample);
    micros.set(part, (micros.get(part) ?? 0) + dt);
  });
  return micros;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: main-thread-by-part.ts <file.cpuprofile> [--skip-ms N]');
    process.exit(2);
  }
  const skip = process.argv.indexOf('--skip-ms');
  const micros = partsOf(
    JSON.parse(readFileSync(file, 'utf8')) as CpuProfile,
    skip > 0 ? Number(process.argv[skip + 1]) : 0,
  );
  const busy = [...micros].filter(([p]) => p !== 'idle').reduce((a, [, v]) => a + v, 0);
  console.log(`busy ${(busy / 1e6).toFixed(1)} s, idle ${((micros.get('idle') ?? 0) / 1e6).toFixed(1)} s`);
  for (const [part, v] of [...micros].filter(([p]) => p !== 'idle').sort((a, b) => b[1] - a[1]))
    console.log(`${((100 * v) / busy).toFixed(1).padStart(5)} %  ${part}`);
}
