import crypto from 'node:crypto';
import type { Queryable, Trx } from '../db/index.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { instantOf, isoInZone, serviceDay } from '../domain/time.ts';
import { addWorkingDays, type WorkCalendar } from '../domain/working-days.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome, type Outcome } from './events.ts';
import { loadHall } from './queue.ts';
import { audit } from './window-view.ts';

/**
 * 办不成事 / 投诉: any visitor's complaint or unresolved matter, from the kiosk, the phone page or
 * the 办不成事 window (or a 回访 call that found a problem). It is charged to the window's clerk at
 * the time, assigned to someone to handle, and answered within the hall's working days.
 */
export type ComplaintSource = 'kiosk' | 'phone' | 'window' | 'callback';

export interface ComplaintInput {
  text: string;
  windowId?: string;
  phone?: string;
  /** Whom to charge when known better than the window's clerk now (a 回访 names who served). */
  staffId?: string | null;
}

export interface ComplaintView {
  id: string;
  source: string;
  text: string;
  windowId: string | null;
  windowNo: number | null;
  staffId: string | null;
  staffName: string | null;
  assignedTo: string | null;
  assignedName: string | null;
  /** 138****1234: enough to recognise; the whole number is on the 回访 list only. */
  phone: string | null;
  status: string;
  dueDate: string;
  overdue: boolean;
  outcome: string | null;
  upheld: boolean;
  createdAt: string;
  answeredAt: string | null;
}

export const maskPhone = (p: string | null) => (p ? (p.length > 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : `****${p.slice(-4)}`) : null);

const sourceOf = (actor: Actor): ComplaintSource => (actor.staffId ? 'window' : actor.deviceId ? 'kiosk' : 'phone');

async function calendarOf(db: Queryable, hallId: string): Promise<WorkCalendar> {
  const h = await db.selectFrom('halls').select('calendar').where('id', '=', hallId).executeTakeFirstOrThrow();
  return JSON.parse(h.calendar) as WorkCalendar;
}

/** Records a complaint; the due date counts the hall's working days from today. */
export async function fileComplaint(trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string, input: ComplaintInput, source: ComplaintSource = sourceOf(actor)): Promise<Outcome<{ id: string; dueDate: string }>> {
  const hall = await loadHall(trx, hallId);
  const text = input.text.trim();
  if (text.length < 2) throw invalid('COMPLAINT_TEXT_REQUIRED', '请写明要反映的问题');
  let staffId: string | null = null;
  if (input.windowId) {
    const w = await trx.selectFrom('windows').select(['hall_id', 'clerk_id', 'a_clerk_id']).where('id', '=', input.windowId).executeTakeFirst();
    if (!w || w.hall_id !== hallId) throw notFound('WINDOW_NOT_FOUND', `本厅没有这个窗口：${input.windowId}`);
    // Charged to whoever is at the window now, else its regular (A) clerk.
    staffId = w.clerk_id ?? w.a_clerk_id;
  }
  if (input.staffId !== undefined) staffId = input.staffId;
  const now = ctx.clock.now();
  const dueDate = addWorkingDays(serviceDay(now, hall.timeZone), hall.rules.complaintAnswerDays, await calendarOf(trx, hallId));
  const id = crypto.randomUUID();
  await trx
    .insertInto('complaints')
    .values({
      id, hall_id: hallId, source, text, window_id: input.windowId ?? null, staff_id: staffId, phone: input.phone ?? null,
      assigned_to: null, status: 'open', due_date: dueDate, outcome: null, upheld: 1, created_at: now, answered_at: null, answered_by: null,
    })
    .execute();
  await audit(trx, actor, hallId, 'complaint.file', id, { source, windowId: input.windowId ?? null }, now);
  return outcome({ id, dueDate });
}

export interface ComplaintFilter {
  status?: 'open' | 'answered';
  /** YYYY-MM: filed that month. */
  month?: string;
  overdue?: boolean;
}

export async function listComplaints(db: Queryable, ctx: ServiceContext, hallId: string, f: ComplaintFilter = {}): Promise<ComplaintView[]> {
  const hall = await loadHall(db, hallId);
  let q = db
    .selectFrom('complaints as c')
    .leftJoin('windows as w', 'w.id', 'c.window_id')
    .leftJoin('staff as s', 's.id', 'c.staff_id')
    .leftJoin('staff as a', 'a.id', 'c.assigned_to')
    .select(['c.id', 'c.source', 'c.text', 'c.window_id', 'w.no', 'c.staff_id', 's.name as staff_name', 'c.assigned_to', 'a.name as assigned_name', 'c.phone', 'c.status', 'c.due_date', 'c.outcome', 'c.upheld', 'c.created_at', 'c.answered_at'])
    .where('c.hall_id', '=', hallId);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.month) {
    const [from, to] = monthRange(f.month, hall.timeZone);
    q = q.where('c.created_at', '>=', from).where('c.created_at', '<', to);
  }
  const today = serviceDay(ctx.clock.now(), hall.timeZone);
  const rows = await q.orderBy('c.created_at', 'desc').execute();
  const views = rows.map((r) => ({
    id: r.id,
    source: r.source,
    text: r.text,
    windowId: r.window_id,
    windowNo: r.no ?? null,
    staffId: r.staff_id,
    staffName: r.staff_name ?? null,
    assignedTo: r.assigned_to,
    assignedName: r.assigned_name ?? null,
    phone: maskPhone(r.phone),
    status: r.status,
    dueDate: r.due_date,
    overdue: complaintOverdue(r, today, hall.timeZone),
    outcome: r.outcome,
    upheld: Number(r.upheld) === 1,
    createdAt: isoInZone(Number(r.created_at), hall.timeZone),
    answeredAt: r.answered_at === null ? null : isoInZone(Number(r.answered_at), hall.timeZone),
  }));
  return f.overdue === undefined ? views : views.filter((v) => v.overdue === f.overdue);
}

/** Overdue: still open after its due date, or answered after it. */
export function complaintOverdue(c: { status: string; due_date: string; answered_at: number | null }, today: string, timeZone: string): boolean {
  if (c.status === 'open') return today > c.due_date;
  return c.answered_at !== null && serviceDay(Number(c.answered_at), timeZone) > c.due_date;
}

/** [start, end) of a YYYY-MM month in hall time, as instants. */
export function monthRange(month: string, timeZone: string): [number, number] {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw invalid('BAD_MONTH', '请给出月份 YYYY-MM');
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return [instantOf(`${month}-01`, 0, timeZone), instantOf(`${next}-01`, 0, timeZone)];
}

async function loadComplaint(trx: Queryable, id: string) {
  const c = await trx.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound('COMPLAINT_NOT_FOUND', `没有这件投诉：${id}`);
  return c;
}

async function viewOf(trx: Queryable, ctx: ServiceContext, hallId: string, id: string): Promise<ComplaintView> {
  const v = (await listComplaints(trx, ctx, hallId)).find((c) => c.id === id);
  if (!v) throw notFound('COMPLAINT_NOT_FOUND', `没有这件投诉：${id}`);
  return v;
}

async function staffOfHall(trx: Queryable, hallId: string, staffId: string): Promise<void> {
  const s = await trx.selectFrom('staff').select(['hall_id']).where('id', '=', staffId).where('active', '=', 1).executeTakeFirst();
  if (!s || s.hall_id !== hallId) throw notFound('STAFF_NOT_FOUND', `本厅没有这位工作人员：${staffId}`);
}

/** Assigns it to someone to handle; optionally corrects whom it is charged to. */
export async function assignComplaint(trx: Trx, ctx: ServiceContext, actor: Actor, id: string, input: { assignedTo: string; staffId?: string | null }): Promise<Outcome<ComplaintView>> {
  const c = await loadComplaint(trx, id);
  if (c.status !== 'open') throw conflict('COMPLAINT_CLOSED', '该投诉已办结');
  await staffOfHall(trx, c.hall_id, input.assignedTo);
  if (input.staffId) await staffOfHall(trx, c.hall_id, input.staffId);
  const patch = input.staffId === undefined ? { assigned_to: input.assignedTo } : { assigned_to: input.assignedTo, staff_id: input.staffId };
  await trx.updateTable('complaints').set(patch).where('id', '=', id).execute();
  await audit(trx, actor, c.hall_id, 'complaint.assign', id, { ...input }, ctx.clock.now());
  return outcome(await viewOf(trx, ctx, c.hall_id, id));
}

/** Closes it with the outcome; `upheld: false` when the complaint proved unfounded (it then costs nobody points). */
export async function answerComplaint(trx: Trx, ctx: ServiceContext, actor: Actor, id: string, input: { outcome: string; upheld?: boolean }): Promise<Outcome<ComplaintView>> {
  const c = await loadComplaint(trx, id);
  if (c.status !== 'open') throw conflict('COMPLAINT_CLOSED', '该投诉已办结');
  const text = input.outcome.trim();
  if (text.length < 2) throw invalid('OUTCOME_REQUIRED', '请写明处理结果');
  const now = ctx.clock.now();
  await trx
    .updateTable('complaints')
    .set({ status: 'answered', outcome: text, upheld: input.upheld === false ? 0 : 1, answered_at: now, answered_by: actor.staffId ?? null })
    .where('id', '=', id)
    .execute();
  await audit(trx, actor, c.hall_id, 'complaint.answer', id, { upheld: input.upheld !== false }, now);
  return outcome(await viewOf(trx, ctx, c.hall_id, id));
}
