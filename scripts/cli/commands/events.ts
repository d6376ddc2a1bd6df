import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('events')
    .description(
      'show recent events on the running local bus and where each went (replayed and scheduled events too)',
    )
    .option('--limit <n>', 'how many recent events', '20')
    .option('--follow', 'keep printing new events as they arrive')
    .option('--bus <name>', 'only this event bus')
    .option('--json', 'print JSON lines (with the full event)')
    .option('--url <url>', 'the bus (default http://127.0.0.1:$PORTICO_PORT or :4010)')
    .action(
      async (options: { limit: string; follow?: boolean; bus?: string; json?: boolean; url?: string }) => {
        const { fetchView, formatEvent, BusUnreachableError } =
          await import('../../../services/bus/inspect/inspect-client.ts');
        type EventView = import('../../../services/bus/inspect/inspect-client.ts').EventView;
        const url = options.url ?? `http://127.0.0.1:${process.env.PORTICO_PORT ?? 4010}`;
        const limit = Number.parseInt(options.limit, 10) || 20;
        let after = 0;
        const show = async (): Promise<void> => {
          const q = new URLSearchParams({
            limit: String(limit),
            after: String(after),
            ...(options.bus ? { bus: options.bus } : {}),
          });
          const { events } = await fetchView<{ events: EventView[] }>(url, `/_portico/events?${q}`);
          for (const e of events) {
            console.log(options.json ? JSON.stringify(e) : formatEvent(e).join('\n'));
            after = Math.max(after, e.seq);
          }
        };
        try {
          await show();
          while (options.follow) {
            await new Promise((r) => setTimeout(r, 1000));
            await show();
          }
        } catch (error) {
          if (!(error instanceof BusUnreachableError)) throw error;
          console.error(error.message);
          process.exitCode = 1;
        }
      },
    );
}
