import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';

/**
 * The suite runs once on SQLite and once on PostgreSQL (test/postgres/run.ts): with
 * HALLQ_TEST_DATABASE_URL set, every test server and service test gets its own database,
 * copied from a migrated template (test/postgres/global-setup.ts) and dropped after the file.
 */
export const testDatabaseUrl = process.env.HALLQ_TEST_DATABASE_URL || undefined;
export const onPostgres = testDatabaseUrl !== undefined;
/** The migrated template of this run (global-setup.ts): runs on one server at once do not meet. */
export const templateDb = () => process.env.HALLQ_TEST_TEMPLATE ?? 'hallq_template';
export const TEST_DB_PREFIX = 'hallq_t_';

export function urlFor(database: string, base = testDatabaseUrl!): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withAdmin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: testDatabaseUrl });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

const created = new Set<string>();
let cleanupRegistered = false;

/** A new database copied from the migrated template; dropped when the test file ends (or by `drop`). */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  if (!onPostgres) throw new Error('createTestDatabase needs HALLQ_TEST_DATABASE_URL');
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    afterAll(async () => {
      for (const name of [...created]) await dropTestDatabase(name);
    });
  }
  const name = `${TEST_DB_PREFIX}${crypto.randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${templateDb()}`));
  created.add(name);
  return { name, url: urlFor(name), drop: () => dropTestDatabase(name) };
}

export async function dropTestDatabase(name: string): Promise<void> {
  if (!created.delete(name)) return;
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/**
 * The database of a data folder: a restart on the same folder finds the same data, as it does
 * with the SQLite file in it. Created on first use.
 */
export async function databaseForDataDir(dataDir: string): Promise<string> {
  const marker = path.join(dataDir, 'test-database-url');
  if (fs.existsSync(marker)) return fs.readFileSync(marker, 'utf8').trim();
  const { url } = await createTestDatabase();
  fs.writeFileSync(marker, url);
  return url;
}

/**
 * A test that is about SQLite itself (its backup file, its integrity pragmas) runs on SQLite
 * only; on PostgreSQL it is skipped with its reason printed, so the skip is seen, not hidden.
 */
export function describeSqliteOnly(reason: string, name: string, fn: () => void): void {
  if (onPostgres) {
    console.warn(`[PostgreSQL run] skipped "${name}": SQLite-only (${reason})`);
    describe.skip(name, fn);
  } else describe(name, fn);
}

/**
 * A test of what only PostgreSQL can get wrong (transactions side by side): on SQLite, which
 * runs one transaction at a time, it is skipped with its reason printed.
 */
export function describePostgresOnly(reason: string, name: string, fn: () => void): void {
  if (!onPostgres) {
    console.warn(`[SQLite run] skipped "${name}": PostgreSQL-only (${reason})`);
    describe.skip(name, fn);
  } else describe(name, fn);
}

/** One test of SQLite's own files or locks inside a suite that runs on both; skipped, and said so, on PostgreSQL. */
export function itSqliteOnly(reason: string, name: string, fn: () => Promise<void>, timeout?: number): void {
  if (onPostgres) {
    console.warn(`[PostgreSQL run] skipped "${name}": SQLite-only (${reason})`);
    it.skip(name, fn);
  } else it(name, fn, timeout);
}
