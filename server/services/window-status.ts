import type { Trx } from '../db/index.ts';
import { conflict, forbidden } from '../domain/errors.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome, type DomainEvent, type Outcome } from './events.ts';
import { appendTicketEvent, loadHall, lockHallQueue, queueEvents, today } from './queue.ts';
import { assertWindowManager, audit, loadWindow, windowEvent, windowView, type WindowRow, type WindowView } from './window-view.ts';

/** Opening, pausing (暂停服务), resuming, closing and AB角 take-over of a window. */

async function setStatus(
  trx: Trx,
  ctx: ServiceContext,
  actor: Actor,
  w: WindowRow,
  patch: Partial<WindowRow>,
  action: string,
  reason: string | null = null,
): Promise<Outcome<WindowView>> {
  const now = ctx.clock.now();
  const next = { ...w, ...patch, status_changed_at: patch.status && patch.status !== w.status ? now : w.status_changed_at };
  await trx
    .updateTable('windows')
    .set({ ...patch, status_changed_at: next.status_changed_at })
    .where('id', '=', w.id)
    .execute();
  await trx
    .insertInto('window_events')
    .values({ window_id: w.id, hall_id: w.hall_id, status: next.status, staff_id: next.clerk_id, reason, at: now })
    .execute();
  await audit(trx, actor, w.hall_id, `window.${action}`, w.id, { from: w.status, to: next.status, clerkId: next.clerk_id, reason }, now);
  const view = await windowView(trx, next);
  if (next.status === w.status) return outcome(view, [windowEvent(view)]);
  // A window opening or closing changes the wait of every category it serves: kiosk tiles follow.
  const hall = await loadHall(trx, w.hall_id);
  return outcome(view, [windowEvent(view), ...(await queueEvents(trx, w.hall_id, today(hall, now), view.categoryIds))]);
}

async function assertClerkFree(trx: Trx, staffId: string, windowId: string): Promise<void> {
  const other = await trx
    .selectFrom('windows')
    .select(['no'])
    .where('clerk_id', '=', staffId)
    .where('id', '!=', windowId)
    .where('status', 'in', ['open', 'paused'])
    .executeTakeFirst();
  if (other) throw conflict('CLERK_BUSY', `您已在${other.no}号窗口登录，请先关闭该窗口`);
}

export async function openWindow(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string): Promise<Outcome<WindowView>> {
  if (!actor.staffId) throw forbidden('STAFF_ONLY', '开窗须由工作人员登录');
  const w = await loadWindow(trx, windowId);
  if (w.status !== 'closed' && w.clerk_id === actor.staffId) {
    // Opening again (or after a pause) is harmless: the clerk gets the window as it is, open.
    return w.status === 'open' ? outcome(await windowView(trx, w)) : setStatus(trx, ctx, actor, w, { status: 'open', pause_reason: null }, 'resume');
  }
  if (w.status !== 'closed' && w.clerk_id && w.clerk_id !== actor.staffId) {
    throw conflict('WINDOW_IN_USE', `${w.no}号窗口正由其他工作人员使用；B岗请使用“接管”`);
  }
  await assertClerkFree(trx, actor.staffId, w.id);
  return setStatus(trx, ctx, actor, w, { status: 'open', clerk_id: actor.staffId, pause_reason: null, priority_streak: 0 }, 'open');
}

/** AB角: the window's backup clerk (or a manager) takes over an open window from its clerk. Logged. */
export async function takeOverWindow(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string): Promise<Outcome<WindowView>> {
  if (!actor.staffId) throw forbidden('STAFF_ONLY', '接管须由工作人员登录');
  const w = await loadWindow(trx, windowId);
  if (w.status === 'closed') throw conflict('WINDOW_NOT_OPEN', `${w.no}号窗口未开放，请直接开窗`);
  if (w.clerk_id === actor.staffId) return outcome(await windowView(trx, w));
  const isAB = actor.staffId === w.a_clerk_id || actor.staffId === w.b_clerk_id;
  if (!isAB && actor.role !== 'manager' && actor.role !== 'admin') {
    throw forbidden('NOT_BACKUP_CLERK', `您不是${w.no}号窗口的A/B岗，不能接管`);
  }
  await assertClerkFree(trx, actor.staffId, w.id);
  return setStatus(trx, ctx, actor, w, { clerk_id: actor.staffId }, 'take_over', `接管自 ${w.clerk_id}`);
}

export async function pauseWindow(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string, reason: string | null): Promise<Outcome<WindowView>> {
  const w = await loadWindow(trx, windowId);
  assertWindowManager(w, actor);
  if (w.status !== 'open') throw conflict('WINDOW_NOT_OPEN', `${w.no}号窗口未在服务中，不能暂停`);
  return setStatus(trx, ctx, actor, w, { status: 'paused', pause_reason: reason || '暂停服务' }, 'pause', reason);
}

export async function resumeWindow(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string): Promise<Outcome<WindowView>> {
  const w = await loadWindow(trx, windowId);
  assertWindowManager(w, actor);
  if (w.status !== 'paused') throw conflict('WINDOW_NOT_PAUSED', `${w.no}号窗口没有暂停`);
  return setStatus(trx, ctx, actor, w, { status: 'open', pause_reason: null }, 'resume');
}

export async function closeWindow(trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string): Promise<Outcome<WindowView>> {
  const owner = await trx.selectFrom('windows').select('hall_id').where('id', '=', windowId).executeTakeFirst();
  // The queue's lock, as a transfer takes it: no ticket is sent to this window while it closes.
  if (owner) await lockHallQueue(trx, owner.hall_id);
  const w = await loadWindow(trx, windowId);
  assertWindowManager(w, actor);
  if (w.status === 'closed') return outcome(await windowView(trx, w));
  if (w.current_ticket_id) {
    const cur = await trx.selectFrom('tickets').select(['number', 'status']).where('id', '=', w.current_ticket_id).executeTakeFirst();
    if (cur && (cur.status === 'called' || cur.status === 'serving')) {
      throw conflict('WINDOW_BUSY', `请先办结、过号或转出当前号票 ${cur.number}`);
    }
  }
  const returned = await returnSentTickets(trx, ctx, actor, w);
  const closed = await setStatus(trx, ctx, actor, w, { status: 'closed', clerk_id: null, pause_reason: null, current_ticket_id: null, priority_streak: 0 }, 'close');
  return outcome(closed.result, [...returned, ...closed.events]);
}

/**
 * Tickets sent to a window that closes (转窗) go back to their category's queue, at their place
 * by arrival: only that window would ever call them, and a closed one never does. Their holders'
 * phones hear of it; the categories' queue events follow from setStatus (the window serves them)
 * or are added here.
 */
async function returnSentTickets(trx: Trx, ctx: ServiceContext, actor: Actor, w: WindowRow): Promise<DomainEvent[]> {
  const hall = await loadHall(trx, w.hall_id);
  const now = ctx.clock.now();
  const day = today(hall, now);
  const sent = await trx.selectFrom('tickets').selectAll().where('hall_id', '=', w.hall_id).where('service_day', '=', day).where('status', '=', 'waiting').where('target_window_id', '=', w.id).execute();
  const events: DomainEvent[] = [];
  for (const t of sent) {
    await trx.updateTable('tickets').set({ target_window_id: null }).where('id', '=', t.id).where('status', '=', 'waiting').where('target_window_id', '=', w.id).execute();
    await appendTicketEvent(trx, t, 'returned_to_queue', now, { windowId: w.id, staffId: actor.staffId, data: { reason: 'window_closed', windowNo: w.no } });
    events.push({ type: 'ticket', hallId: t.hall_id, ticketId: t.id, status: 'waiting', number: t.number, windowNo: null });
  }
  const serves = new Set(await trx.selectFrom('window_categories').select('category_id').where('window_id', '=', w.id).execute().then((rows) => rows.map((r) => r.category_id)));
  const others = [...new Set(sent.map((t) => t.category_id))].filter((c) => !serves.has(c));
  return [...events, ...(await queueEvents(trx, w.hall_id, day, others))];
}
