import type Database from 'better-sqlite3';
import { RuleMachine } from '../../pattern/index.ts';

/** A target as the EventBridge API describes it (PutTargets / ListTargetsByRule), kept verbatim. */
export interface TargetRecord {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  DeadLetterConfig?: { Arn?: string };
  [other: string]: unknown;
}

export interface RuleRecord {
  bus: string;
  name: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  description?: string;
  roleArn?: string;
  /** `portico.catalog` for the rules generated from the catalogue (reloaded at every start). */
  managedBy?: string;
  targets: TargetRecord[];
}

interface RuleRow {
  bus: string;
  name: string;
  event_pattern: string | null;
  schedule_expression: string | null;
  state: RuleRecord['state'];
  description: string | null;
  role_arn: string | null;
  managed_by: string | null;
  targets: string;
}

/**
 * Rules and their targets, persisted, cached in memory, and compiled into one RuleMachine per bus so that
 * routing an event costs one `match` per bus however many rules it holds.
 */
export class RuleStore {
  private readonly rules = new Map<string, Map<string, RuleRecord>>();
  private readonly machines = new Map<string, RuleMachine>();
  private readonly listeners: ((bus: string, name: string) => void)[] = [];

  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS bus_rules (
      bus TEXT NOT NULL, name TEXT NOT NULL, event_pattern TEXT, schedule_expression TEXT, state TEXT NOT NULL,
      description TEXT, role_arn TEXT, managed_by TEXT, targets TEXT NOT NULL DEFAULT '[]',
      PRIMARY KEY (bus, name))`);
    for (const row of db.prepare('SELECT * FROM bus_rules').all() as RuleRow[]) {
      this.cacheRule({
        bus: row.bus,
        name: row.name,
        ...(row.event_pattern ? { eventPattern: row.event_pattern } : {}),
        ...(row.schedule_expression ? { scheduleExpression: row.schedule_expression } : {}),
        state: row.state,
        ...(row.description ? { description: row.description } : {}),
        ...(row.role_arn ? { roleArn: row.role_arn } : {}),
        ...(row.managed_by ? { managedBy: row.managed_by } : {}),
        targets: JSON.parse(row.targets) as TargetRecord[],
      });
    }
  }

  /** Calls `listener` after a rule is put or deleted (the scheduler follows ScheduleExpression and State). */
  onChange(listener: (bus: string, name: string) => void): void {
    this.listeners.push(listener);
  }

  get(bus: string, name: string): RuleRecord | undefined {
    return this.rules.get(bus)?.get(name);
  }

  list(bus: string): RuleRecord[] {
    return [...(this.rules.get(bus)?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Names of the enabled rules on `bus` whose pattern matches the event. */
  match(bus: string, event: object): string[] {
    const machine = this.machines.get(bus);
    return machine && machine.size > 0 ? machine.match(event) : [];
  }

  put(rule: RuleRecord): void {
    this.db
      .prepare(
        `INSERT INTO bus_rules (bus, name, event_pattern, schedule_expression, state, description, role_arn, managed_by, targets)
         VALUES (@bus, @name, @eventPattern, @scheduleExpression, @state, @description, @roleArn, @managedBy, @targets)
         ON CONFLICT (bus, name) DO UPDATE SET event_pattern = excluded.event_pattern,
           schedule_expression = excluded.schedule_expression, state = excluded.state,
           description = excluded.description, role_arn = excluded.role_arn, managed_by = excluded.managed_by,
           targets = excluded.targets`,
      )
      .run({
        bus: rule.bus,
        name: rule.name,
        eventPattern: rule.eventPattern ?? null,
        scheduleExpression: rule.scheduleExpression ?? null,
        state: rule.state,
        description: rule.description ?? null,
        roleArn: rule.roleArn ?? null,
        managedBy: rule.managedBy ?? null,
        targets: JSON.stringify(rule.targets),
      });
    this.cacheRule(rule);
    this.changed(rule.bus, rule.name);
  }

  delete(bus: string, name: string): boolean {
    const existed =
      this.db.prepare('DELETE FROM bus_rules WHERE bus = ? AND name = ?').run(bus, name).changes > 0;
    this.rules.get(bus)?.delete(name);
    this.machines.get(bus)?.remove(name);
    this.changed(bus, name);
    return existed;
  }

  deleteBus(bus: string): void {
    const names = [...(this.rules.get(bus)?.keys() ?? [])];
    this.db.prepare('DELETE FROM bus_rules WHERE bus = ?').run(bus);
    this.rules.delete(bus);
    this.machines.delete(bus);
    for (const name of names) this.changed(bus, name);
  }

  private changed(bus: string, name: string): void {
    for (const listener of this.listeners) listener(bus, name);
  }

  private cacheRule(rule: RuleRecord): void {
    let byName = this.rules.get(rule.bus);
    if (!byName) this.rules.set(rule.bus, (byName = new Map()));
    byName.set(rule.name, rule);
    let machine = this.machines.get(rule.bus);
    if (!machine) this.machines.set(rule.bus, (machine = new RuleMachine()));
    machine.remove(rule.name);
    // Schedule-only rules have no pattern; DISABLED rules match nothing (AWS keeps them but skips them).
    if (rule.eventPattern && rule.state !== 'DISABLED') machine.add(rule.name, rule.eventPattern);
  }
}
