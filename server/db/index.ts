import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from '../../migrations/index.ts';
import type { DB } from './schema/index.ts';

export type { DB, Database, Queryable, Trx } from './schema/index.ts';

export interface OpenOptions {
  /** A file path, or ':memory:' for service tests. */
  sqliteFile: string;
  databaseUrl?: string;
}

/**
 * Opens the database. Only this module knows the dialect: services see Kysely<DB>, so a
 * PostgreSQL dialect (DATABASE_URL) can be added here without touching them.
 */
export function openDatabase(opts: OpenOptions): Kysely<DB> {
  if (opts.databaseUrl) {
    throw new Error('PostgreSQL is not supported yet: unset DATABASE_URL to use the embedded SQLite database');
  }
  if (opts.sqliteFile !== ':memory:') fs.mkdirSync(path.dirname(opts.sqliteFile), { recursive: true });
  const sqlite = new SQLite(opts.sqliteFile);
  // WAL lets displays read while a window writes; FULL makes an acknowledged ticket survive a power cut.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
