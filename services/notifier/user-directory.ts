// Whom to tell, and how: the notifier's view of registered users, kept from `user registered`
// events so that the notifier needs no call to the portal.
import type Database from 'better-sqlite3';
import { statement } from '../sqlite/statements.ts';
import { transactionWriter, type SqliteWriter } from '../sqlite/writer.ts';

export interface UserContact {
  userId: string;
  email: string;
  phone?: string;
  preferredChannel: 'email' | 'sms';
}

export interface UserDirectory {
  find(userId: string): Promise<UserContact | undefined>;
  remember(user: UserContact): Promise<void>;
}

export class SqliteUserDirectory implements UserDirectory {
  constructor(
    private readonly db: Database.Database,
    private readonly writer: SqliteWriter = transactionWriter(db),
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS market_notifier_users (
      user_id TEXT PRIMARY KEY, email TEXT NOT NULL, phone TEXT, preferred_channel TEXT NOT NULL)`);
  }

  async find(userId: string): Promise<UserContact | undefined> {
    const r = statement(this.db, `SELECT * FROM market_notifier_users WHERE user_id = ?`).get(userId) as
      Record<string, string | null> | undefined;
    if (!r) return undefined;
    return {
      userId,
      email: String(r['email']),
      ...(r['phone'] ? { phone: r['phone'] } : {}),
      preferredChannel: r['preferred_channel'] as 'email' | 'sms',
    };
  }

  async remember(user: UserContact): Promise<void> {
    await this.writer.write(() =>
      statement(
        this.db,
        `INSERT INTO market_notifier_users (user_id, email, phone, preferred_channel) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, phone = excluded.phone, preferred_channel = excluded.preferred_channel`,
      ).run(user.userId, user.email, user.phone ?? null, user.preferredChannel),
    );
  }
}
