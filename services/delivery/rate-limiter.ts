// Per-destination lanes: InvocationRateLimitPerSecond as a token bucket plus a concurrency cap.
// Excess waits in its own lane and is never dropped; a slow or rate-limited partner only fills its own
// lane (the worker stops claiming for a full lane), so it never delays the others.
// The bucket holds one token: requests are spaced 1/rate apart, so no one-second window holds more
// than rate + 1 of them, which is what "a backlog within its rate limit" needs after an outage.

export interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Pure: refill the bucket to `now`, then take a token or say how long until one is there. */
export function takeToken(
  bucket: Bucket,
  now: number,
  ratePerSecond: number,
  capacity = 1,
): { bucket: Bucket; waitMs: number } {
  const tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) * ratePerSecond) / 1000);
  if (tokens >= 1) return { bucket: { tokens: tokens - 1, updatedAt: now }, waitMs: 0 };
  return { bucket: { tokens, updatedAt: now }, waitMs: Math.ceil(((1 - tokens) * 1000) / ratePerSecond) };
}

export interface LaneLimits {
  /** InvocationRateLimitPerSecond; undefined = no rate limit. */
  ratePerSecond?: number | undefined;
  /** Requests in flight at once to this destination. */
  concurrency: number;
}

interface Lane {
  limits: LaneLimits;
  bucket: Bucket;
  active: number;
  waiting: (() => void)[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

export interface DestinationLanesOptions {
  now?: () => number;
}

export class DestinationLanes {
  private readonly lanes = new Map<string, Lane>();
  private readonly now: () => number;

  constructor(opts: DestinationLanesOptions = {}) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** Resolves with a release function once the lane has a token and a free slot. */
  acquire(key: string, limits: LaneLimits): Promise<() => void> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = {
        limits,
        bucket: { tokens: 1, updatedAt: this.now() },
        active: 0,
        waiting: [],
        timer: undefined,
      };
      this.lanes.set(key, lane);
    }
    lane.limits = limits;
    const l = lane;
    return new Promise((resolve) => {
      l.waiting.push(() => {
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          l.active--;
          this.pump(key, l);
        });
      });
      this.pump(key, l);
    });
  }

  /**
   * The slot at once when the lane has one free and nobody waits (the common case): no promise, and
   * the same token and concurrency rules as acquire. Undefined means: wait with acquire.
   */
  tryAcquire(key: string, limits: LaneLimits): (() => void) | undefined {
    const lane = this.lanes.get(key);
    if (lane && (lane.waiting.length > 0 || lane.timer !== undefined)) return undefined;
    if ((lane?.active ?? 0) >= limits.concurrency) return undefined;
    const rate = limits.ratePerSecond;
    if (rate !== undefined && rate > 0) {
      if (!lane) return undefined; // a new lane's first token: acquire sets the bucket up
      const { bucket, waitMs } = takeToken(lane.bucket, this.now(), rate);
      if (waitMs > 0) return undefined;
      lane.bucket = bucket;
    }
    let l = lane;
    if (!l) {
      l = { limits, bucket: { tokens: 1, updatedAt: this.now() }, active: 0, waiting: [], timer: undefined };
      this.lanes.set(key, l);
    }
    l.limits = limits;
    l.active++;
    const held = l;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      held.active--;
      this.pump(key, held);
    };
  }

  /** Requests waiting for or holding a slot in this lane. */
  load(key: string): number {
    const lane = this.lanes.get(key);
    return lane ? lane.active + lane.waiting.length : 0;
  }

  private pump(key: string, lane: Lane): void {
    while (lane.waiting.length > 0 && lane.active < lane.limits.concurrency && lane.timer === undefined) {
      const rate = lane.limits.ratePerSecond;
      if (rate !== undefined && rate > 0) {
        const { bucket, waitMs } = takeToken(lane.bucket, this.now(), rate);
        lane.bucket = bucket;
        if (waitMs > 0) {
          lane.timer = setTimeout(() => {
            lane.timer = undefined;
            this.pump(key, lane);
          }, waitMs);
          return;
        }
      }
      lane.active++;
      lane.waiting.shift()!();
    }
    if (
      lane.active === 0 &&
      lane.waiting.length === 0 &&
      lane.timer === undefined &&
      lane.bucket.tokens >= 1
    ) {
      this.lanes.delete(key); // an idle lane with a full bucket holds no state worth keeping
    }
  }
}
