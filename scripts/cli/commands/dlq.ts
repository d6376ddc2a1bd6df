import type { Command } from 'commander';

async function withStore<T>(
  dataDir: string | undefined,
  fn: (store: import('../../../services/delivery/delivery-store-file.ts').DeliveryStore) => T,
): Promise<T | undefined> {
  const { openDeliveryStore, deliveryDatabaseFile, MissingDatabaseError } =
    await import('../../../services/delivery/delivery-store-file.ts');
  let store;
  try {
    store = openDeliveryStore(deliveryDatabaseFile(dataDir));
  } catch (error) {
    if (!(error instanceof MissingDatabaseError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
    return undefined;
  }
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

export function register(program: Command): void {
  const dlq = program
    .command('dlq')
    .description('dead-letter queues: list, show and redrive undelivered events');
  const dataDir = '--data-dir <dir>';
  const dataDirHelp = 'where portico.db lives (env PORTICO_DATA_DIR, default .portico)';

  dlq
    .command('list')
    .description('dead-letter queues and their messages (with --queue, the messages of one)')
    .option('--queue <arn>', 'list the messages of this queue')
    .option(dataDir, dataDirHelp)
    .action(async (o: { queue?: string; dataDir?: string }) => {
      const dl = await import('../../../services/delivery/dead-letters.ts');
      const report = await import('../../../services/delivery/delivery-report.ts');
      await withStore(o.dataDir, ({ queue, queues }) => {
        const all = dl.deadLetterQueues(queues, queue);
        const chosen = o.queue ? all.filter((q) => q.arn === o.queue || q.name === o.queue) : all;
        if (o.queue && chosen.length === 0) {
          console.error(`${o.queue} is not a dead-letter queue of any delivery`);
          process.exitCode = 1;
          return;
        }
        if (all.length === 0)
          console.log('No dead-letter queues yet (a target gets one with DeadLetterConfig).');
        for (const q of chosen) {
          console.log(`${q.name}  ${q.messages} message(s)  ${q.arn}`);
          for (const line of report.formatDeadLetters(dl.deadLetterMessages(queues, q.arn, 50)))
            console.log(`  ${line}`);
        }
      });
    });

  dlq
    .command('show <message-id>')
    .description('one dead-lettered message: AWS attributes, the delivery and every attempt')
    .option(dataDir, dataDirHelp)
    .action(async (id: string, o: { dataDir?: string }) => {
      const dl = await import('../../../services/delivery/dead-letters.ts');
      const report = await import('../../../services/delivery/delivery-report.ts');
      await withStore(o.dataDir, ({ queue, queues }) => {
        const shown = dl.showDeadLetter(queues, queue, id);
        if (!shown) {
          console.error(`No message ${id} in any dead-letter queue (see \`portico dlq list\`)`);
          process.exitCode = 1;
          return;
        }
        console.log(`${shown.message.id} in ${shown.summary.queueArn}, sent ${shown.message.sentAt}`);
        for (const [k, v] of Object.entries(shown.message.attributes)) console.log(`  ${k} = ${v}`);
        console.log(`  body: ${shown.message.body}`);
        if (shown.delivery)
          console.log(report.formatDeliveryDetail(shown.delivery, shown.attempts).join('\n'));
      });
    });

  dlq
    .command('redrive [message-ids...]')
    .description('send dead-lettered events back to their original targets, one attempt each')
    .option('--queue <arn>', 'redrive this queue')
    .option('--all', 'redrive every dead-letter queue')
    .option(dataDir, dataDirHelp)
    .action(async (ids: string[], o: { queue?: string; all?: boolean; dataDir?: string }) => {
      const dl = await import('../../../services/delivery/dead-letters.ts');
      await withStore(o.dataDir, ({ queue, queues }) => {
        try {
          const r = dl.redriveDeadLetters(queues, queue, {
            ...(o.queue ? { queueArn: queues.arnOf(o.queue) } : {}),
            ...(o.all ? { all: true } : {}),
            ...(ids.length ? { messageIds: ids } : {}),
            now: Date.now(),
          });
          console.log(
            `Redrove ${r.redriven.length} message(s) to their original targets: one attempt each, sent by the running bus (\`portico dev\`); a failure returns to its dead-letter queue.`,
          );
          for (const s of r.skipped) console.log(`  skipped ${s.messageId}: ${s.reason}`);
          if (r.skipped.length > 0 && r.redriven.length === 0) process.exitCode = 1;
        } catch (error) {
          if (!(error instanceof dl.RedriveError)) throw error;
          console.error(error.message);
          process.exitCode = 2;
        }
      });
    });
}
