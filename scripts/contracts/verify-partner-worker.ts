// Runs `verifyPartner` in a child process and sends the report back over IPC. The Rust verifier
// prints its own log straight to file descriptor 1, which Node cannot silence in-process; in a
// child, the parent decides whether anyone sees it (`portico verify-partner --verbose`).
import { verifyPartner, type VerifyPartnerOptions } from './verify-partner.ts';

export type WorkerReply =
  { report: Awaited<ReturnType<typeof verifyPartner>> } | { usageError: string } | { crash: string };

process.once('message', (options: VerifyPartnerOptions) => {
  verifyPartner(options).then(
    (report) => send({ report }),
    (error: Error) =>
      send(
        error.name === 'VerifyPartnerUsageError' || error.constructor.name === 'VerifyPartnerUsageError'
          ? { usageError: error.message }
          : { crash: error.stack ?? String(error) },
      ),
  );
});

function send(reply: WorkerReply): void {
  process.send?.(reply, () => process.disconnect());
}
