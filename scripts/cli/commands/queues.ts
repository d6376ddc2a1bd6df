import type { Command } from 'commander';

export function register(program: Command): void {
  const queues = program
    .command('queues')
    .description('list and read the local queues (rule targets, dead letters)');
  const url = (given?: string): string => given ?? `http://127.0.0.1:${process.env.PORTICO_PORT ?? 4010}`;
  queues
    .command('list')
    .description('every local queue with its message count')
    .option('--url <url>', 'the bus (default http://127.0.0.1:4010)')
    .action(async (options: { url?: string }) => {
      const client = await import('../../../services/bus/inspect/inspect-client.ts');
      try {
        const { queues: list } = await client.fetchView<{
          queues: import('../../../services/bus/inspect/inspect-client.ts').QueueView[];
        }>(url(options.url), '/_portico/queues');
        for (const line of client.formatQueues(list)) console.log(line);
      } catch (error) {
        console.error((error as Error).message);
        process.exitCode = 1;
      }
    });
  queues
    .command('show <queue>')
    .description('the oldest messages of one queue (name or SQS ARN), without removing them')
    .option('--limit <n>', 'how many messages', '10')
    .option('--url <url>', 'the bus (default http://127.0.0.1:4010)')
    .action(async (queue: string, options: { limit: string; url?: string }) => {
      const client = await import('../../../services/bus/inspect/inspect-client.ts');
      try {
        const view = await client.fetchView<{
          queue: { name: string; arn: string; messages: number };
          messages: { id: string; body: string; attributes: Record<string, string>; sentAt: string }[];
        }>(
          url(options.url),
          `/_portico/queues/${encodeURIComponent(queue)}?limit=${Number.parseInt(options.limit, 10) || 10}`,
        );
        console.log(`${view.queue.name}  ${view.queue.messages} message(s)  ${view.queue.arn}`);
        for (const m of view.messages) {
          console.log(`- ${m.sentAt}  ${m.id}  ${JSON.stringify(m.attributes)}`);
          console.log(`  ${m.body}`);
        }
      } catch (error) {
        console.error((error as Error).message);
        process.exitCode = 1;
      }
    });
}
