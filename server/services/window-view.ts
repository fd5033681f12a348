import type { Selectable } from 'kysely';
import type { Window } from '../../protocol/schemas.ts';
import type { Queryable, Trx } from '../db/index.ts';
import type { WindowTable } from '../db/schema/hall.ts';
import { forbidden, notFound } from '../domain/errors.ts';
import type { Actor } from './context.ts';
import type { WindowEvent } from './events.ts';

export type WindowRow = Selectable<WindowTable>;

export type WindowView = Window;

export async function loadWindow(trx: Queryable, windowId: string): Promise<WindowRow & { ranks: Map<string, number> }> {
  const w = await trx.selectFrom('windows').selectAll().where('id', '=', windowId).executeTakeFirst();
  if (!w) throw notFound('WINDOW_NOT_FOUND', `没有这个窗口：${windowId}`);
  const cats = await trx.selectFrom('window_categories').select(['category_id', 'rank']).where('window_id', '=', windowId).orderBy('rank').execute();
  return { ...w, ranks: new Map(cats.map((c) => [c.category_id, c.rank])) };
}

export async function windowView(trx: Queryable, w: WindowRow): Promise<WindowView> {
  return (await windowViews(trx, [w]))[0];
}

/**
 * Views of many windows in three queries whatever their number: a hall's snapshot (every display
 * that connects asks for one) read three rows per window before, 300 queries for a hall of 100.
 */
export async function windowViews(trx: Queryable, ws: readonly WindowRow[]): Promise<WindowView[]> {
  if (ws.length === 0) return [];
  const ids = ws.map((w) => w.id);
  const clerkIds = [...new Set(ws.flatMap((w) => (w.clerk_id ? [w.clerk_id] : [])))];
  const ticketIds = [...new Set(ws.flatMap((w) => (w.current_ticket_id ? [w.current_ticket_id] : [])))];
  const links = await trx.selectFrom('window_categories').select(['window_id', 'category_id']).where('window_id', 'in', ids).orderBy('window_id').orderBy('rank').execute();
  const clerks = clerkIds.length ? await trx.selectFrom('staff').select(['id', 'name', 'staff_no']).where('id', 'in', clerkIds).execute() : [];
  const current = ticketIds.length ? await trx.selectFrom('tickets').select(['id', 'number', 'status']).where('id', 'in', ticketIds).execute() : [];
  const categoriesOf = new Map<string, string[]>();
  for (const l of links) categoriesOf.set(l.window_id, [...(categoriesOf.get(l.window_id) ?? []), l.category_id]);
  const clerkById = new Map(clerks.map((c) => [c.id, c]));
  const ticketById = new Map(current.map((t) => [t.id, t]));
  return ws.map((w) => {
    const clerk = w.clerk_id ? clerkById.get(w.clerk_id) : undefined;
    const cur = w.current_ticket_id ? ticketById.get(w.current_ticket_id) : undefined;
    return {
      id: w.id,
      hallId: w.hall_id,
      no: w.no,
      name: w.name,
      kind: w.kind,
      status: w.status,
      pauseReason: w.pause_reason,
      categoryIds: categoriesOf.get(w.id) ?? [],
      clerk: clerk ? { id: clerk.id, name: clerk.name, staffNo: clerk.staff_no } : null,
      aClerkId: w.a_clerk_id,
      bClerkId: w.b_clerk_id,
      currentTicket: cur ?? null,
      currentNumber: cur?.number ?? null,
    };
  });
}

export function windowEvent(v: WindowView): WindowEvent {
  return { type: 'window', hallId: v.hallId, windowId: v.id, status: v.status, currentNumber: v.currentNumber, currentStatus: v.currentTicket?.status ?? null, pauseReason: v.pauseReason };
}

/** Only the clerk bound to the window (or a keypad/agent device of that window) acts on its tickets. */
export function assertWindowOperator(w: WindowRow, actor: Actor): void {
  if (actor.staffId && actor.staffId === w.clerk_id) return;
  if (actor.deviceId && actor.deviceWindowId === w.id) return;
  throw forbidden('NOT_WINDOW_CLERK', `只有在${w.no}号窗口登录的工作人员可以操作该窗口`);
}

/** Pause, resume and close may also come from a hall manager. */
export function assertWindowManager(w: WindowRow, actor: Actor): void {
  if (actor.role === 'manager' || actor.role === 'admin') return;
  assertWindowOperator(w, actor);
}

export async function audit(trx: Trx, actor: Actor, hallId: string | null, action: string, target: string | null, data: Record<string, unknown> | null, at: number): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({ hall_id: hallId, staff_id: actor.staffId ?? null, action, target, data: data ? JSON.stringify({ ...data, deviceId: actor.deviceId }) : actor.deviceId ? JSON.stringify({ deviceId: actor.deviceId }) : null, at })
    .execute();
}
