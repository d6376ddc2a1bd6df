// The local notification sender: records what would be sent in an outbox table instead of
// sending it, so a developer (and `portico demo`) can see each email and SMS.
import type Database from 'better-sqlite3';
import { statement } from '../sqlite/statements.ts';
import { transactionWriter, type SqliteWriter } from '../sqlite/writer.ts';
import { render, type Notification, type NotificationSender } from './notification.ts';

export interface OutboxEntry {
  notificationId: string;
  channel: 'email' | 'sms';
  recipient: string;
  userId?: string;
  requestId?: string;
  template: string;
  subject: string;
  text: string;
  recordedAt: string;
}

export class SqliteOutbox implements NotificationSender {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
    private readonly writer: SqliteWriter = transactionWriter(db),
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS market_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, notification_id TEXT NOT NULL UNIQUE, channel TEXT NOT NULL,
      recipient TEXT NOT NULL, user_id TEXT, request_id TEXT, template TEXT NOT NULL, subject TEXT NOT NULL,
      text TEXT NOT NULL, recorded_at TEXT NOT NULL)`);
  }

  async send(n: Notification): Promise<'sent' | 'duplicate'> {
    const { subject, text } = render(n);
    const recordedAt = this.now().toISOString();
    const out = await this.writer.write(() =>
      statement(
        this.db,
        `INSERT INTO market_outbox (notification_id, channel, recipient, user_id, request_id, template, subject, text, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (notification_id) DO NOTHING`,
      ).run(
        n.notification_id,
        n.channel,
        n.recipient,
        n.user_id ?? null,
        n.request_id ?? null,
        n.template,
        subject,
        text,
        recordedAt,
      ),
    );
    return out.changes === 0 ? 'duplicate' : 'sent';
  }

  list(filter: { userId?: string; requestId?: string } = {}): OutboxEntry[] {
    const rows = statement(
      this.db,
      `SELECT * FROM market_outbox WHERE (? IS NULL OR user_id = ?) AND (? IS NULL OR request_id = ?) ORDER BY seq`,
    ).all(
      filter.userId ?? null,
      filter.userId ?? null,
      filter.requestId ?? null,
      filter.requestId ?? null,
    ) as Record<string, string | null>[];
    return rows.map((r) => ({
      notificationId: String(r['notification_id']),
      channel: r['channel'] as 'email' | 'sms',
      recipient: String(r['recipient']),
      ...(r['user_id'] ? { userId: r['user_id'] } : {}),
      ...(r['request_id'] ? { requestId: r['request_id'] } : {}),
      template: String(r['template']),
      subject: String(r['subject']),
      text: String(r['text']),
      recordedAt: String(r['recorded_at']),
    }));
  }
}
