import { acceptEvent, commitAccepted, type AcceptedEvent } from '../accept-event.ts';
import { ruleFromArn } from '../arns.ts';
import type { LocalBus } from '../local-bus.ts';
import type { ReplayRecord } from '../resources/replay-store.ts';

/** Events replayed per transaction: small enough to keep PutEvents latency low while a replay runs. */
const BATCH = 200;

/**
 * Runs replays in the background: reads the archive window in batches, marks each event with
 * `replay-name`, routes it through the bus's rules (or those in FilterArns), and commits the replayed
 * events (logged under the replay's name) and their deliveries together with the replay's cursor, so a
 * restart resumes exactly where the last commit stopped.
 */
export class ReplayRunner {
  private readonly running = new Map<string, Promise<void>>();
  /** Ends the wait of a replay whose window reaches into the future (CancelReplay, stop). */
  private readonly wakers = new Map<string, () => void>();
  private stopping = false;

  constructor(private readonly bus: LocalBus) {}

  start(name: string): void {
    if (this.stopping || this.running.has(name)) return;
    const run = this.run(name)
      .catch((error: unknown) => {
        const r = this.bus.replays.get(name);
        this.bus.logger.error({ err: error, replay: name }, 'replay failed');
        if (r)
          this.bus.replays.save({
            ...r,
            state: 'FAILED',
            stateReason: String((error as Error).message),
            replayEndTime: Date.now(),
          });
      })
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
  }

  /** Resumes replays a previous process left unfinished. */
  resumeAll(): void {
    for (const r of this.bus.replays.list()) {
      if (r.state === 'STARTING' || r.state === 'RUNNING' || r.state === 'CANCELLING') this.start(r.name);
    }
  }

  /** Wakes a replay that waits for its window to end, so that it sees a cancel at once. */
  wake(name: string): void {
    this.wakers.get(name)?.();
  }

  /** Waits for every replay to reach a batch boundary and stop (they resume on the next start). */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.wakers.values()]) wake();
    await Promise.all(this.running.values());
  }

  private sleep(name: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakers.delete(name);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.set(name, done);
    });
  }

  private async run(name: string): Promise<void> {
    const { bus } = this;
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      const r = bus.replays.get(name);
      if (!r) return;
      if (r.state === 'CANCELLING') {
        bus.replays.save({ ...r, state: 'CANCELLED', replayEndTime: Date.now() });
        return;
      }
      if (this.stopping) return;
      const archive = bus.archives.get(r.archive);
      if (!archive) {
        bus.replays.save({
          ...r,
          state: 'FAILED',
          stateReason: `Archive ${r.archive} was deleted.`,
          replayEndTime: Date.now(),
        });
        return;
      }
      if (r.state === 'STARTING') {
        // STARTING is what StartReplay answers; the replay is RUNNING from its first step on.
        bus.replays.save({ ...r, state: 'RUNNING' });
        continue;
      }
      const batch = bus.archives.window(r.archive, r.eventStartTime, r.eventEndTime, r.cursor, BATCH);
      if (batch.length === 0) {
        // A window that ends in the future (AWS accepts one) runs until then, replaying what the
        // archive keeps meanwhile; a past one is done.
        const left = r.eventEndTime - Date.now();
        if (left > 0) {
          await this.sleep(name, Math.min(left, 1000));
          continue;
        }
        bus.replays.save({ ...r, state: 'COMPLETED', replayEndTime: Date.now() });
        return;
      }
      const onlyRules = filterRules(r);
      const now = Date.now();
      const accepted: AcceptedEvent[] = [];
      for (const archived of batch) {
        const original = JSON.parse(archived.event) as Record<string, unknown>;
        const event = { ...original, 'replay-name': name };
        // The age limit of a replayed delivery counts from the replay, not from the original event.
        accepted.push(
          acceptEvent(bus, {
            bus: archive.bus,
            event,
            eventJson: withReplayName(archived.event, original, name),
            ingestedAt: now,
            replayName: name,
            ...(onlyRules ? { onlyRules } : {}),
          }),
        );
      }
      const last = batch[batch.length - 1]!;
      const next: ReplayRecord = {
        ...r,
        state: 'RUNNING',
        cursor: last.seq,
        eventLastReplayedTime: last.ingestedAt,
      };
      await bus.commits.submit(() => {
        commitAccepted(bus, accepted);
        bus.replays.save(next);
      });
    }
  }
}

function filterRules(r: ReplayRecord): Set<string> | undefined {
  const arns = r.destination.FilterArns;
  if (!arns || arns.length === 0) return undefined;
  return new Set(arns.map((arn) => ruleFromArn(arn)?.rule).filter((n): n is string => n !== undefined));
}

/**
 * The archived text with `replay-name` added at the end, as `{...event, 'replay-name'}` would place it,
 * but without re-serialising: the detail's numbers reach partners as they were sent (detail-text.ts).
 */
function withReplayName(text: string, event: Record<string, unknown>, name: string): string {
  if ('replay-name' in event) return JSON.stringify({ ...event, 'replay-name': name });
  const end = text.lastIndexOf('}');
  return `${text.slice(0, end)},"replay-name":${JSON.stringify(name)}}`;
}
