// The delivery rows' dictionaries (delivery-rows.ts): a lane per target ARN and a route per (lane,
// rule, target id, retry policy, dead-letter queue), looked up in memory when a delivery is written.
import type Database from 'better-sqlite3';
import type { NewDelivery } from './delivery-queue.ts';

export interface RouteIds {
  route: number;
  lane: number;
}

interface Entry {
  targetId: string;
  maxRetry: number;
  maxAge: number;
  deadLetterArn: string;
  ids: RouteIds;
  /** Read or created since the last confirm(): its transaction may yet roll back. */
  tentative: NewDelivery | undefined;
}

/**
 * Ids are created inside the writer's transaction, which may still roll back (a PutEvents that fails,
 * a savepoint of the commit queue). An id read or created since the last `confirm()` is therefore
 * tentative: it is looked up again by content at each use (created again if it was rolled back) until
 * `confirm()`, called once the transactions that used it have committed, finds it in the file.
 * Lookups are keyed by target ARN, then rule ARN: strings the bus reuses, whose hashes V8 keeps.
 */
export class DeliveryRoutes {
  private readonly known = new Map<string, Map<string, Entry[]>>();
  private tentative: Entry[] = [];
  private readonly s: Record<string, Database.Statement>;

  constructor(private readonly db: Database.Database) {
    this.s = {
      lane: db.prepare('SELECT lane FROM delivery_lanes WHERE target_arn = ?').pluck(),
      addLane: db.prepare('INSERT INTO delivery_lanes (target_arn) VALUES (?)'),
      route: db
        .prepare(
          `SELECT route FROM delivery_routes WHERE lane = ? AND rule_arn = ? AND target_id = ?
           AND max_retry_attempts = ? AND max_event_age_seconds = ? AND dead_letter_arn = ?`,
        )
        .pluck(),
      addRoute: db.prepare(`INSERT INTO delivery_routes (lane, rule_arn, target_id, max_retry_attempts,
        max_event_age_seconds, dead_letter_arn) VALUES (?, ?, ?, ?, ?, ?)`),
    };
  }

  /** The ids of a delivery's lane and route, created if need be (inside the writer's transaction). */
  of(d: NewDelivery): RouteIds {
    let byRule = this.known.get(d.targetArn);
    if (byRule === undefined) this.known.set(d.targetArn, (byRule = new Map()));
    let entries = byRule.get(d.ruleArn);
    if (entries === undefined) byRule.set(d.ruleArn, (entries = []));
    const { maximumRetryAttempts: maxRetry, maximumEventAgeInSeconds: maxAge } = d.retryPolicy;
    const deadLetterArn = d.deadLetterArn ?? '';
    let entry = entries.find(
      (e) =>
        e.targetId === d.targetId &&
        e.maxRetry === maxRetry &&
        e.maxAge === maxAge &&
        e.deadLetterArn === deadLetterArn,
    );
    if (entry !== undefined && entry.tentative === undefined) return entry.ids;
    const ids = this.find(d, true)!;
    if (entry === undefined) {
      entry = { targetId: d.targetId, maxRetry, maxAge, deadLetterArn, ids, tentative: undefined };
      entries.push(entry);
    } else entry.ids = ids;
    if (entry.tentative === undefined) this.tentative.push(entry);
    entry.tentative = d;
    return ids;
  }

  /** The lane of a target ARN, if any delivery was ever written for it. */
  laneOf(targetArn: string): number | undefined {
    return this.s.lane!.get(targetArn) as number | undefined;
  }

  /** Trusts the tentative ids that are in the file: call after a commit, outside any transaction. */
  confirm(): void {
    if (this.tentative.length === 0 || this.db.inTransaction) return;
    for (const entry of this.tentative) {
      const ids = this.find(entry.tentative!, false);
      if (ids) {
        entry.ids = ids;
        entry.tentative = undefined;
      } else {
        const entries = this.known.get(entry.tentative!.targetArn)!.get(entry.tentative!.ruleArn)!;
        entries.splice(entries.indexOf(entry), 1);
      }
    }
    this.tentative = [];
  }

  private find(d: NewDelivery, create: boolean): RouteIds | undefined {
    let lane = this.laneOf(d.targetArn);
    if (lane === undefined) {
      if (!create) return undefined;
      lane = Number(this.s.addLane!.run(d.targetArn).lastInsertRowid);
    }
    const content = [
      lane,
      d.ruleArn,
      d.targetId,
      d.retryPolicy.maximumRetryAttempts,
      d.retryPolicy.maximumEventAgeInSeconds,
      d.deadLetterArn ?? '',
    ];
    let route = this.s.route!.get(...content) as number | undefined;
    if (route === undefined) {
      if (!create) return undefined;
      route = Number(this.s.addRoute!.run(...content).lastInsertRowid);
    }
    return { route, lane };
  }
}
