import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import { migrationProvider } from '../../migrations/index.ts';
import type { DB } from './schema/index.ts';

export type { DB, Database, Queryable, Trx } from './schema/index.ts';
export { isPostgres, lockForUpdate, advisoryXactLock } from './locks.ts';

export interface OpenOptions {
  /** A file path, or ':memory:' for service tests. */
  sqliteFile: string;
  /** postgres://…: PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
}

/**
 * node-postgres, loaded when a PostgreSQL database is opened: a hall on SQLite never holds it
 * (with the realtime adapter, about 5 MB of a server's memory: bench/README.md).
 */
export function loadPg(): typeof pg {
  return createRequire(import.meta.url)('pg') as typeof pg;
}

/**
 * int8 (counts, bigint columns: times in ms, seq) and numeric (sums, averages) come back from
 * node-postgres as strings, because they may not fit a JS number. Ours always do (ms since 1970
 * are far below 2^53), and services compare them as numbers as they do on SQLite.
 */
const INT8 = 20;
const NUMERIC = 1700;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (v: string) => Number.parseInt(v, 10);
    if (oid === NUMERIC) return (v: string) => Number.parseFloat(v);
    return loadPg().types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/**
 * The app's statements are prepared once per connection and kept (a named statement, its name
 * from the text): Kysely's driver sends each one unnamed, and PostgreSQL parsed and planned it
 * anew every time, 0.4 ms of planning against 0.04 ms of running for the day's last sort key
 * (bench/README.md). Only reads and writes of rows are kept, and a bounded number per
 * connection: the app runs a few hundred distinct texts, and a text with a list of a new length
 * is a new one. A kept statement whose result columns a schema change altered fails once with
 * 0A000; its text then runs unnamed on that connection.
 */
const KEPT_PER_CONNECTION = 500;
const KEPT_TEXT_MAX = 4000;
const KEEPABLE = /^\s*(select|insert|update|delete|with)\b/i;
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `hq_${crypto.createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
    if (statementNames.size < 10 * KEPT_PER_CONNECTION) statementNames.set(text, name);
  }
  return name;
}

/**
 * A node-postgres pool that reads numbers as numbers: the app's (`prepared`: its statements kept
 * per connection, as above), and the realtime adapter's.
 */
export function createPgPool(url: string, max = 10, opts: { prepared?: boolean } = {}): pg.Pool {
  const pool = new (loadPg().Pool)({ connectionString: url, max, types: pgTypes });
  // An idle client that loses its server (a restart, a failover) must not crash the process;
  // the next query gets a fresh connection.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    // A client that is checked out when the server ends its connection (a restart, a failover,
    // pg_terminate_backend) emits 'error' too, and the pool listens only to idle ones: unheard,
    // it would end the process. Queries on it fail and are answered; it is then discarded
    // ('end'), and a holder such as the realtime adapter's LISTEN connection takes a new one.
    client.on('error', () => undefined);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    const kept = new Set<string>();
    const unnamed = new Set<string>();
    (client as { query: unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
      const v = Array.isArray(values) ? values.map(withoutNul) : values;
      const keep =
        opts.prepared && rest.length === 0 && typeof text === 'string' && text.length <= KEPT_TEXT_MAX && !unnamed.has(text) &&
        (kept.has(text) || (kept.size < KEPT_PER_CONNECTION && KEEPABLE.test(text)));
      if (!keep) return query(text, v, ...rest);
      kept.add(text);
      return (query({ name: statementName(text), text, values: v }) as Promise<unknown>).catch((err: { code?: string }) => {
        if (err?.code === '0A000') unnamed.add(text);
        throw err;
      });
    };
  });
  return pool;
}

/**
 * PostgreSQL text cannot hold the NUL character (SQLite can): a request whose id or text carries
 * one would fail the query with a 500. No hall text means anything by it, so it becomes U+FFFD:
 * a lookup then finds nothing and answers 404 as it does on SQLite, and stored text stays readable.
 */
function withoutNul(v: unknown): unknown {
  return typeof v === 'string' && v.includes('\u0000') ? v.replaceAll('\u0000', '\uFFFD') : v;
}

/**
 * Opens the database. Only the db layer knows the dialect: services see Kysely<DB> and ask for
 * locks through ./locks.ts, which does nothing where SQLite already serialises writers.
 */
export function openDatabase(opts: OpenOptions): Kysely<DB> {
  if (opts.databaseUrl) {
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPgPool(opts.databaseUrl, opts.poolSize ?? 10, { prepared: true }) }) });
  }
  if (opts.sqliteFile !== ':memory:') fs.mkdirSync(path.dirname(opts.sqliteFile), { recursive: true });
  const sqlite = new SQLite(opts.sqliteFile);
  // WAL lets displays read while a window writes; FULL makes an acknowledged ticket survive a power cut.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

/**
 * Kysely's SQLite driver prepares every statement anew on each execution; preparing was a fifth
 * of the CPU of an issue or a call (bench/README.md). The app runs a few hundred distinct SQL
 * texts, so prepared statements are kept by text, the oldest dropped past `max`. A hit is one
 * lookup: each text is a new string from Kysely's compiler, hashed at every Map operation, and
 * keeping a least-recently-used order cost two more (4% of an issue's CPU).
 * better-sqlite3 re-prepares a kept statement itself when a migration changes the schema.
 */
function withStatementCache(sqlite: SQLite.Database, max = 1000): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = sqlite.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

/** Runs the migrations; on PostgreSQL several instances starting at once take turns (Kysely's migration lock). */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
