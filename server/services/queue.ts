import type { Selectable } from 'kysely';
import { advisoryXactLock, type Queryable, type Trx } from '../db/index.ts';
import type { TicketTable } from '../db/schema/ticket.ts';
import { aheadBand, waitingAhead, type QueuedTicket } from '../domain/call-order.ts';
import type { Priority } from '../domain/rules.ts';
import { parseRules, type HallRules } from '../domain/rules.ts';
import { notFound } from '../domain/errors.ts';
import { serviceDay } from '../domain/time.ts';
import type { QueueEvent } from './events.ts';
import { newTicketWaits } from './wait-estimate.ts';
import { dayCounters } from './waiting-counts.ts';

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

const QUEUE_COLUMNS = ['id', 'category_id', 'seq', 'priority', 'sort_key', 'target_window_id', 'appointment_slot_start'] as const;

const waitingOf = (trx: Queryable, hallId: string, day: string) =>
  trx.selectFrom('tickets').select(QUEUE_COLUMNS).where('hall_id', '=', hallId).where('service_day', '=', day).where('status', '=', 'waiting');

/**
 * The privileged waiting tickets of some categories (green channel, priority classes,
 * appointments; not those sent to a window): few in any hall. Two seeks into the
 * tickets_waiting_order index (migration 018), one per kind, rather than one OR over the queue.
 */
async function privilegedWaiting(trx: Queryable, hallId: string, day: string, categoryIds: readonly string[]) {
  if (categoryIds.length === 0) return [];
  const base = () => waitingOf(trx, hallId, day).where('target_window_id', 'is', null).where('category_id', 'in', categoryIds);
  return [
    ...(await base().where('priority', 'is not', null).execute()),
    ...(await base().where('priority', 'is', null).where('appointment_slot_start', 'is not', null).execute()),
  ];
}

/**
 * What a window may call next, without reading the whole queue: the tickets sent to it, every
 * privileged one, and the earliest plain ticket of each of its categories, each an index seek
 * (tickets_waiting_order). pickNext over these decides as it would over the whole queue: a plain
 * ticket behind another of its category can never be first.
 */
export async function loadCallable(trx: Queryable, hallId: string, day: string, windowId: string, categoryIds: string[]): Promise<QueuedTicket[]> {
  const rows = [...(await waitingOf(trx, hallId, day).where('target_window_id', '=', windowId).execute()), ...(await privilegedWaiting(trx, hallId, day, categoryIds))];
  for (const categoryId of categoryIds) {
    const head = await plainWaiting(trx, hallId, day, categoryId).orderBy('sort_key').orderBy('seq').orderBy('id').limit(1).executeTakeFirst();
    if (head) rows.push(head);
  }
  return rows.map(toQueued);
}

/** A category's plain waiting tickets (no priority, no appointment, not sent to a window): the long part of a queue. */
const plainWaiting = (trx: Queryable, hallId: string, day: string, categoryId: string) =>
  waitingOf(trx, hallId, day).where('target_window_id', 'is', null).where('category_id', '=', categoryId).where('priority', 'is', null).where('appointment_slot_start', 'is', null);

/**
 * 您前面还有 N 人: waitingAhead (domain/call-order.ts) without reading the queue. The tickets sent
 * to a window and the privileged ones are few and go through waitingAhead itself; plain tickets
 * are only ever ahead of a plain-band ticket, by arrival: counted over the index up to its place,
 * or, for a ticket just issued (`waitingInCategory`: its category's count with it, which it
 * follows in arrival, every other ticket of the day being earlier), taken from the waiting count.
 */
export async function countAhead(trx: Queryable, t: TicketRow, now: number, waitingInCategory?: number): Promise<number> {
  const me = toQueued(t);
  if (t.target_window_id !== null) {
    const sent = await waitingOf(trx, t.hall_id, t.service_day).where('target_window_id', '=', t.target_window_id).execute();
    return waitingAhead(me, sent.map(toQueued), now);
  }
  const privileged = await privilegedWaiting(trx, t.hall_id, t.service_day, [t.category_id]);
  const ahead = waitingAhead(me, privileged.map(toQueued), now);
  if (aheadBand(me, now) < PLAIN_BAND) return ahead;
  if (waitingInCategory !== undefined) {
    const sent = await trx
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('hall_id', '=', t.hall_id)
      .where('service_day', '=', t.service_day)
      .where('status', '=', 'waiting')
      .where('target_window_id', 'is not', null)
      .where('category_id', '=', t.category_id)
      .executeTakeFirstOrThrow();
    const plainIncludingMe = waitingInCategory - Number(sent.n) - privileged.length;
    const isPlain = t.priority === null && t.appointment_slot_start === null;
    return ahead + plainIncludingMe - (isPlain ? 1 : 0);
  }
  const r = await plainWaiting(trx, t.hall_id, t.service_day, t.category_id)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', '!=', t.id)
    .where('sort_key', '<=', t.sort_key)
    .where((eb) => eb.or([eb('sort_key', '<', t.sort_key), eb('seq', '<', t.seq), eb.and([eb('seq', '=', t.seq), eb('id', '<', t.id)])]))
    .executeTakeFirstOrThrow();
  return ahead + Number(r.n);
}

/** aheadBand of a plain ticket (and of an appointment before its slot): the last band, by arrival. */
const PLAIN_BAND = 3;

/**
 * A category's queue changed: how many wait, how many numbers were taken today (the tile's 已取完)
 * and the wait a number taken now would have, so a kiosk tile tells the truth before the tap.
 */
export async function queueEvents(trx: Queryable, hallId: string, day: string, categoryIds: Iterable<string>): Promise<QueueEvent[]> {
  const ids = [...new Set(categoryIds)];
  if (ids.length === 0) return [];
  const waits = await newTicketWaits(trx, hallId, day, ids);
  // One read of the kept counters for both figures (services/waiting-counts.ts).
  const counters = await dayCounters(trx, hallId, day, ids);
  return ids.map((categoryId) => ({
    type: 'queue', hallId, categoryId, waiting: counters.get(categoryId)?.waiting ?? 0,
    issuedToday: counters.get(categoryId)?.lastSeq ?? 0, estimatedWaitMinutes: waits.get(categoryId) ?? 0,
  }));
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
