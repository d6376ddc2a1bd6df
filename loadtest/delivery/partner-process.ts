// Starts partner-servers.ts as a child process and talks to it.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface PartnerProcess {
  ports: number[];
  report(): Promise<{ received: number; unique: number; firstSeen?: Record<string, number> }>;
  stop(): void;
}

export async function startPartners(count: number, timestamps = false): Promise<PartnerProcess> {
  const script = fileURLToPath(new URL('./partner-servers.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, String(count), ...(timestamps ? ['--timestamps'] : [])],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const next = () => new Promise<string>((resolve) => lines.once('line', resolve));
  const { ports } = JSON.parse(await next()) as { ports: number[] };
  return {
    ports,
    async report() {
      const line = next();
      child.stdin!.write('report\n');
      return JSON.parse(await line) as Awaited<ReturnType<PartnerProcess['report']>>;
    },
    stop: () => child.kill(),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
