import { PostgresAdapter, sql, type Kysely, type SelectQueryBuilder } from 'kysely';

/**
 * The one dialect seam for locking. SQLite runs one transaction at a time (better-sqlite3 has a
 * single connection and Kysely queues transactions on it), so every helper here is a no-op
 * there; PostgreSQL runs transactions side by side, from one instance or several, and needs
 * the locks said out loud.
 */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * `SELECT … FOR UPDATE` (optionally `SKIP LOCKED`: rows another transaction holds are passed
 * over rather than waited for, for work queues such as print jobs).
 */
export function lockForUpdate<QB extends SelectQueryBuilder<any, any, any>>(db: Kysely<any>, query: QB, opts: { skipLocked?: boolean } = {}): QB {
  if (!isPostgres(db)) return query;
  const locked = query.forUpdate();
  return (opts.skipLocked ? locked.skipLocked() : locked) as QB;
}

/** A 64-bit advisory-lock key from a name (PostgreSQL's own string hash, widened). */
export const lockKey = (name: string) => sql<number>`hashtextextended(${name}, 0)`;

/**
 * Waits for the transaction-scoped advisory lock `name` and holds it until commit or rollback:
 * transactions that take the same name run one after another, across instances.
 */
export async function advisoryXactLock(trx: Kysely<any>, name: string): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`select pg_advisory_xact_lock(${lockKey(name)})`.execute(trx);
}
