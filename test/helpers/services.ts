import { ManualClock } from '../../server/clock.ts';
import { migrateToLatest, openDatabase, type Database, type Trx } from '../../server/db/index.ts';
import { runInTransaction } from '../../server/db/unit-of-work.ts';
import { DomainError } from '../../server/domain/errors.ts';
import { seedDemoHall } from '../../server/seed/seed.ts';
import type { Actor, ServiceContext } from '../../server/services/context.ts';
import type { Outcome, Sequenced } from '../../server/services/events.ts';
import { createTestDatabase, onPostgres } from './pg.ts';

export const SEED_PASSWORD = 'pw-12345678';
/** 09:00 hall time on an ordinary Monday. */
export const MORNING = Date.parse('2026-11-23T09:00:00+08:00');
export const MINUTE = 60_000;

export interface Hall {
  db: Database;
  ctx: ServiceContext;
  clock: ManualClock;
  /** A service in one transaction, its events numbered: what app.run does minus publishing. */
  run<T>(work: (trx: Trx) => Promise<Outcome<T>>): Promise<{ result: T; events: Sequenced[] }>;
  /** The actor of a seeded account. */
  as(username: string): Actor;
  staffId(username: string): string;
  close(): Promise<void>;
}

/**
 * The demo hall on a freshly migrated in-memory SQLite (on the PostgreSQL run: a fresh copy of
 * the migrated template database): one per test, never shared.
 */
export async function freshHall(at = MORNING): Promise<Hall> {
  const pgDb = onPostgres ? await createTestDatabase() : null;
  const db = openDatabase({ sqliteFile: ':memory:', databaseUrl: pgDb?.url });
  await migrateToLatest(db);
  const clock = new ManualClock(at);
  const ctx: ServiceContext = { clock, idHashKey: Buffer.alloc(32, 7), publicUrl: 'http://hallq.test' };
  if (!(await seedDemoHall(db, ctx, SEED_PASSWORD))) throw new Error('seed did not run');
  const staff = await db.selectFrom('staff').select(['id', 'username', 'role', 'hall_id']).execute();
  const byName = new Map(staff.map((s) => [s.username, s]));
  const get = (u: string) => {
    const s = byName.get(u);
    if (!s) throw new Error(`no account ${u}`);
    return s;
  };
  return {
    db,
    ctx,
    clock,
    run: (work) => runInTransaction(db, work),
    as: (u) => ({ staffId: get(u).id, role: get(u).role as Actor['role'], hallId: get(u).hall_id }),
    staffId: (u) => get(u).id,
    close: async () => {
      await db.destroy();
      await pgDb?.drop();
    },
  };
}

/** The DomainError a promise rejects with (fails the test if it resolves or throws something else). */
export async function domainError(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, but the call succeeded');
}
