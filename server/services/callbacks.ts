import type { Queryable, Trx } from '../db/index.ts';
import { callbackSample } from '../domain/callback-sample.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { isoInZone } from '../domain/time.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome, type Outcome } from './events.ts';
import { fileComplaint } from './complaints.ts';
import { loadHall } from './queue.ts';
import { audit } from './window-view.ts';

/**
 * 电话回访: each day a share of the citizens served who left a phone on their ticket is listed to
 * be called; the call's outcome is recorded, and a problem found becomes a complaint.
 */
export const CALLBACK_OUTCOMES = ['satisfied', 'problem', 'unreachable'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

export interface CallbackView {
  /** The served ticket's id. */
  id: string;
  number: string;
  windowNo: number | null;
  staffName: string | null;
  /** Whole: the manager calls it. */
  phone: string;
  servedAt: string | null;
  outcome: string | null;
  note: string | null;
  complaintId: string | null;
  calledAt: string | null;
}

/** Keeps the phone a citizen gave with a ticket, for the call-back (the ticket keeps the last four). */
export async function keepTicketPhone(trx: Trx, hallId: string, ticketId: string, phone: string, at: number): Promise<void> {
  await trx.insertInto('ticket_phones').values({ ticket_id: ticketId, hall_id: hallId, phone, created_at: at }).execute();
}

/** How long a whole phone number is kept for the call-back: the month's 回访 and its review, no longer. */
export const PHONE_KEPT_DAYS = 31;

/** Forgets the whole phone numbers older than that (the ticket keeps its last four); the day-end sweep runs it. */
export async function forgetOldPhones(trx: Trx, now: number): Promise<number> {
  const r = await trx.deleteFrom('ticket_phones').where('created_at', '<', now - PHONE_KEPT_DAYS * 86_400_000).executeTakeFirst();
  return Number(r.numDeletedRows);
}

async function sampledIds(db: Queryable, hallId: string, day: string, percent: number): Promise<string[]> {
  const served = await db
    .selectFrom('tickets')
    .innerJoin('ticket_phones', 'ticket_phones.ticket_id', 'tickets.id')
    .select('tickets.id')
    .where('tickets.hall_id', '=', hallId)
    .where('tickets.service_day', '=', day)
    .where('tickets.status', '=', 'done')
    .execute();
  return callbackSample(hallId, day, served.map((t) => t.id), percent);
}

export async function callbackList(db: Queryable, ctx: ServiceContext, hallId: string, day: string): Promise<CallbackView[]> {
  const hall = await loadHall(db, hallId);
  const ids = await sampledIds(db, hallId, day, hall.rules.callbackPercent);
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('tickets as t')
    .innerJoin('ticket_phones as p', 'p.ticket_id', 't.id')
    .leftJoin('windows as w', 'w.id', 't.window_id')
    .leftJoin('callbacks as c', 'c.id', 't.id')
    .select(['t.id', 't.number', 't.finished_at', 'w.no', 'p.phone', 'c.outcome', 'c.note', 'c.complaint_id', 'c.called_at'])
    .where('t.id', 'in', ids)
    .orderBy('t.finished_at')
    .execute();
  const servedBy = await servers(db, ids);
  return rows.map((r) => ({
    id: r.id, number: r.number, windowNo: r.no ?? null, staffName: servedBy.get(r.id)?.name ?? null, phone: r.phone,
    servedAt: r.finished_at === null ? null : isoInZone(Number(r.finished_at), hall.timeZone),
    outcome: r.outcome ?? null, note: r.note ?? null, complaintId: r.complaint_id ?? null,
    calledAt: r.called_at === null || r.called_at === undefined ? null : isoInZone(Number(r.called_at), hall.timeZone),
  }));
}

/** Who completed each ticket (the one the call is about). */
async function servers(db: Queryable, ticketIds: string[]): Promise<Map<string, { id: string; name: string }>> {
  const rows = await db
    .selectFrom('ticket_events as e')
    .innerJoin('staff as s', 's.id', 'e.staff_id')
    .select(['e.ticket_id', 's.id', 's.name'])
    .where('e.ticket_id', 'in', ticketIds)
    .where('e.type', '=', 'complete')
    .orderBy('e.id')
    .execute();
  return new Map(rows.map((r) => [r.ticket_id, { id: r.id, name: r.name }]));
}

export async function recordCallback(trx: Trx, ctx: ServiceContext, actor: Actor, ticketId: string, input: { outcome: CallbackOutcome; note?: string }): Promise<Outcome<CallbackView>> {
  const t = await trx.selectFrom('tickets').select(['id', 'hall_id', 'service_day', 'window_id']).where('id', '=', ticketId).executeTakeFirst();
  if (!t) throw notFound('CALLBACK_NOT_FOUND', `回访名单上没有这一条：${ticketId}`);
  const hall = await loadHall(trx, t.hall_id);
  if (!(await sampledIds(trx, hall.id, t.service_day, hall.rules.callbackPercent)).includes(t.id)) throw notFound('CALLBACK_NOT_FOUND', `回访名单上没有这一条：${ticketId}`);
  if (await trx.selectFrom('callbacks').select('id').where('id', '=', t.id).executeTakeFirst()) throw conflict('CALLBACK_RECORDED', '这次回访已经记录');
  const note = input.note?.trim() || null;
  let complaintId: string | null = null;
  if (input.outcome === 'problem') {
    if (!note || note.length < 2) throw invalid('CALLBACK_NOTE_REQUIRED', '发现问题时请写明问题');
    const phone = await trx.selectFrom('ticket_phones').select('phone').where('ticket_id', '=', t.id).executeTakeFirstOrThrow();
    const servedBy = (await servers(trx, [t.id])).get(t.id)?.id ?? null;
    complaintId = (await fileComplaint(trx, ctx, actor, hall.id, { text: note, windowId: t.window_id ?? undefined, phone: phone.phone, staffId: servedBy }, 'callback')).result.id;
  }
  const now = ctx.clock.now();
  await trx.insertInto('callbacks').values({ id: t.id, hall_id: hall.id, day: t.service_day, outcome: input.outcome, note, complaint_id: complaintId, called_by: actor.staffId ?? null, called_at: now }).execute();
  await audit(trx, actor, hall.id, 'callback.record', t.id, { outcome: input.outcome, complaintId }, now);
  return outcome((await callbackList(trx, ctx, hall.id, t.service_day)).find((c) => c.id === t.id)!);
}
