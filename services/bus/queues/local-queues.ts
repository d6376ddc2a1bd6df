import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { queueArn } from '../arns.ts';

export interface QueueMessage {
  id: string;
  body: string;
  attributes: Record<string, string>;
  sentAt: string;
}

/**
 * SQS-style local queues, addressed by ARN `arn:aws:sqs:<region>:<account>:<name>`: rule targets and
 * dead-letter queues. Reading is a non-destructive peek (oldest first) and deleting is explicit, which is
 * what a developer inspecting a dead-letter queue from the CLI wants.
 */
export class LocalQueues {
  private readonly sendStmt: Database.Statement;
  private readonly ensureStmt: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly opts: { region: string; accountId: string },
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS local_queues (name TEXT PRIMARY KEY, arn TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS local_queue_messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, queue_arn TEXT NOT NULL, body TEXT NOT NULL,
        attributes TEXT NOT NULL, sent_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS local_queue_messages_queue ON local_queue_messages (queue_arn, seq);`);
    this.ensureStmt = db.prepare(
      'INSERT OR IGNORE INTO local_queues (name, arn, created_at) VALUES (?, ?, ?)',
    );
    this.sendStmt = db.prepare(
      'INSERT INTO local_queue_messages (id, queue_arn, body, attributes, sent_at) VALUES (?, ?, ?, ?, ?)',
    );
  }

  ensure(name: string): string {
    const arn = queueArn(this.opts, name);
    this.ensureStmt.run(name, arn, Date.now());
    return arn;
  }

  send(arn: string, body: string, attributes: Record<string, string> = {}): string {
    const name = nameOfQueueArn(arn);
    if (!name)
      throw new Error(
        `LocalQueues.send: ${arn} is not an SQS queue ARN (arn:aws:sqs:<region>:<account>:<name>)`,
      );
    this.ensureStmt.run(name, arn, Date.now());
    const id = randomUUID();
    this.sendStmt.run(id, arn, body, JSON.stringify(attributes), new Date().toISOString());
    return id;
  }

  list(): { name: string; arn: string; messages: number }[] {
    return this.db
      .prepare(
        `SELECT q.name, q.arn, (SELECT count(*) FROM local_queue_messages m WHERE m.queue_arn = q.arn) AS messages
         FROM local_queues q ORDER BY q.name`,
      )
      .all() as { name: string; arn: string; messages: number }[];
  }

  receive(arn: string, max: number): QueueMessage[] {
    const rows = this.db
      .prepare(
        'SELECT id, body, attributes, sent_at FROM local_queue_messages WHERE queue_arn = ? ORDER BY seq LIMIT ?',
      )
      .all(arn, max) as { id: string; body: string; attributes: string; sent_at: string }[];
    return rows.map(toMessage);
  }

  get(arn: string, messageId: string): QueueMessage | undefined {
    const row = this.db
      .prepare(
        'SELECT id, body, attributes, sent_at FROM local_queue_messages WHERE queue_arn = ? AND id = ?',
      )
      .get(arn, messageId) as { id: string; body: string; attributes: string; sent_at: string } | undefined;
    return row ? toMessage(row) : undefined;
  }

  delete(arn: string, messageId: string): boolean {
    return (
      this.db.prepare('DELETE FROM local_queue_messages WHERE queue_arn = ? AND id = ?').run(arn, messageId)
        .changes > 0
    );
  }

  /** The ARN of a queue given by name or ARN. */
  arnOf(nameOrArn: string): string {
    return nameOfQueueArn(nameOrArn) ? nameOrArn : queueArn(this.opts, nameOrArn);
  }
}

export const nameOfQueueArn = (arn: string): string | undefined =>
  /^arn:aws[\w-]*:sqs:[^:]*:[^:]*:(.+)$/.exec(arn)?.[1];

function toMessage(r: { id: string; body: string; attributes: string; sent_at: string }): QueueMessage {
  return {
    id: r.id,
    body: r.body,
    attributes: JSON.parse(r.attributes) as Record<string, string>,
    sentAt: r.sent_at,
  };
}
