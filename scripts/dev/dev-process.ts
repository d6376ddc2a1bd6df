// Test support: `portico dev` as a child process, as a user runs it, with its output collected and
// awaited line by line (no fixed sleeps: each wait ends when the line appears or the process exits).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(REPO, 'scripts/bin/portico.mjs');

export interface DevProcess {
  readonly child: ChildProcess;
  readonly stdout: string[];
  readonly stderr: string[];
  /** The first stdout line matching, once it is printed; rejects if the process exits first. */
  line(pattern: RegExp, limitMs?: number): Promise<string>;
  /** The exit code, once it has exited. */
  exited: Promise<number>;
  stop(): Promise<number>;
}

export function startDev(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): DevProcess {
  const child = spawn(process.execPath, [BIN, 'dev', ...args], {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, PORTICO_LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  const collect = (into: string[]) => {
    let rest = '';
    return (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      into.push(...parts);
      for (const w of waiters) w();
    };
  };
  child.stdout!.on('data', collect(stdout));
  child.stderr!.on('data', collect(stderr));
  const exited = new Promise<number>((resolve) => {
    child.on('exit', (code) => {
      resolve(code ?? 1);
      for (const w of waiters) w();
    });
  });
  let exitCode: number | undefined;
  void exited.then((c) => (exitCode = c));
  return {
    child,
    stdout,
    stderr,
    exited,
    line: (pattern, limitMs = 240_000) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`no line ${pattern} in ${limitMs} ms`)), limitMs);
        const done = (error?: Error, line?: string) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve(line!);
        };
        const check = () => {
          const found = stdout.find((l) => pattern.test(l));
          if (found !== undefined) return done(undefined, found);
          if (exitCode !== undefined || child.exitCode !== null)
            done(new Error(`portico dev exited before ${pattern}:\n${[...stdout, ...stderr].join('\n')}`));
        };
        waiters.add(check);
        check();
      }),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Resolves with `probe()`'s value once it is not undefined; polls, since the bus has no push for it. */
export async function eventually<T>(probe: () => Promise<T | undefined>, limitMs = 60_000): Promise<T> {
  const deadline = performance.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`condition not met in ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
