import type { Trx } from '../db/index.ts';
import { pickNext, requeueSortKey } from '../domain/call-order.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { applyAction, type TicketAction, type TicketStatus } from '../domain/ticket-state.ts';
import { isoInZone } from '../domain/time.ts';
import type { Actor, ServiceContext } from './context.ts';
import type { CallEvent, DomainEvent, Outcome } from './events.ts';
import { appendTicketEvent, loadCallable, loadHall, loadWaiting, lockHallQueue, queueEvents, today, type HallInfo, type TicketRow } from './queue.ts';
import { findTicket, ticketView, type TicketView } from './tickets.ts';
import { assertMayCancel } from './ticket-keys.ts';
import { queueCalled } from './webhooks.ts';
import { countStatusChange } from './waiting-counts.ts';
import { assertWindowOperator, audit, loadWindow, windowEvent, windowView, type WindowRow } from './window-view.ts';

/** The use cases of a window's keypad or console: 叫号, 重呼, 开始办理, 办结, 过号, 挂起, 转窗. */

type LoadedWindow = Awaited<ReturnType<typeof loadWindow>>;

/** What one step records: its time, the events to publish, the categories whose waiting count changed. */
interface Changes {
  now: number;
  events: DomainEvent[];
  touched: Set<string>;
  /** The window acting, if any (过号重排 happens at the hall's desk, not at a window). */
  at: { id: string; no: number } | null;
}

interface Step extends Changes {
  hall: HallInfo;
  win: LoadedWindow;
  ctx: ServiceContext;
}

async function begin(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string, needOpen = true): Promise<Step> {
  // The pick's lock: held from before the window and the queue are read until commit.
  const owner = await trx.selectFrom('windows').select('hall_id').where('id', '=', windowId).executeTakeFirst();
  if (owner) await lockHallQueue(trx, owner.hall_id);
  const win = await loadWindow(trx, windowId);
  // A closed window has no clerk: say it is closed rather than that the caller is not its clerk.
  if (needOpen && win.status === 'closed') throw conflict('WINDOW_NOT_OPEN', `${win.no}号窗口已关闭，请先开窗`);
  assertWindowOperator(win, actor);
  if (needOpen && win.status !== 'open') throw conflict('WINDOW_NOT_OPEN', `${win.no}号窗口未开放（${win.status}）`);
  return { hall: await loadHall(trx, win.hall_id), win, at: win, now: ctx.clock.now(), events: [], touched: new Set(), ctx };
}

/** Applies one state-machine step to a ticket and logs it in the append-only event log. */
async function move(trx: Trx, s: Changes, actor: Actor, t: TicketRow, action: TicketAction, patch: Partial<TicketRow> = {}, data?: Record<string, unknown>): Promise<TicketRow> {
  const status: TicketStatus = applyAction(t.status as TicketStatus, action);
  const next = { ...t, ...patch, status };
  // Compare-and-set on the old status: correct even where transactions are not serialised (PostgreSQL).
  const res = await trx
    .updateTable('tickets')
    .set({ ...patch, status })
    .where('id', '=', t.id)
    .where('status', '=', t.status)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict('INVALID_STATE', '号票状态已被其他操作改变，请刷新');
  await countStatusChange(trx, t, next);
  await appendTicketEvent(trx, t, action, s.now, { windowId: s.at?.id ?? null, staffId: actor.staffId, data });
  s.events.push({ type: 'ticket', hallId: t.hall_id, ticketId: t.id, status, number: t.number, windowNo: s.at && next.window_id === s.at.id ? s.at.no : null });
  if (t.status === 'waiting' || status === 'waiting') s.touched.add(next.category_id).add(t.category_id);
  return next;
}

async function setCurrent(trx: Trx, s: Step, ticketId: string | null, patch: Partial<WindowRow> = {}): Promise<void> {
  await trx.updateTable('windows').set({ current_ticket_id: ticketId, ...patch }).where('id', '=', s.win.id).execute();
  s.win = { ...s.win, current_ticket_id: ticketId, ...patch };
}

/** The step's result: the ticket it ends on, and its events plus the window's and the changed queues'. */
async function finish(trx: Trx, ctx: ServiceContext, s: Step, t: TicketRow | null): Promise<Outcome<{ ticket: TicketView | null }>> {
  const view = await windowView(trx, s.win);
  const events = [...s.events, windowEvent(view), ...(await queueEvents(trx, s.hall.id, today(s.hall, s.now), s.touched))];
  return { result: { ticket: t ? await ticketView(trx, ctx, s.hall, t) : null }, events };
}

function callEvent(s: Step, t: TicketRow, categoryName: string, recall: boolean): CallEvent {
  return {
    type: 'call', hallId: s.hall.id, ticketId: t.id, number: t.number, windowId: s.win.id, windowNo: s.win.no,
    windowName: s.win.name, categoryName, recall, at: isoInZone(s.now, s.hall.timeZone),
  };
}

/** A call, and the 'called' webhook for the hall's SMS gateway in the same transaction. */
async function announced(trx: Trx, s: Step, t: TicketRow, e: CallEvent): Promise<DomainEvent[]> {
  return [e, ...(await queueCalled(trx, s.ctx, t, e))];
}

async function currentTicket(trx: Trx, s: Step): Promise<TicketRow | null> {
  return s.win.current_ticket_id ? findTicket(trx, s.win.current_ticket_id) : null;
}

async function requireCurrent(trx: Trx, s: Step): Promise<TicketRow> {
  const t = await currentTicket(trx, s);
  if (!t) throw conflict('NO_CURRENT_TICKET', `${s.win.no}号窗口当前没有号票`);
  return t;
}

/** "Next" on a keypad means "done, next": the current ticket, if still at the window, is completed first. */
async function completeCurrent(trx: Trx, s: Step, actor: Actor): Promise<void> {
  const cur = await currentTicket(trx, s);
  if (cur && (cur.status === 'called' || cur.status === 'serving')) {
    await move(trx, s, actor, cur, 'complete', { finished_at: s.now });
  }
  await setCurrent(trx, s, null);
}

async function call(trx: Trx, s: Step, actor: Actor, t: TicketRow, streak: number, how: string): Promise<TicketRow> {
  const called = await move(trx, s, actor, t, 'call', {
    window_id: s.win.id, called_at: s.now, first_called_at: t.first_called_at ?? s.now, target_window_id: null, recall_count: 0,
  }, { how });
  await setCurrent(trx, s, called.id, { priority_streak: streak });
  const cat = await trx.selectFrom('categories').select('name').where('id', '=', called.category_id).executeTakeFirstOrThrow();
  s.events.push(...(await announced(trx, s, called, callEvent(s, called, cat.name, false))));
  await audit(trx, actor, s.hall.id, `ticket.${how}`, called.id, { windowId: s.win.id, number: called.number }, s.now);
  return called;
}

export async function callNext(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string) {
  const s = await begin(trx, ctx, actor, windowId);
  await completeCurrent(trx, s, actor);
  const waiting = await loadCallable(trx, s.hall.id, today(s.hall, s.now), s.win.id, [...s.win.ranks.keys()]);
  const decision = pickNext(waiting, { id: s.win.id, categoryRanks: s.win.ranks, priorityStreak: s.win.priority_streak }, s.hall.rules.maxConsecutivePriority, s.now);
  const called = decision ? await call(trx, s, actor, await findTicket(trx, decision.ticket.id), decision.priorityStreak, 'call_next') : null;
  return finish(trx, ctx, s, called);
}

/** 指定叫号: call one waiting ticket out of turn. */
export async function callTicket(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string, ticketId: string) {
  const s = await begin(trx, ctx, actor, windowId);
  const t = await findTicket(trx, ticketId);
  if (t.hall_id !== s.hall.id || t.service_day !== today(s.hall, s.now)) throw notFound('TICKET_NOT_FOUND', '本大厅今天没有这张号票');
  applyAction(t.status as TicketStatus, 'call');
  await completeCurrent(trx, s, actor);
  return finish(trx, ctx, s, await call(trx, s, actor, t, s.win.priority_streak, 'call_specific'));
}

export async function recall(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string) {
  const s = await begin(trx, ctx, actor, windowId);
  const t = await requireCurrent(trx, s);
  if (t.recall_count >= s.hall.rules.maxRecalls) throw conflict('RECALL_LIMIT', `已重呼${t.recall_count}次，请按过号处理`);
  const next = await move(trx, s, actor, t, 'recall', { recall_count: t.recall_count + 1, called_at: s.now });
  const cat = await trx.selectFrom('categories').select('name').where('id', '=', t.category_id).executeTakeFirstOrThrow();
  s.events.push(...(await announced(trx, s, next, callEvent(s, next, cat.name, true))));
  return finish(trx, ctx, s, next);
}

export async function start(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string) {
  const s = await begin(trx, ctx, actor, windowId);
  return finish(trx, ctx, s, await move(trx, s, actor, await requireCurrent(trx, s), 'start', { serving_at: s.now }));
}

export async function complete(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string) {
  const s = await begin(trx, ctx, actor, windowId, false);
  const done = await move(trx, s, actor, await requireCurrent(trx, s), 'complete', { finished_at: s.now });
  await setCurrent(trx, s, null);
  return finish(trx, ctx, s, done);
}

export async function noShow(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string) {
  const s = await begin(trx, ctx, actor, windowId, false);
  const gone = await move(trx, s, actor, await requireCurrent(trx, s), 'no_show', { finished_at: s.now });
  await setCurrent(trx, s, null);
  return finish(trx, ctx, s, gone);
}

/** 挂起: the citizen leaves to photocopy; the window may serve others meanwhile. */
export async function suspend(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string) {
  const s = await begin(trx, ctx, actor, windowId, false);
  const held = await move(trx, s, actor, await requireCurrent(trx, s), 'suspend');
  await setCurrent(trx, s, null);
  return finish(trx, ctx, s, held);
}

export async function resumeTicket(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string, ticketId: string) {
  const s = await begin(trx, ctx, actor, windowId);
  const t = await findTicket(trx, ticketId);
  if (t.window_id !== s.win.id) throw conflict('NOT_SUSPENDED_HERE', `该号票不是在${s.win.no}号窗口挂起的`);
  const cur = await currentTicket(trx, s);
  if (cur && (cur.status === 'called' || cur.status === 'serving')) throw conflict('WINDOW_BUSY', `请先办结当前号票 ${cur.number}`);
  const back = await move(trx, s, actor, t, 'resume', { serving_at: t.serving_at ?? s.now });
  await setCurrent(trx, s, back.id);
  return finish(trx, ctx, s, back);
}

/** 转窗/转移: back to waiting in another category or for one window, keeping the original arrival time. */
export async function transfer(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string, target: { categoryId?: string; windowId?: string }) {
  if ((target.categoryId === undefined) === (target.windowId === undefined)) {
    throw invalid('TRANSFER_TARGET_REQUIRED', '请指定转入的业务类别或窗口（二选一）');
  }
  const s = await begin(trx, ctx, actor, windowId, false);
  const t = await requireCurrent(trx, s);
  const patch: Partial<TicketRow> = { window_id: null, target_window_id: null };
  if (target.categoryId !== undefined) {
    const cat = await trx.selectFrom('categories').select('id').where('id', '=', target.categoryId).where('hall_id', '=', s.hall.id).executeTakeFirst();
    if (!cat) throw notFound('CATEGORY_NOT_FOUND', '没有这个业务类别');
    patch.category_id = cat.id;
  } else {
    const to = await trx.selectFrom('windows').select(['id', 'hall_id', 'no', 'status']).where('id', '=', target.windowId!).executeTakeFirst();
    if (!to || to.hall_id !== s.hall.id) throw notFound('WINDOW_NOT_FOUND', '没有这个窗口');
    if (to.id === s.win.id) throw invalid('TRANSFER_TO_SELF', '不能转给本窗口');
    // Only that window calls a ticket sent to it: a closed one never would, and the citizen would wait unseen.
    // A paused window resumes, so the ticket waits for it (the console warns).
    if (to.status === 'closed') throw conflict('TRANSFER_TARGET_CLOSED', `${to.no}号窗口已关闭，号票转过去不会被叫到；请选择开放的窗口或转业务`, { windowNo: to.no });
    patch.target_window_id = to.id;
  }
  const moved = await move(trx, s, actor, t, 'transfer', patch, { from: { windowId: s.win.id, categoryId: t.category_id }, to: target });
  await setCurrent(trx, s, null);
  await audit(trx, actor, s.hall.id, 'ticket.transfer', t.id, { from: s.win.id, to: target }, s.now);
  return finish(trx, ctx, s, moved);
}

/** 过号重排: a no-show who comes back waits again, after `requeueAfter` tickets of its queue. */
export async function requeueNoShow(trx: Trx, ctx: ServiceContext, actor: Actor, ticketId: string) {
  const t = await findTicket(trx, ticketId);
  if (actor.hallId && actor.hallId !== t.hall_id) throw notFound('TICKET_NOT_FOUND', '本大厅没有这张号票');
  const hall = await loadHall(trx, t.hall_id);
  const now = ctx.clock.now();
  if (t.service_day !== today(hall, now)) throw conflict('TICKET_EXPIRED', '号票已过期，请重新取号');
  const limit = hall.rules.requeueWithinMinutes;
  if (limit > 0 && t.finished_at !== null && now - Number(t.finished_at) > limit * 60000) {
    throw conflict('REQUEUE_TOO_LATE', `过号超过${limit}分钟，请重新取号`);
  }
  applyAction(t.status as TicketStatus, 'requeue');
  const waiting = await loadWaiting(trx, hall.id, t.service_day, { categoryIds: [t.category_id] });
  const keys = waiting.map((q) => q.sortKey).sort((a, b) => a - b);
  const sortKey = requeueSortKey(keys, hall.rules.requeueAfter, now);
  const s: Changes = { at: null, now, events: [], touched: new Set() };
  const back = await move(trx, s, actor, t, 'requeue', { sort_key: sortKey, window_id: null, target_window_id: null, finished_at: null, recall_count: 0 });
  await audit(trx, actor, hall.id, 'ticket.requeue', t.id, { number: t.number }, now);
  const events = [...s.events, ...(await queueEvents(trx, hall.id, t.service_day, s.touched))];
  return { result: { ticket: await ticketView(trx, ctx, hall, back) }, events };
}

/** The tickets suspended at a window today, oldest first. */
export async function suspendedAt(trx: Trx, ctx: ServiceContext, windowId: string): Promise<TicketView[]> {
  const win = await loadWindow(trx, windowId);
  const hall = await loadHall(trx, win.hall_id);
  const rows = await trx
    .selectFrom('tickets')
    .selectAll()
    .where('window_id', '=', win.id)
    .where('status', '=', 'suspended')
    .where('service_day', '=', today(hall, ctx.clock.now()))
    .orderBy('sort_key')
    .execute();
  return Promise.all(rows.map((t) => ticketView(trx, ctx, hall, t)));
}

/** 取消: the citizen gives up their place (from the phone holding the ticket's key); it stays in the records. */
export async function cancelTicket(trx: Trx, ctx: ServiceContext, actor: Actor, ticketId: string, key: string | undefined) {
  const t = await findTicket(trx, ticketId);
  assertMayCancel(t, actor, key);
  const hall = await loadHall(trx, t.hall_id);
  const s: Changes = { at: null, now: ctx.clock.now(), events: [], touched: new Set([t.category_id]) };
  const gone = await move(trx, s, actor, t, 'cancel', { finished_at: s.now });
  const events = [...s.events, ...(await queueEvents(trx, hall.id, t.service_day, s.touched))];
  return { result: { ticket: await ticketView(trx, ctx, hall, gone) }, events };
}
