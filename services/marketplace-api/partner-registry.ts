// Partners' own details as the Marketplace API shows and changes them. The catalogue's partner
// files are the base; what a partner changes through self-service is kept as a JSON merge patch
// (RFC 7396) over it, so a later catalogue change still shows wherever the partner changed nothing.
// Credentials are never kept here: they go to the bus's connection (its secret store) only.
import type Database from 'better-sqlite3';
import { apply as applyMergePatch } from 'json-merge-patch';
import type { Environment } from '../request-store/request-store.ts';
import { statement } from '../sqlite/statements.ts';

export interface CataloguePartner {
  id: string;
  name: string;
  delivery: 'webhook' | 'poll';
  contact: { email: string; name?: string; phone?: string };
  environments: Record<Environment, { endpoint?: string; auth?: { type: string } }>;
}

/** The `Partner` schema of catalog/openapi/marketplace-api.yaml. */
export interface PartnerView {
  id: string;
  name: string;
  delivery: 'webhook' | 'poll';
  contact: { email: string; name?: string; phone?: string };
  environments: Record<Environment, { endpoint?: string; auth_type?: string }>;
  webhook_secret?: { created_at: string; previous_secret_expires_at?: string };
}

/** What is kept of a patch: `auth` is reduced to its type before it gets here. */
export interface StoredPatch {
  name?: string;
  contact?: PartnerView['contact'];
  environments?: Partial<Record<Environment, { endpoint?: string; auth_type?: string }>>;
}

/** What self-service has changed for one partner. */
export interface PartnerChanges {
  patch: StoredPatch;
  secretCreatedAt?: string;
  previousSecretExpiresAt?: string;
}

/** Where the changes are kept: SQLite locally, DynamoDB on AWS (dynamodb-partner-changes.ts). */
export interface PartnerChangeStore {
  read(partner: string): Promise<PartnerChanges | undefined>;
  writePatch(partner: string, patch: StoredPatch): Promise<void>;
  writeRotation(partner: string, createdAt: string, previousExpiresAt: string): Promise<void>;
}

export class SqlitePartnerChanges implements PartnerChangeStore {
  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS market_partner_changes (
      partner TEXT PRIMARY KEY, patch TEXT NOT NULL,
      secret_created_at TEXT, previous_secret_expires_at TEXT)`);
  }

  async read(partner: string): Promise<PartnerChanges | undefined> {
    const row = statement(this.db, `SELECT * FROM market_partner_changes WHERE partner = ?`).get(partner) as
      | { patch: string; secret_created_at: string | null; previous_secret_expires_at: string | null }
      | undefined;
    if (!row) return undefined;
    return {
      patch: JSON.parse(row.patch) as StoredPatch,
      ...(row.secret_created_at ? { secretCreatedAt: row.secret_created_at } : {}),
      ...(row.previous_secret_expires_at ? { previousSecretExpiresAt: row.previous_secret_expires_at } : {}),
    };
  }

  async writePatch(partner: string, patch: StoredPatch): Promise<void> {
    statement(
      this.db,
      `INSERT INTO market_partner_changes (partner, patch) VALUES (?, ?) ON CONFLICT (partner) DO UPDATE SET patch = excluded.patch`,
    ).run(partner, JSON.stringify(patch));
  }

  async writeRotation(partner: string, createdAt: string, previousExpiresAt: string): Promise<void> {
    statement(
      this.db,
      `INSERT INTO market_partner_changes (partner, patch, secret_created_at, previous_secret_expires_at) VALUES (?, '{}', ?, ?)
         ON CONFLICT (partner) DO UPDATE SET secret_created_at = excluded.secret_created_at, previous_secret_expires_at = excluded.previous_secret_expires_at`,
    ).run(partner, createdAt, previousExpiresAt);
  }
}

export class PartnerRegistry {
  private readonly base = new Map<string, CataloguePartner>();

  constructor(
    private readonly changes: PartnerChangeStore,
    partners: readonly CataloguePartner[],
  ) {
    for (const p of partners) this.base.set(p.id, p);
  }

  /** The catalogue's partners after a reload (`portico dev`); changes made through the API stay. */
  reload(partners: readonly CataloguePartner[]): void {
    this.base.clear();
    for (const p of partners) this.base.set(p.id, p);
  }

  ids(): string[] {
    return [...this.base.keys()].sort();
  }

  /**
   * Both environments' endpoints; the webhook secret's metadata is that of `environment` (each
   * environment has its own secret). environment-scope.ts cuts the view down to the caller's.
   */
  async view(partner: string, environment: Environment = 'prod'): Promise<PartnerView | undefined> {
    const base = this.base.get(partner);
    if (!base) return undefined;
    const row = await this.changes.read(partner);
    // Rotations are kept per environment under `<partner>/<env>`; before secrets were per
    // environment they were kept under the partner, and signed for both.
    const secretRow = (await this.changes.read(rotationKey(partner, environment))) ?? row;
    const patch = row?.patch ?? {};
    const env = (e: Environment) => {
      const from = base.environments[e] ?? {};
      const over = patch.environments?.[e] ?? {};
      const endpoint = over.endpoint ?? from.endpoint;
      const authType = over.auth_type ?? from.auth?.type;
      return { ...(endpoint ? { endpoint } : {}), ...(authType ? { auth_type: authType } : {}) };
    };
    return {
      id: base.id,
      name: patch.name ?? base.name,
      delivery: base.delivery,
      contact: patch.contact ?? base.contact,
      environments: { prod: env('prod'), test: env('test') },
      ...(secretRow?.secretCreatedAt
        ? {
            webhook_secret: {
              created_at: secretRow.secretCreatedAt,
              ...(secretRow.previousSecretExpiresAt
                ? { previous_secret_expires_at: secretRow.previousSecretExpiresAt }
                : {}),
            },
          }
        : {}),
    };
  }

  /**
   * Merges `patch` into the stored changes (RFC 7396). A `contact` is the whole merged contact and
   * replaces the stored one (a member it no longer has was removed). Answers what was stored
   * before, for `restore` if a later step of the same change fails.
   */
  async change(partner: string, patch: StoredPatch): Promise<StoredPatch | undefined> {
    const before = (await this.changes.read(partner))?.patch;
    const next = applyMergePatch(structuredClone(before ?? {}), patch) as StoredPatch;
    if (patch.contact) next.contact = patch.contact;
    await this.changes.writePatch(partner, next);
    return before;
  }

  async restore(partner: string, before: StoredPatch | undefined): Promise<void> {
    await this.changes.writePatch(partner, before ?? {});
  }

  async recordRotation(
    partner: string,
    environment: Environment,
    createdAt: string,
    previousExpiresAt: string,
  ): Promise<void> {
    await this.changes.writeRotation(rotationKey(partner, environment), createdAt, previousExpiresAt);
  }
}

/** Partner ids are `[a-z0-9-]` (the partner file schema), so `/` cannot collide with one. */
export function rotationKey(partner: string, environment: Environment): string {
  return `${partner}/${environment}`;
}
