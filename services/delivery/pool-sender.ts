// Partners' HTTP exchanges through an undici keep-alive Pool per origin, each pool's connector behind
// the outbound guard (outbound-guard.ts: the address is checked at connect time, after DNS). Runs on the
// delivery worker's thread by default, or inside the sender thread (sender-thread-main.ts).
import type { lookup as dnsLookup } from 'node:dns';
import { Pool } from 'undici';
import { send, type HttpSender, type SendOptions, type SendResult } from './http-send.ts';
import { EndpointRefusedError, guardedConnector, type EndpointPolicy } from './outbound-guard.ts';

export interface PoolSettings {
  policy: EndpointPolicy;
  /** undici's connect timeout (the per-attempt timeout). */
  timeoutMs: number;
  connectionsPerOrigin: number;
}

export class PoolSender implements HttpSender {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly settings: PoolSettings,
    /** DNS resolution behind the guard (default node:dns lookup); tests pass a table. */
    private readonly resolve?: typeof dnsLookup,
  ) {}

  send(origin: string, o: SendOptions): Promise<SendResult> {
    return send(this.poolFor(origin), o);
  }

  private poolFor(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.settings.connectionsPerOrigin,
        keepAliveTimeout: 30_000,
        connect: guardedConnector(this.settings.policy, {
          timeoutMs: this.settings.timeoutMs,
          ...(this.resolve ? { resolve: this.resolve } : {}),
        }),
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }
}

/** The guard's refusal, wherever undici wrapped it (its connector errors may carry it as a cause). */
export function refusal(error: unknown): EndpointRefusedError | undefined {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof EndpointRefusedError) return e;
  }
  return undefined;
}
