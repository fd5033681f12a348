import crypto from 'node:crypto';
import type { Queryable, Trx } from '../db/index.ts';
import { conflict, forbidden, notFound } from '../domain/errors.ts';
import { isBadRating, SCORE_LABELS } from '../domain/rating.ts';
import { instantOf, isoInZone, serviceDay } from '../domain/time.ts';
import { hallWorkCalendar, parseOwnDays } from '../domain/national-calendar.ts';
import { addWorkingDays } from '../domain/working-days.ts';
import type { Rating } from '../../protocol/services.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome, type Outcome } from './events.ts';
import { findTicket } from './tickets.ts';
import { holdsKey, keyRefused } from './ticket-keys.ts';
import { loadHall } from './queue.ts';
import { audit } from './window-view.ts';
import { queueWebhook } from './webhooks.ts';

export interface RatingInput {
  score: number;
  tags?: string[];
  comment?: string;
}

export type RatingView = Rating;

/**
 * The citizen rates a served ticket once: on a phone holding the ticket's key (its QR), or on the
 * window's evaluator, which may rate only the ticket just completed at its window.
 */
export async function rateTicket(trx: Trx, ctx: ServiceContext, actor: Actor, ticketId: string, key: string | undefined, input: RatingInput): Promise<Outcome<RatingView>> {
  const t = await findTicket(trx, ticketId);
  if (!holdsKey(t, key)) {
    if (!isCounterDevice(actor)) throw keyRefused(key);
    const last = await justCompleted(trx, ctx, actor.hallId!, actor.deviceWindowId!);
    if (t.window_id !== actor.deviceWindowId || t.hall_id !== actor.hallId) throw forbidden('NOT_THIS_WINDOW', '评价器只能评价本窗口办理的号票');
    if (last?.ticketId !== t.id) throw forbidden('NOT_JUST_COMPLETED', '评价器只能评价本窗口刚办结的号票');
  }
  if (t.status !== 'done') throw conflict('NOT_SERVED', '办结后才能评价');
  const existing = await trx.selectFrom('ratings').select('id').where('ticket_id', '=', t.id).executeTakeFirst();
  if (existing) throw conflict('ALREADY_RATED', '该号票已评价，感谢您的反馈');
  const hall = await loadHall(trx, t.hall_id);
  const now = ctx.clock.now();
  // Whoever completed it at the window is the one rated.
  const done = await trx.selectFrom('ticket_events').select(['staff_id']).where('ticket_id', '=', t.id).where('type', '=', 'complete').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const bad = isBadRating(input.score);
  const cal = hallWorkCalendar(parseOwnDays((await trx.selectFrom('halls').select('calendar').where('id', '=', hall.id).executeTakeFirstOrThrow()).calendar));
  const id = crypto.randomUUID();
  await trx
    .insertInto('ratings')
    .values({
      id, hall_id: hall.id, ticket_id: t.id, window_id: t.window_id, staff_id: done?.staff_id ?? null, score: input.score,
      tags: JSON.stringify(input.tags ?? []), comment: input.comment?.trim() || null, created_at: now,
      follow_up_status: bad ? 'open' : 'none',
      follow_up_due: bad ? addWorkingDays(serviceDay(now, hall.timeZone), hall.rules.badRatingFollowUpDays, cal) : null,
      follow_up_result: null, follow_up_by: null, followed_up_at: null,
    })
    .execute();
  const view = await ratingView(trx, ctx, id);
  // 差评 filed: the hall's follow-up desk hears of it at once; the rater stays anonymous.
  const events = bad
    ? await queueWebhook(trx, ctx, hall.id, 'bad_rating', { ratingId: id, score: view.score, number: view.ticketNumber, windowNo: view.windowNo, staffName: view.staffName, tags: view.tags, comment: view.comment, followUpDue: view.followUp.due })
    : [];
  return outcome(view, events);
}

/** Devices that stand on a window's counter facing the citizen and may rate for it (not a keypad: the clerk's). */
const COUNTER_DEVICES = new Set(['evaluator', 'display', 'agent']);
const isCounterDevice = (actor: Actor): boolean => !!actor.deviceId && COUNTER_DEVICES.has(actor.deviceKind ?? '') && !!actor.deviceWindowId;

/** The evaluator offers a rating this long after the window completed the ticket (the citizen is still at the counter). */
export const RATE_AT_COUNTER_MS = 15 * 60_000;

/** The ticket this window completed last, if within RATE_AT_COUNTER_MS. */
async function justCompleted(db: Queryable, ctx: ServiceContext, hallId: string, windowId: string): Promise<{ ticketId: string; number: string; at: number } | null> {
  // Only the last minutes' events of the hall are read (index on hall and time), however long the log.
  const e = await db
    .selectFrom('ticket_events as e')
    .innerJoin('tickets as t', 't.id', 'e.ticket_id')
    .select(['e.ticket_id', 'e.at', 't.number'])
    .where('e.hall_id', '=', hallId)
    .where('e.at', '>=', ctx.clock.now() - RATE_AT_COUNTER_MS)
    .where('e.window_id', '=', windowId)
    .where('e.type', '=', 'complete')
    .orderBy('e.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!e) return null;
  return { ticketId: e.ticket_id, number: e.number, at: Number(e.at) };
}

/**
 * The evaluator's question "is there a ticket to rate?": the one its window just completed, not
 * yet rated. Only a counter device bound to that window asks; anonymous screens never see ids.
 */
export async function rateableAt(db: Queryable, ctx: ServiceContext, actor: Actor, windowId: string): Promise<{ ticketId: string; number: string; completedAt: string } | null> {
  if (!isCounterDevice(actor)) throw forbidden('COUNTER_DEVICE_REQUIRED', '请使用绑定本窗口的评价器设备');
  if (actor.deviceWindowId !== windowId) throw forbidden('NOT_THIS_WINDOW', '评价器只能评价本窗口办理的号票');
  const last = await justCompleted(db, ctx, actor.hallId!, windowId);
  if (!last) return null;
  const rated = await db.selectFrom('ratings').select('id').where('ticket_id', '=', last.ticketId).executeTakeFirst();
  if (rated) return null;
  const hall = await db.selectFrom('windows').innerJoin('halls', 'halls.id', 'windows.hall_id').select('halls.time_zone').where('windows.id', '=', windowId).executeTakeFirstOrThrow();
  return { ticketId: last.ticketId, number: last.number, completedAt: isoInZone(last.at, hall.time_zone) };
}

export async function ratingView(db: Queryable, ctx: ServiceContext, id: string): Promise<RatingView> {
  const r = await db
    .selectFrom('ratings')
    .innerJoin('tickets', 'tickets.id', 'ratings.ticket_id')
    .leftJoin('windows', 'windows.id', 'ratings.window_id')
    .leftJoin('staff', 'staff.id', 'ratings.staff_id')
    .innerJoin('halls', 'halls.id', 'ratings.hall_id')
    .select(['ratings.id', 'ratings.score', 'ratings.tags', 'ratings.comment', 'ratings.created_at', 'ratings.follow_up_status', 'ratings.follow_up_due', 'ratings.follow_up_result', 'tickets.number', 'windows.no', 'staff.name', 'halls.time_zone'])
    .where('ratings.id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('RATING_NOT_FOUND', '没有这条评价');
  const today = serviceDay(ctx.clock.now(), r.time_zone);
  return {
    id: r.id,
    ticketNumber: r.number,
    score: r.score,
    label: SCORE_LABELS[r.score],
    tags: JSON.parse(r.tags) as string[],
    comment: r.comment,
    windowNo: r.no,
    staffName: r.name,
    createdAt: isoInZone(Number(r.created_at), r.time_zone),
    followUp: { status: r.follow_up_status, due: r.follow_up_due, overdue: r.follow_up_status === 'open' && r.follow_up_due !== null && today > r.follow_up_due, result: r.follow_up_result },
  };
}

export async function listRatings(db: Queryable, ctx: ServiceContext, hallId: string, filter: { followUp?: 'open' | 'closed'; date?: string }): Promise<RatingView[]> {
  let q = db.selectFrom('ratings').select('id').where('hall_id', '=', hallId);
  if (filter.followUp) q = q.where('follow_up_status', '=', filter.followUp);
  if (filter.date) {
    // A service day in hall time: [00:00, next 00:00).
    const hall = await loadHall(db, hallId);
    const from = instantOf(filter.date, 0, hall.timeZone);
    q = q.where('created_at', '>=', from).where('created_at', '<', instantOf(filter.date, 24 * 60, hall.timeZone));
  }
  const ids = await q.orderBy('created_at', 'desc').limit(200).execute();
  return Promise.all(ids.map((r) => ratingView(db, ctx, r.id)));
}

/** 差评整改: the manager records the call-back and what was done; closes the follow-up. */
export async function closeFollowUp(trx: Trx, ctx: ServiceContext, actor: Actor, ratingId: string, result: string): Promise<Outcome<RatingView>> {
  const r = await trx.selectFrom('ratings').select(['id', 'hall_id', 'follow_up_status']).where('id', '=', ratingId).executeTakeFirst();
  if (!r) throw notFound('RATING_NOT_FOUND', '没有这条评价');
  if (r.follow_up_status !== 'open') throw conflict('NO_OPEN_FOLLOW_UP', '这条评价没有待办的回访');
  const now = ctx.clock.now();
  await trx.updateTable('ratings').set({ follow_up_status: 'closed', follow_up_result: result, follow_up_by: actor.staffId ?? null, followed_up_at: now }).where('id', '=', r.id).execute();
  await audit(trx, actor, r.hall_id, 'rating.follow_up', r.id, { result }, now);
  return outcome(await ratingView(trx, ctx, r.id));
}
