// Finding and running a real k6. npm's `k6` package is a stub that prints a notice, so a `k6` on the
// PATH counts only when `k6 version` answers the way k6 does: `k6 v0.54.0 (go1.22.5, linux/amd64)`.
import { spawn, spawnSync } from 'node:child_process';

export function detectK6(command = 'k6'): string | undefined {
  const answer = spawnSync(command, ['version'], { encoding: 'utf8', timeout: 5_000 });
  if (answer.error || answer.status !== 0) return undefined;
  return /^k6 v\d+\.\d+\.\d+/m.exec(answer.stdout)?.[0];
}

/** `k6 run` with the scenario's environment; resolves k6's exit code (99: a threshold failed). */
export function runK6(script: string, env: Record<string, string>, command = 'k6'): Promise<number> {
  const args = ['run', ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), script];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

/** k6 duration syntax (`90s`, `10m`, `1h30m`, `500ms`) in milliseconds. */
export function parseDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new Error(`duration \`${text}\`: expected k6 syntax such as 30s, 10m or 1h30m`);
  }
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
  return parts.reduce((total, p) => total + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
}
