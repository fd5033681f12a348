import type { ControlledTransaction } from 'kysely';
import type { Database, DB, Trx } from './schema/index.ts';

/**
 * Group commit for SQLite. `synchronous = FULL` makes every COMMIT wait for the disk (an fsync of
 * the WAL), and better-sqlite3 waits with the whole process; SQLite runs one transaction at a
 * time anyway (Kysely queues them on its single connection). So the units of work that queue up
 * while one runs share its transaction: each in a SAVEPOINT of its own, which a failing unit rolls
 * back alone (its error goes to its caller, the others go on), then one COMMIT for all. No caller
 * hears of its work before that COMMIT, so an acknowledged ticket still survives a power cut; if
 * the COMMIT fails, or SQLite ends the transaction itself (SQLITE_FULL, SQLITE_IOERR), every
 * unit of the batch fails with that error and nothing of it is written.
 *
 * Units run one after another in arrival order, as they did in transactions of their own, and
 * numbers they take (tickets, a hall's event seq) follow that order. A batch stops taking units
 * after MAX_UNITS or MAX_MS, so a queue of work never delays the first one's answer for long.
 */
const MAX_UNITS = 64;
const MAX_MS = 10;
const SAVEPOINT = 'hallq_unit';

interface Unit {
  work: (trx: Trx) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (err: unknown) => void;
}

class GroupCommit {
  private readonly queue: Unit[] = [];
  private running = false;

  constructor(private readonly db: Database) {}

  run<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (this.running) return;
      this.running = true;
      // After the I/O callbacks of this turn of the event loop: the requests that came in together
      // reach this queue together and share the batch (started at once, a batch would hold only
      // the first of them, the rest arriving while its statements run).
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.batch();
    } finally {
      this.running = false;
    }
  }

  private async batch(): Promise<void> {
    let trx: ControlledTransaction<DB>;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (err) {
      this.queue.shift()!.reject(err);
      return;
    }
    const done: Array<{ unit: Unit; result: unknown }> = [];
    const started = performance.now();
    try {
      while (this.queue.length > 0 && done.length < MAX_UNITS && performance.now() - started < MAX_MS) {
        const unit = this.queue.shift()!;
        const sp = await trx.savepoint(SAVEPOINT).execute();
        try {
          const result = await unit.work(sp);
          await sp.releaseSavepoint(SAVEPOINT).execute();
          done.push({ unit, result });
        } catch (err) {
          try {
            await sp.rollbackToSavepoint(SAVEPOINT).execute();
            await sp.releaseSavepoint(SAVEPOINT).execute();
          } catch (rollbackError) {
            // SQLite ended the transaction itself: the batch is lost, this unit's error says why.
            if (err instanceof Error) Object.assign(err, { rollbackError: (rollbackError as Error).message });
            unit.reject(err);
            throw err;
          }
          unit.reject(err);
        }
      }
      await trx.commit().execute();
    } catch (err) {
      await rollbackKeeping(trx, err);
      for (const d of done) d.unit.reject(err);
      return;
    }
    for (const d of done) d.unit.resolve(d.result);
  }
}

const committers = new WeakMap<Database, GroupCommit>();

export function groupCommitFor(db: Database): GroupCommit {
  let g = committers.get(db);
  if (!g) committers.set(db, (g = new GroupCommit(db)));
  return g;
}

/** Rolls back, keeping the error that caused it (a failed ROLLBACK is noted on it, not thrown instead). */
export async function rollbackKeeping(trx: ControlledTransaction<DB>, err: unknown): Promise<void> {
  try {
    await trx.rollback().execute(); // Kysely releases the connection even when this throws
  } catch (rollbackError) {
    if (err instanceof Error && !('rollbackError' in err)) Object.assign(err, { rollbackError: (rollbackError as Error).message });
  }
}
