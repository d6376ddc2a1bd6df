import type { Command } from 'commander';

interface Options {
  event?: string;
  partner?: string;
  request?: string;
  status?: string;
  limit: string;
  json?: boolean;
  dataDir?: string;
}

export function register(program: Command): void {
  program
    .command('deliveries [delivery-id]')
    .description('did partner X get request Y, and if not, why: the delivery log with every attempt')
    .option('--event <id>', 'deliveries of one event')
    .option(
      '--partner <id>',
      'deliveries to one partner (matches its rule portico-<partner>-<env> or destination name)',
    )
    .option('--request <id>', 'deliveries whose body has this detail.request_id')
    .option('--status <status>', 'pending | in-flight | succeeded | failed | dead-lettered')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'where portico.db lives (env PORTICO_DATA_DIR, default .portico)')
    .addHelpText(
      'after',
      '\nExamples:\n  portico deliveries --partner acme-books --request req-42\n  portico deliveries --status dead-lettered\n  portico deliveries dlv_3hS...   (one delivery, every attempt)',
    )
    .action(async (id: string | undefined, o: Options) => {
      const { openDeliveryStore, deliveryDatabaseFile, MissingDatabaseError } =
        await import('../../../services/delivery/delivery-store-file.ts');
      const { DELIVERY_STATUSES } = await import('../../../services/delivery/delivery-queue.ts');
      const report = await import('../../../services/delivery/delivery-report.ts');
      if (o.status && !(DELIVERY_STATUSES as readonly string[]).includes(o.status)) {
        console.error(`--status must be one of ${DELIVERY_STATUSES.join(', ')}, got "${o.status}"`);
        process.exitCode = 2;
        return;
      }
      let store;
      try {
        store = openDeliveryStore(deliveryDatabaseFile(o.dataDir));
      } catch (error) {
        if (!(error instanceof MissingDatabaseError)) throw error;
        console.error(error.message);
        process.exitCode = 1;
        return;
      }
      try {
        if (id) {
          const d = store.queue.get(id);
          if (!d) {
            console.error(`No delivery ${id} (list them with \`portico deliveries\`)`);
            process.exitCode = 1;
            return;
          }
          const attempts = store.queue.attempts(id);
          console.log(
            o.json
              ? JSON.stringify({ delivery: d, attempts }, null, 2)
              : report.formatDeliveryDetail(d, attempts).join('\n'),
          );
          return;
        }
        const list = store.queue.list({
          ...(o.event ? { eventId: o.event } : {}),
          ...(o.partner ? { partner: o.partner } : {}),
          ...(o.request ? { requestId: o.request } : {}),
          ...(o.status ? { status: o.status as (typeof DELIVERY_STATUSES)[number] } : {}),
          limit: Number.parseInt(o.limit, 10) || 50,
        });
        if (o.json) {
          console.log(
            JSON.stringify(
              list.map((d) => ({ ...d, verdict: report.verdict(d) })),
              null,
              2,
            ),
          );
        } else if (list.length > 0 && (o.event || o.request) && list.length <= 10) {
          // A precise question: answer it with each delivery's attempts.
          console.log(
            list
              .map((d) => report.formatDeliveryDetail(d, store.queue.attempts(d.id)).join('\n'))
              .join('\n\n'),
          );
        } else {
          for (const line of report.formatDeliveryList(list)) console.log(line);
        }
        if (list.length === 0 && (o.event || o.request) && o.partner) {
          console.log(
            `Nothing was routed to ${o.partner} for this ${o.event ? 'event' : 'request'}: check the partner's rule with \`portico test-pattern\`.`,
          );
        }
      } finally {
        store.close();
      }
    });
}
