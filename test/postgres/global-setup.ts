import { Kysely } from 'kysely';
import { migrateToLatest, openDatabase } from '../../server/db/index.ts';
import type { DB } from '../../server/db/schema/index.ts';
import { onPostgres, urlFor, withAdmin } from '../helpers/pg.ts';

/**
 * On the PostgreSQL run: a template database with every migration applied, which each test
 * copies (CREATE DATABASE … TEMPLATE is a file copy, much faster than migrating anew). Its
 * name is this run's own, handed to the test workers through the environment.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (!onPostgres) return undefined;
  const name = `hallq_template_${process.pid}`;
  process.env.HALLQ_TEST_TEMPLATE = name;
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => c.query(`CREATE DATABASE ${name}`)));
  const db: Kysely<DB> = openDatabase({ sqliteFile: ':memory:', databaseUrl: urlFor(name) });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined);
}
