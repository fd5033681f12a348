import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/index.ts';
import { createTestDatabase, describePostgresOnly } from '../../helpers/pg.ts';

/** db/index.ts keeps the app's statements prepared per PostgreSQL connection (bench/README.md). */
describePostgresOnly('SQLite keeps its prepared statements in its own cache (db/index.ts)', 'statements kept per PostgreSQL connection', () => {
  let db: Kysely<any>;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    const t = await createTestDatabase();
    drop = t.drop;
    // One connection, so every statement below meets the same session.
    db = openDatabase({ sqliteFile: ':memory:', databaseUrl: t.url, poolSize: 1 }) as unknown as Kysely<any>;
    await sql`create table kept (a integer)`.execute(db);
    await db.insertInto('kept').values({ a: 1 }).execute();
  });
  afterEach(async () => {
    await db.destroy();
    await drop();
  });

  const readAll = () => db.selectFrom('kept').selectAll().execute();
  const keptCount = async () => Number((await sql<{ n: number }>`select count(*) as n from pg_prepared_statements where name like 'hq_%'`.execute(db)).rows[0].n);

  it('a row statement is prepared once and kept; DDL is not', async () => {
    const before = await keptCount();
    expect(await readAll()).toEqual([{ a: 1 }]);
    expect(await readAll()).toEqual([{ a: 1 }]);
    // The select (and the counting select itself) are kept; running the select again adds none.
    const after = await keptCount();
    expect(after).toBeGreaterThan(before);
    await readAll();
    expect(await keptCount()).toBe(after);
    const names = (await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'hq_%'`.execute(db)).rows.map((r) => r.statement);
    expect(names.some((s) => /^create table/i.test(s))).toBe(false);
  });

  it('after a schema change alters its columns, a kept statement fails once, then runs unnamed', async () => {
    await readAll();
    await sql`alter table kept add column b integer`.execute(db);
    await expect(readAll()).rejects.toMatchObject({ code: '0A000' });
    expect(await readAll()).toEqual([{ a: 1, b: null }]);
  });
});
