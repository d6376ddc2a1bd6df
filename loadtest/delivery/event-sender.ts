// The PutEvents side of bench-latency.ts, in its own process so that the AWS SDK's work does not share
// the runtime's event loop. argv: <bus url> <rate> <seconds> <batch>. Prints one JSON line at the end:
// {"accepted": {eventId: wall-clock ms when its PutEvents answer arrived}, "seconds": n, "failed": n}.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';

const [url, rateText, secondsText, batchText] = process.argv.slice(2) as [string, string, string, string];
const rate = Number(rateText);
const total = rate * Number(secondsText);
const batch = Number(batchText);
const client = new EventBridgeClient({
  region: 'eu-west-1',
  endpoint: url,
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  maxAttempts: 1,
});
const accepted: Record<string, number> = {};
let failed = 0;
const calls: Promise<void>[] = [];
const wall = () => performance.timeOrigin + performance.now();
const started = performance.now();
let sent = 0;
while (sent < total) {
  const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
  while (sent < due) {
    const n = Math.min(batch, total - sent);
    sent += n;
    const entries = Array.from({ length: n }, () => ({
      Source: 'bench',
      DetailType: 'bench',
      EventBusName: 'marketplace',
      Detail: '{"n":1}',
    }));
    calls.push(
      client.send(new PutEventsCommand({ Entries: entries })).then(
        (out) => {
          const at = wall();
          for (const e of out.Entries ?? []) if (e.EventId) accepted[e.EventId] = at;
          failed += out.FailedEntryCount ?? 0;
        },
        () => void (failed += n),
      ),
    );
  }
  await new Promise((r) => setTimeout(r, 2));
}
await Promise.all(calls);
client.destroy();
process.stdout.write(
  JSON.stringify({ accepted, seconds: (performance.now() - started) / 1000, failed }) + '\n',
);
