import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DomainError } from '../../server/domain/errors.ts';
import { issueTicket } from '../../server/services/tickets.ts';
import { openWindow } from '../../server/services/window-status.ts';
import { callNext, cancelTicket } from '../../server/services/windows.ts';
import { describePostgresOnly } from '../helpers/pg.ts';
import { freshHall, MINUTE, type Hall } from '../helpers/services.ts';
import { until } from '../helpers/wait.ts';

/**
 * The guards that keep transactions running side by side correct, each held by one test below.
 * Every test makes the race happen on purpose, not by luck: a third transaction holds a row
 * lock, the two racers are let go only once both wait on a lock (pg_stat_activity), so both
 * have read the state they race on. Each test was seen to fail with its guard taken out
 * (CAS removed; lock in begin() removed; quota read before the upsert; upsert replaced by a
 * read-then-write).
 */
describePostgresOnly('SQLite runs one transaction at a time, so these races cannot happen there', 'concurrency guards on PostgreSQL', () => {
  let h: Hall;
  beforeEach(async () => {
    h = await freshHall();
  });
  afterEach(() => h.close());

  const issue = (categoryId = 'cat_A') => h.run((trx) => issueTicket(trx, h.ctx, {}, { hallId: 'demo', categoryId }));
  const open = (user: string, win: string) => h.run((trx) => openWindow(trx, h.ctx, h.as(user), win));
  const next = (user: string, win: string) => h.run((trx) => callNext(trx, h.ctx, h.as(user), win));

  /** Holds `FOR UPDATE` on the rows `where` selects until released. */
  async function holdLock(table: string, where: ReturnType<typeof sql>) {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    const done = h.db.transaction().execute(async (trx) => {
      await sql`select 1 from ${sql.table(table)} where ${where} for update`.execute(trx);
      held();
      await released;
    });
    await holding;
    return async () => {
      release();
      await done;
    };
  }

  /** Waits until `n` connections of this database wait on a lock (a row lock or an advisory lock). */
  const lockWaiters = (n: number) =>
    until(async () => {
      const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(h.db);
      return r.rows[0].n >= n;
    });

  const settle = (ps: Promise<unknown>[]) => Promise.allSettled(ps);
  const codes = (rs: PromiseSettledResult<unknown>[]) =>
    rs.map((r) => (r.status === 'fulfilled' ? 'ok' : r.reason instanceof DomainError ? r.reason.code : `error: ${(r.reason as Error).message}`));

  it("guard: the compare-and-set on a ticket's status (windows.ts move): a call and a cancel of one ticket, one wins", async () => {
    const t = (await issue()).result;
    await open('clerk01', 'win_1');
    const release = await holdLock('tickets', sql`id = ${t.id}`);
    const racing = settle([next('clerk01', 'win_1'), h.run((trx) => cancelTicket(trx, h.ctx, {}, t.id, t.key))]);
    await lockWaiters(2);
    await release();
    const results = await racing;
    // Without the guard both succeed: the display announces a ticket its citizen has cancelled.
    expect(codes(results).sort()).toEqual(['INVALID_STATE', 'ok']);
    const row = await h.db.selectFrom('tickets').select('status').where('id', '=', t.id).executeTakeFirstOrThrow();
    const events = await h.db.selectFrom('ticket_events').select('type').where('ticket_id', '=', t.id).where('type', '!=', 'issued').execute();
    expect(events).toHaveLength(1);
    expect(row.status).toBe(events[0].type === 'call' ? 'called' : 'cancelled');
  });

  it("guard: the pick's lock (the per-hall advisory lock in queue.ts lockHallQueue): two windows calling at once get two tickets", async () => {
    const first = (await issue()).result;
    h.clock.advance(MINUTE);
    const second = (await issue()).result;
    await open('clerk01', 'win_1');
    await open('clerk02', 'win_2');
    // Hold the ticket both windows would pick, so both are under way before either commits.
    const release = await holdLock('tickets', sql`id = ${first.id}`);
    const racing = settle([next('clerk01', 'win_1'), next('clerk02', 'win_2')]);
    await lockWaiters(2);
    await release();
    const results = await racing;
    // Without the lock both pick A001; the compare-and-set lets one through and the other clerk gets a 409.
    expect(codes(results)).toEqual(['ok', 'ok']);
    const called = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof next>>>).value.result.ticket?.id);
    expect(called.sort()).toEqual([first.id, second.id].sort());
  });

  it("guard: the counter's lock (the upsert before the quota checks in tickets.ts issueTicket): the last number of a quota is given once", async () => {
    await h.db.updateTable('categories').set({ daily_quota: 3 }).where('id', '=', 'cat_A').execute();
    await issue();
    await issue();
    const day = (await h.db.selectFrom('tickets').select('service_day').executeTakeFirstOrThrow()).service_day;
    const release = await holdLock('number_counters', sql`hall_id = 'demo' and category_id = 'cat_A' and service_day = ${day}`);
    const racing = settle([issue(), issue()]);
    await lockWaiters(2);
    await release();
    const results = await racing;
    // Without the lock both read 2 issued of 3 and both take a number: A004 beyond the quota.
    expect(codes(results).sort()).toEqual(['QUOTA_EXHAUSTED', 'ok']);
    const numbers = (await h.db.selectFrom('tickets').select('number').where('category_id', '=', 'cat_A').orderBy('number').execute()).map((r) => r.number);
    expect(numbers).toEqual(['A001', 'A002', 'A003']);
  });

  it("guard: the counter's upsert: many issuers at once get distinct numbers in one unbroken run", async () => {
    const day = (await issue()).result.serviceDay;
    const release = await holdLock('number_counters', sql`hall_id = 'demo' and category_id = 'cat_A' and service_day = ${day}`);
    const racing = settle(Array.from({ length: 6 }, () => issue()));
    await lockWaiters(6);
    await release();
    // A counter read and then written (no upsert, no lock) gives several the same number: the
    // unique constraint then refuses all but one of them with a 500.
    expect(codes(await racing)).toEqual(Array(6).fill('ok'));
    const numbers = (await h.db.selectFrom('tickets').select('number').orderBy('number').execute()).map((r) => r.number);
    expect(numbers).toEqual(Array.from({ length: 7 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`));
  });
});
