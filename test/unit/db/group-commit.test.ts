import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../server/db/index.ts';
import { inTransaction } from '../../../server/db/unit-of-work.ts';
import { conflict, DomainError } from '../../../server/domain/errors.ts';
import { tempDataDir } from '../../helpers/server.ts';

/**
 * Group commit on SQLite (server/db/group-commit.ts), watched from a second connection to the same
 * file: `PRAGMA data_version` there counts the commits the app's connection made, and a row is
 * there only once committed.
 */
describe('group commit on SQLite', () => {
  let db: Database;
  let other: SQLite.Database;
  beforeEach(async () => {
    const file = path.join(tempDataDir(), 'g.sqlite');
    db = openDatabase({ sqliteFile: file });
    await sql`create table t (v text not null unique)`.execute(db);
    other = new SQLite(file);
  });
  afterEach(async () => {
    other.close();
    await db.destroy();
  });

  const commits = () => Number(other.pragma('data_version', { simple: true }));
  const committed = (v: string) => other.prepare('select count(*) as n from t where v = ?').get(v) as { n: number };
  const insert = (v: string) => (trx: Database) => sql`insert into t (v) values (${v})`.execute(trx);

  it('commits concurrent units together, and answers none before its commit', async () => {
    const before = commits();
    const seenAtAnswer: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        inTransaction(db, async (trx) => {
          await insert(`u${i}`)(trx);
          return i;
        }).then((i) => seenAtAnswer.push(committed(`u${i}`).n)),
      ),
    );
    expect(seenAtAnswer).toEqual(Array(20).fill(1));
    const made = commits() - before;
    expect(made).toBeGreaterThanOrEqual(1);
    expect(made).toBeLessThan(20);
  });

  it('a failing unit is rolled back alone: its error goes to its caller, the others are committed', async () => {
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((v) =>
        inTransaction(db, async (trx) => {
          await insert(v)(trx);
          if (v === 'b') throw conflict('TEST_REFUSED', 'refused after writing');
          // A constraint error inside a unit: SQLite undoes the statement, the unit's savepoint the rest.
          if (v === 'c') await insert('a')(trx);
          return v;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(DomainError);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(['a', 'b', 'c', 'd'].map((v) => committed(v).n)).toEqual([1, 0, 0, 1]);
    // The connection is usable afterwards, inside and outside units.
    await inTransaction(db, insert('e'));
    expect(committed('e').n).toBe(1);
  });
});
