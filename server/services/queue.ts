import { sql, type Selectable } from 'kysely';
import { advisoryXactLock, type Queryable, type Trx } from '../db/index.ts';
import type { TicketTable } from '../db/schema/ticket.ts';
import { aheadBand, type QueuedTicket } from '../domain/call-order.ts';
import type { Priority } from '../domain/rules.ts';
import { parseRules, type HallRules } from '../domain/rules.ts';
import { notFound } from '../domain/errors.ts';
import { serviceDay } from '../domain/time.ts';
import type { QueueEvent } from './events.ts';
import { newTicketWaits } from './wait-estimate.ts';

export type TicketRow = Selectable<TicketTable>;

export interface HallInfo {
  id: string;
  name: string;
  timeZone: string;
  rules: HallRules;
}

export async function loadHall(trx: Queryable, hallId: string): Promise<HallInfo> {
  const row = await trx.selectFrom('halls').select(['id', 'name', 'time_zone', 'rules']).where('id', '=', hallId).executeTakeFirst();
  if (!row) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  return { id: row.id, name: row.name, timeZone: row.time_zone, rules: parseRules(row.rules) };
}

export const today = (hall: HallInfo, now: number) => serviceDay(now, hall.timeZone);

/**
 * Window steps of one hall take turns (a per-hall advisory transaction lock; nothing on SQLite,
 * which runs one transaction at a time anyway). Why not `FOR UPDATE SKIP LOCKED` on the pick:
 * the call order is decided over the whole waiting list (priority interleave, the window's
 * preferences, transfers), not row by row, so a window that skipped the rows another window has
 * locked would pick from a partial list, out of order, or answer "nobody waiting" while people
 * wait. Taken before anything is read, the lock makes each pick see the previous one committed;
 * a step is a few milliseconds, far below a hall's call rate. The compare-and-set in `move`
 * still guards the steps that run outside it (a citizen cancelling from the phone).
 */
export async function lockHallQueue(trx: Trx, hallId: string): Promise<void> {
  await advisoryXactLock(trx, `hallq:queue:${hallId}`);
}

type QueueColumns = Pick<TicketRow, 'id' | 'category_id' | 'seq' | 'priority' | 'sort_key' | 'target_window_id' | 'appointment_slot_start'>;

export function toQueued(t: QueueColumns): QueuedTicket {
  return {
    id: t.id,
    categoryId: t.category_id,
    seq: t.seq,
    priority: t.priority as Priority | null,
    sortKey: t.sort_key,
    targetWindowId: t.target_window_id,
    appointmentSlotStart: t.appointment_slot_start === null ? null : Number(t.appointment_slot_start),
  };
}

/** Today's waiting tickets of a hall, optionally only some categories or those sent to a window. */
export async function loadWaiting(
  trx: Queryable,
  hallId: string,
  day: string,
  filter?: { categoryIds?: string[]; windowId?: string },
): Promise<QueuedTicket[]> {
  // Only what the call order reads: the whole queue is loaded on every call and every issue.
  let q = trx
    .selectFrom('tickets')
    .select(['id', 'category_id', 'seq', 'priority', 'sort_key', 'target_window_id', 'appointment_slot_start'])
    .where('hall_id', '=', hallId)
    .where('service_day', '=', day)
    .where('status', '=', 'waiting');
  if (filter) {
    const cats = filter.categoryIds ?? [];
    const win = filter.windowId;
    q = q.where((eb) => {
      const ors = [];
      if (cats.length > 0) ors.push(eb.and([eb('category_id', 'in', cats), eb('target_window_id', 'is', null)]));
      if (win) ors.push(eb('target_window_id', '=', win));
      return ors.length > 0 ? eb.or(ors) : eb.val(false);
    });
  }
  const rows = await q.execute();
  return rows.map(toQueued);
}

/**
 * What a window may call next, without reading the whole queue: the tickets sent to it, every
 * privileged one (green channel, priority classes, appointments: few in any hall), and the
 * earliest plain ticket of each of its categories (the tickets_queue_order index). pickNext over
 * these decides as it would over the whole queue: a plain ticket behind another of its category
 * can never be first.
 */
export async function loadCallable(trx: Queryable, hallId: string, day: string, windowId: string, categoryIds: string[]): Promise<QueuedTicket[]> {
  const columns = ['id', 'category_id', 'seq', 'priority', 'sort_key', 'target_window_id', 'appointment_slot_start'] as const;
  const waiting = () => trx.selectFrom('tickets').select(columns).where('hall_id', '=', hallId).where('service_day', '=', day).where('status', '=', 'waiting');
  const rows = [
    ...(await waiting().where('target_window_id', '=', windowId).execute()),
    ...(categoryIds.length === 0
      ? []
      : await waiting()
          .where('category_id', 'in', categoryIds)
          .where('target_window_id', 'is', null)
          .where((eb) => eb.or([eb('priority', 'is not', null), eb('appointment_slot_start', 'is not', null)]))
          .execute()),
  ];
  for (const categoryId of categoryIds) {
    const head = await waiting()
      .where('category_id', '=', categoryId)
      .where('target_window_id', 'is', null)
      .where('priority', 'is', null)
      .where('appointment_slot_start', 'is', null)
      .orderBy('sort_key')
      .orderBy('seq')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (head) rows.push(head);
  }
  return rows.map(toQueued);
}

/**
 * 您前面还有 N 人: waitingAhead (domain/call-order.ts) as one COUNT over the tickets_queue index,
 * instead of reading the category's whole queue into memory on every issue: with 10,000 waiting
 * that read made each issue ten times slower (bench/README.md).
 */
export async function countAhead(trx: Queryable, t: TicketRow, now: number): Promise<number> {
  const band = sql<number>`(case when priority = 'green' then 0 when priority is not null then 1 when appointment_slot_start is not null and appointment_slot_start <= ${now} then 2 else 3 end)`;
  const kt = aheadBand(toQueued(t), now);
  const r = await trx
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('hall_id', '=', t.hall_id)
    .where('service_day', '=', t.service_day)
    .where('status', '=', 'waiting')
    .where('id', '!=', t.id)
    .where((eb) => (t.target_window_id !== null ? eb('target_window_id', '=', t.target_window_id) : eb.and([eb('category_id', '=', t.category_id), eb('target_window_id', 'is', null)])))
    .where((eb) =>
      eb.or([
        eb(band, '<', kt),
        eb.and([
          eb(band, '=', kt),
          eb.or([
            eb('sort_key', '<', t.sort_key),
            eb.and([eb('sort_key', '=', t.sort_key), eb.or([eb('seq', '<', t.seq), eb.and([eb('seq', '=', t.seq), eb('id', '<', t.id)])])]),
          ]),
        ]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function waitingCount(trx: Queryable, hallId: string, day: string, categoryId: string): Promise<number> {
  const r = await trx
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('hall_id', '=', hallId)
    .where('service_day', '=', day)
    .where('category_id', '=', categoryId)
    .where('status', '=', 'waiting')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * A category's queue changed: how many wait, how many numbers were taken today (the tile's 已取完)
 * and the wait a number taken now would have, so a kiosk tile tells the truth before the tap.
 */
export async function queueEvents(trx: Queryable, hallId: string, day: string, categoryIds: Iterable<string>): Promise<QueueEvent[]> {
  const ids = [...new Set(categoryIds)];
  if (ids.length === 0) return [];
  const waits = await newTicketWaits(trx, hallId, day, ids);
  const counters = await trx.selectFrom('number_counters').select(['category_id', 'last_seq']).where('hall_id', '=', hallId).where('service_day', '=', day).where('category_id', 'in', ids).execute();
  const out: QueueEvent[] = [];
  for (const categoryId of ids) {
    out.push({
      type: 'queue', hallId, categoryId, waiting: await waitingCount(trx, hallId, day, categoryId),
      issuedToday: counters.find((c) => c.category_id === categoryId)?.last_seq ?? 0, estimatedWaitMinutes: waits.get(categoryId) ?? 0,
    });
  }
  return out;
}

export async function appendTicketEvent(
  trx: Trx,
  t: { id: string; hall_id: string },
  type: string,
  at: number,
  extra: { windowId?: string | null; staffId?: string | null; data?: Record<string, unknown> } = {},
): Promise<void> {
  await trx
    .insertInto('ticket_events')
    .values({
      ticket_id: t.id,
      hall_id: t.hall_id,
      type,
      window_id: extra.windowId ?? null,
      staff_id: extra.staffId ?? null,
      data: extra.data ? JSON.stringify(extra.data) : null,
      at,
    })
    .execute();
}
