import type { Queryable } from '../db/index.ts';
import { instantOf, isoInZone, serviceDay } from '../domain/time.ts';
import { notFound } from '../domain/errors.ts';
import type { CallMessage, Snapshot } from '../../protocol/events.ts';
import type { ServiceContext } from './context.ts';
import { getHall } from './halls.ts';
import { callFor, hallFor, windowFor, type Audience } from './audience.ts';
import { getTicket } from './tickets.ts';
import { loadWindow, windowView } from './window-view.ts';

/**
 * The state a client starts from: read in one transaction with the hall's event sequence, so
 * every later event with a higher seq is news and a gap means something was missed.
 */
export async function snapshot(trx: Queryable, ctx: ServiceContext, hallId: string, audience: Audience, focus: { windowId?: string; ticketId?: string; callsSince?: number } = {}): Promise<Snapshot> {
  const row = await trx.selectFrom('halls').select(['event_seq', 'time_zone']).where('id', '=', hallId).executeTakeFirst();
  if (!row) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  const hall = await getHall(trx, ctx, hallId);
  const printers = await trx
    .selectFrom('printer_states')
    .leftJoin('devices', 'devices.id', 'printer_states.device_id')
    .selectAll('printer_states')
    .select('devices.name as device_name')
    .where('printer_states.hall_id', '=', hallId)
    .execute();
  const snap: Snapshot = {
    seq: Number(row.event_seq),
    hall: hallFor(hall, audience),
    recentCalls: (await recentCalls(trx, ctx, hallId, row.time_zone, focus.callsSince)).map((c) => callFor(c, audience)),
    printers: printers.map((p) => ({ printerUri: p.printer_uri, deviceId: p.device_id, deviceName: p.device_name, windowId: p.window_id, state: p.state, checkedAt: isoInZone(Number(p.checked_at), row.time_zone) })),
  };
  if (focus.windowId) snap.window = windowFor(await windowView(trx, await loadWindow(trx, focus.windowId)), audience);
  // A ticket room's own ticket (its holder proved the key on connect).
  if (focus.ticketId) snap.ticket = await getTicket(trx, ctx, focus.ticketId);
  return snap;
}

/**
 * Today's last 10 calls, newest first; for a client that says when its last call was, every call
 * since then too (up to 500), so one that lost events (a reconnect, an instance gone) misses none.
 */
async function recentCalls(trx: Queryable, ctx: ServiceContext, hallId: string, timeZone: string, since?: number): Promise<CallMessage[]> {
  const dayStart = instantOf(serviceDay(ctx.clock.now(), timeZone), 0, timeZone);
  const limit = since === undefined ? 10 : 500;
  const rows = await trx
    .selectFrom('ticket_events as e')
    .innerJoin('tickets as t', 't.id', 'e.ticket_id')
    .innerJoin('windows as w', 'w.id', 'e.window_id')
    .innerJoin('categories as c', 'c.id', 't.category_id')
    .select(['e.id', 'e.type', 'e.at', 't.id as ticketId', 't.number', 'w.id as windowId', 'w.no', 'w.name as windowName', 'c.name as categoryName'])
    .where('e.hall_id', '=', hallId)
    .where('e.type', 'in', ['call', 'recall'])
    .where('e.at', '>=', since === undefined ? dayStart : Math.max(dayStart, since))
    // Newest first by time (the ticket_events_hall_at index, read backwards and stopped at the
    // limit), not by id over the whole day's events; id settles calls of the same millisecond.
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    seq: 0,
    ticketId: r.ticketId,
    number: r.number,
    windowId: r.windowId,
    windowNo: r.no,
    windowName: r.windowName,
    categoryName: r.categoryName,
    recall: r.type === 'recall',
    at: isoInZone(Number(r.at), timeZone),
  }));
}
