// The CLI is thin: parsing, help and exit codes. Each command lives in `commands/<name>.ts` and
// exports `register(program)`; it imports the work it does lazily, inside its action, so that
// `portico --help` stays fast. Everything a command does is importable and tested without it.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';

export interface CommandModule {
  register(program: Command): void;
}

const commandsDir = fileURLToPath(new URL('./commands/', import.meta.url));

async function loadCommands(program: Command): Promise<void> {
  const files = readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  for (const file of files) {
    const mod = (await import(new URL(`./commands/${file}`, import.meta.url).href)) as CommandModule;
    mod.register(program);
  }
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('portico')
    .description('Events inside, APIs outside: the catalogue toolkit and local runtime')
    .showHelpAfterError()
    .exitOverride();
  await loadCommands(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
