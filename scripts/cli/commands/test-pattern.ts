import type { Command } from 'commander';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A file path or inline JSON text: the file's text when the file exists, else the argument itself. */
export function textOf(arg: string): string {
  return existsSync(arg) && statSync(arg).isFile() ? readFileSync(arg, 'utf8') : arg;
}

export interface BatchLine {
  result: 'match' | 'nomatch' | 'invalid';
  error?: string;
}

/** One `--batch` line: `{"pattern": …, "event": …}`, each an object or a string of raw JSON text. */
export async function checkBatchLine(line: string): Promise<BatchLine> {
  const { matchesPattern } = await import('../../../services/pattern/index.ts');
  let input: { pattern?: unknown; event?: unknown };
  try {
    input = JSON.parse(line) as { pattern?: unknown; event?: unknown };
  } catch (error) {
    return { result: 'invalid', error: `Input line is not JSON: ${(error as Error).message}` };
  }
  if (input.pattern === undefined || input.event === undefined)
    return { result: 'invalid', error: 'Input line needs "pattern" and "event"' };
  try {
    return {
      result: matchesPattern(input.pattern as string | object, input.event as string | object)
        ? 'match'
        : 'nomatch',
    };
  } catch (error) {
    return { result: 'invalid', error: (error as Error).message };
  }
}

/** The events of `--events`: a folder of `.json` files (by name) or a JSON Lines file. */
export function eventsOf(source: string): Array<[string, string]> {
  if (statSync(source).isDirectory()) {
    return readdirSync(source)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => [f, readFileSync(join(source, f), 'utf8')]);
  }
  return readFileSync(source, 'utf8')
    .split('\n')
    .map((line, i) => [`line ${i + 1}`, line] as [string, string])
    .filter(([, line]) => line.trim() !== '');
}

export function register(program: Command): void {
  program
    .command('test-pattern')
    .description('test EventBridge event patterns against events, with AWS semantics and messages')
    .option('--pattern <P>', 'pattern: a file path or inline JSON')
    .option(
      '--event <E>',
      'event: a file path or inline JSON; prints match|nomatch, exits 0|1 (2: invalid pattern)',
    )
    .option(
      '--events <DIR|FILE.jsonl>',
      'check a folder of .json events or a JSON Lines file against --pattern',
    )
    .option(
      '--batch <FILE.jsonl>',
      'lines of {"pattern": …, "event": …}; writes one {"result": …} line per input',
    )
    .action(async (opts: { pattern?: string; event?: string; events?: string; batch?: string }) => {
      const { matchesPattern, parsePattern, PatternError } =
        await import('../../../services/pattern/index.ts');
      if (opts.batch !== undefined) {
        const lines = readFileSync(opts.batch, 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '');
        for (const line of lines) process.stdout.write(`${JSON.stringify(await checkBatchLine(line))}\n`);
        process.exitCode = 0;
        return;
      }
      if (opts.pattern === undefined || (opts.event === undefined && opts.events === undefined)) {
        console.error('test-pattern needs --pattern with --event or --events, or --batch FILE.jsonl');
        process.exitCode = 2;
        return;
      }
      let pattern;
      try {
        pattern = parsePattern(textOf(opts.pattern));
      } catch (error) {
        if (!(error instanceof PatternError)) throw error;
        console.log(error.message);
        process.exitCode = 2;
        return;
      }
      const check = (event: string): string => {
        try {
          return matchesPattern(pattern, event) ? 'match' : 'nomatch';
        } catch (error) {
          return `invalid: ${(error as Error).message}`;
        }
      };
      if (opts.event !== undefined) {
        const result = check(textOf(opts.event));
        console.log(result);
        process.exitCode = result === 'match' ? 0 : result === 'nomatch' ? 1 : 2;
        return;
      }
      let matched = 0;
      for (const [name, text] of eventsOf(opts.events as string)) {
        const result = check(text);
        if (result === 'match') matched++;
        console.log(`${name}\t${result}`);
      }
      // Like grep: 0 when some event matched, 1 when none did.
      process.exitCode = matched > 0 ? 0 : 1;
    });
}
