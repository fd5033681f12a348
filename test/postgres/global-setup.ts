import { Kysely } from 'kysely';
import { migrateToLatest, openDatabase } from '../../server/db/index.ts';
import type { DB } from '../../server/db/schema/index.ts';
import { onPostgres, TEMPLATE_DB, TEST_DB_PREFIX, urlFor, withAdmin } from '../helpers/pg.ts';

/**
 * On the PostgreSQL run: a template database with every migration applied, which each test
 * copies (CREATE DATABASE … TEMPLATE is a file copy, much faster than migrating anew), and
 * no test databases left over from an interrupted run.
 */
export default async function setup(): Promise<void> {
  if (!onPostgres) return;
  await withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${TEST_DB_PREFIX}%' OR datname = '${TEMPLATE_DB}'`);
    for (const r of rows) await c.query(`DROP DATABASE ${r.datname} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  });
  const db: Kysely<DB> = openDatabase({ sqliteFile: ':memory:', databaseUrl: urlFor(TEMPLATE_DB) });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}
