import { sql } from 'kysely';
import { isPostgres } from './locks.ts';
import { groupCommitFor, rollbackKeeping } from './group-commit.ts';
import type { Database, Trx } from './schema/index.ts';
import { isHallWide, type Outcome, type Sequenced } from '../services/events.ts';

/**
 * Runs `work` in one transaction and rolls it back on failure, keeping the error that caused it.
 * SQLite ends a transaction by itself on some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM);
 * Kysely's own `transaction().execute()` then fails its ROLLBACK with "cannot rollback - no
 * transaction is active" and throws that instead, hiding a full disk behind a meaningless 500.
 *
 * On SQLite the work of concurrent callers is committed together (./group-commit.ts); on
 * PostgreSQL each runs in a transaction of its own, side by side (the server batches its own
 * WAL flushes across connections).
 */
export async function inTransaction<T>(db: Database, work: (trx: Trx) => Promise<T>): Promise<T> {
  return isPostgres(db) ? alone(db, work) : groupCommitFor(db).run(work);
}

async function alone<T>(db: Database, work: (trx: Trx) => Promise<T>): Promise<T> {
  const trx = await db.startTransaction().execute();
  try {
    const result = await work(trx);
    await trx.commit().execute();
    return result;
  } catch (err) {
    await rollbackKeeping(trx, err);
    throw err;
  }
}

/**
 * Runs a service in one transaction and numbers its events hall-wide before commit, so the
 * sequence a display sees is the commit order. Returns the events for the caller to publish
 * after commit: a rolled-back call never reaches a display.
 */
export async function runInTransaction<T>(
  db: Database,
  work: (trx: Trx) => Promise<Outcome<T>>,
): Promise<{ result: T; events: Sequenced[] }> {
  return inTransaction(db, async (trx) => {
    const { result, events } = await work(trx);
    const sequenced: Sequenced[] = [];
    // Only hall-wide events take a seq: a display must be able to read a gap as a missed event.
    const byHall = new Map<string, typeof events>();
    for (const e of events) if (isHallWide(e)) byHall.set(e.hallId, [...(byHall.get(e.hallId) ?? []), e]);
    for (const [hallId, list] of byHall) {
      const row = await trx
        .updateTable('halls')
        .set({ event_seq: sql<number>`event_seq + ${list.length}` })
        .where('id', '=', hallId)
        .returning('event_seq')
        .executeTakeFirstOrThrow();
      let seq = Number(row.event_seq) - list.length;
      for (const e of list) sequenced.push({ ...e, seq: ++seq });
    }
    for (const e of events) if (!isHallWide(e)) sequenced.push({ ...e, seq: 0 });
    return { result, events: sequenced };
  });
}

/**
 * Reads that must agree with one another, such as a snapshot and the seq it is valid at: one view
 * of the database for all of them. On PostgreSQL a read-committed transaction lets each
 * statement see what committed meanwhile, so a snapshot could show a call newer than its seq and
 * the client would apply that call's event a second time; REPEATABLE READ gives every statement
 * the transaction's first view. SQLite's read transaction is one view already (Kysely sends a
 * plain BEGIN there).
 */
export function consistentRead<T>(db: Database, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').execute(work);
}
