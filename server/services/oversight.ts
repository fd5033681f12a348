import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { HallAlert } from '../../protocol/oversight.ts';
import { advisoryXactLock, type Queryable, type Trx } from '../db/index.ts';
import type { HallAlertTable } from '../db/schema/alert.ts';
import { diffAlerts, wantedAlerts, type HallSnapshot, type WantedAlert, type WindowSnapshot } from '../domain/oversight.ts';
import { parseRules } from '../domain/rules.ts';
import { isoInZone, serviceDay } from '../domain/time.ts';
import { addWorkingDays, type WorkCalendar } from '../domain/working-days.ts';
import type { ServiceContext } from './context.ts';
import type { DomainEvent, Outcome } from './events.ts';

/**
 * 进厅不办事 and 效能监察: reads the hall as it is now, asks the pure rule (domain/oversight.ts)
 * which alerts should be open, and raises the missing ones and clears the ended ones in
 * `hall_alerts`. Idempotent: running it twice at the same time changes nothing the second time.
 * Managers hear of each change after commit (`alert`, `alert:cleared`).
 */

type AlertRow = Selectable<HallAlertTable>;
const OPEN_CASE = ['accepted', 'in_review'];

export async function hallSnapshot(db: Queryable, hallId: string, now: number): Promise<HallSnapshot> {
  const hall = await db.selectFrom('halls').select(['time_zone', 'calendar', 'rules']).where('id', '=', hallId).executeTakeFirstOrThrow();
  const calendar = JSON.parse(hall.calendar) as WorkCalendar;
  const today = serviceDay(now, hall.time_zone);
  const windows = await db.selectFrom('windows').selectAll().where('hall_id', '=', hallId).orderBy('no').execute();
  const cats = await db
    .selectFrom('window_categories')
    .innerJoin('windows', 'windows.id', 'window_categories.window_id')
    .select(['window_categories.window_id', 'window_categories.category_id'])
    .where('windows.hall_id', '=', hallId)
    .execute();
  const current = windows.map((w) => w.current_ticket_id).filter((id): id is string => !!id);
  const busy = new Set(
    current.length
      ? (await db.selectFrom('tickets').select('window_id').where('id', 'in', current).where('status', 'in', ['called', 'serving']).execute()).map((t) => t.window_id)
      : [],
  );
  const served = await db
    .selectFrom('tickets')
    .select((eb) => ['window_id', eb.fn.max('called_at').as('called'), eb.fn.max('finished_at').as('finished')])
    .where('hall_id', '=', hallId)
    .where('service_day', '=', today)
    .where('window_id', 'is not', null)
    .groupBy('window_id')
    .execute();
  const lastServed = new Map(served.map((s) => [s.window_id, Math.max(Number(s.called ?? 0), Number(s.finished ?? 0)) || null]));
  const waiting = await db
    .selectFrom('tickets')
    .select((eb) => ['category_id', 'target_window_id', eb.fn.countAll<number>().as('n'), eb.fn.min('issued_at').as('oldest')])
    .where('hall_id', '=', hallId)
    .where('service_day', '=', today)
    .where('status', '=', 'waiting')
    .groupBy(['category_id', 'target_window_id'])
    .execute();
  const snapWindows: WindowSnapshot[] = windows.map((w) => {
    const mine = new Set(cats.filter((c) => c.window_id === w.id).map((c) => c.category_id));
    const queue = waiting.filter((q) => q.target_window_id === w.id || (q.target_window_id === null && mine.has(q.category_id)));
    const oldest = queue.map((q) => Number(q.oldest));
    return {
      id: w.id, no: w.no, status: w.status, pauseReason: w.pause_reason, clerkId: w.clerk_id, aClerkId: w.a_clerk_id, bClerkId: w.b_clerk_id,
      statusChangedAt: Number(w.status_changed_at), busy: busy.has(w.id), lastServedAt: lastServed.get(w.id) ?? null,
      waiting: queue.reduce((n, q) => n + Number(q.n), 0), oldestWaitingAt: oldest.length ? Math.min(...oldest) : null,
    };
  });
  // Only cases within reach of a warning: promised by the working day after next.
  const horizon = addWorkingDays(today, 2, calendar);
  const cases = await db
    .selectFrom('cases')
    .select(['id', 'case_no', 'clerk_id', 'window_id', 'accepted_at', 'promised_date'])
    .where('hall_id', '=', hallId)
    .where('status', 'in', OPEN_CASE)
    .where('promised_date', '<=', horizon)
    .orderBy('promised_date')
    .execute();
  return {
    now, today, timeZone: hall.time_zone, calendar, rules: parseRules(hall.rules), windows: snapWindows,
    cases: cases.map((c) => ({ id: c.id, caseNo: c.case_no, clerkId: c.clerk_id, windowId: c.window_id, acceptedAt: Number(c.accepted_at), promisedDate: c.promised_date })),
  };
}

export async function evaluateAlerts(trx: Trx, ctx: ServiceContext, hallId: string): Promise<Outcome<{ raised: number; cleared: number }>> {
  // Two evaluations of one hall (a timer and an event, or two instances in a hand-over) take turns.
  await advisoryXactLock(trx, `hallq:alerts:${hallId}`);
  const now = ctx.clock.now();
  const snap = await hallSnapshot(trx, hallId, now);
  const open = await trx.selectFrom('hall_alerts').selectAll().where('hall_id', '=', hallId).where('cleared_at', 'is', null).execute();
  const { raise, clear } = diffAlerts(open.map(ref), wantedAlerts(snap));
  const events: DomainEvent[] = [];
  const names = await staffNames(trx, hallId);
  const windowNos = new Map(snap.windows.map((w) => [w.id, w.no]));
  for (const w of raise) {
    const row = toRow(hallId, w);
    await trx.insertInto('hall_alerts').values(row).execute();
    events.push({ type: 'alert', hallId, alert: alertView(row, snap.timeZone, names, windowNos) });
  }
  if (clear.length) {
    await trx.updateTable('hall_alerts').set({ cleared_at: now }).where('id', 'in', clear.map((c) => c.id)).where('cleared_at', 'is', null).execute();
    for (const c of clear) {
      events.push({ type: 'alert_cleared', hallId, cleared: { id: c.id, kind: c.kind, ...(c.windowId ? { windowId: c.windowId } : {}), ...(c.row.case_no ? { caseNo: c.row.case_no } : {}), clearedAt: isoInZone(now, snap.timeZone) } });
    }
  }
  return { result: { raised: raise.length, cleared: clear.length }, events };
}

const ref = (row: AlertRow) => ({ id: row.id, kind: row.kind, windowId: row.window_id, caseId: row.case_id, staffId: row.staff_id, row });

function toRow(hallId: string, w: WantedAlert): AlertRow {
  return {
    id: crypto.randomUUID(), hall_id: hallId, kind: w.kind, window_id: w.windowId, staff_id: w.staffId, case_id: w.caseId, case_no: w.caseNo,
    detail: JSON.stringify(w.detail), since: w.since, cleared_at: null,
  };
}

async function staffNames(db: Queryable, hallId: string): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('staff').select(['id', 'name']).where('hall_id', '=', hallId).execute()).map((s) => [s.id, s.name]));
}

function alertView(row: AlertRow, timeZone: string, names: Map<string, string>, windowNos: Map<string, number>): HallAlert {
  const windowNo = row.window_id ? windowNos.get(row.window_id) : undefined;
  return {
    id: row.id,
    kind: row.kind,
    ...(row.window_id ? { windowId: row.window_id } : {}),
    ...(windowNo !== undefined ? { windowNo } : {}),
    ...(row.case_no ? { caseNo: row.case_no } : {}),
    ...(row.staff_id ? { staffId: row.staff_id, ...(names.has(row.staff_id) ? { staffName: names.get(row.staff_id)! } : {}) } : {}),
    since: isoInZone(Number(row.since), timeZone),
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

/** The hall's open alerts, oldest first (the manager board). `staffId`: only those charged to that clerk. */
export async function openAlerts(db: Queryable, hallId: string, opts: { staffId?: string; cases?: boolean } = {}): Promise<HallAlert[]> {
  const hall = await db.selectFrom('halls').select('time_zone').where('id', '=', hallId).executeTakeFirstOrThrow();
  let q = db.selectFrom('hall_alerts').selectAll().where('hall_id', '=', hallId).where('cleared_at', 'is', null);
  if (opts.staffId) q = q.where('staff_id', '=', opts.staffId);
  if (opts.cases) q = q.where('kind', 'in', ['case_due', 'case_overdue']);
  const rows = await q.orderBy('since').orderBy('id').execute();
  const names = await staffNames(db, hallId);
  const nos = new Map((await db.selectFrom('windows').select(['id', 'no']).where('hall_id', '=', hallId).execute()).map((w) => [w.id, w.no]));
  return rows.map((r) => alertView(r, hall.time_zone, names, nos));
}
