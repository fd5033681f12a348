import type { Trx } from '../db/index.ts';
import { serviceDay } from '../domain/time.ts';
import type { ServiceContext } from './context.ts';
import { outcome, type DomainEvent, type Outcome } from './events.ts';
import { appendTicketEvent, queueEvents } from './queue.ts';
import { windowEvent, windowView } from './window-view.ts';
import { countStatusChange } from './waiting-counts.ts';

/**
 * 弃号: tickets of an earlier service day still open are closed (abandoned) and stay in the
 * records; windows still holding one are freed. Runs at boot and every minute.
 */
export async function closePastDays(trx: Trx, ctx: ServiceContext, hallId: string): Promise<Outcome<{ closed: number }>> {
  const hall = await trx.selectFrom('halls').select(['id', 'time_zone']).where('id', '=', hallId).executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  const day = serviceDay(now, hall.time_zone);
  const stale = await trx
    .selectFrom('tickets')
    .select(['id', 'hall_id', 'service_day', 'status', 'category_id', 'number'])
    .where('hall_id', '=', hallId)
    .where('service_day', '<', day)
    .where('status', 'in', ['waiting', 'called', 'serving', 'suspended'])
    .execute();
  if (stale.length === 0) return outcome({ closed: 0 });
  const ids = stale.map((t) => t.id);
  await trx.updateTable('tickets').set({ status: 'abandoned', closed_reason: 'day_end', finished_at: now }).where('id', 'in', ids).execute();
  for (const t of stale) await appendTicketEvent(trx, t, 'close_day', now, { data: { from: t.status } });
  for (const t of stale) await countStatusChange(trx, t, { category_id: t.category_id, status: 'abandoned' });
  const events: DomainEvent[] = [];
  const held = await trx.selectFrom('windows').selectAll().where('hall_id', '=', hallId).where('current_ticket_id', 'in', ids).execute();
  for (const w of held) {
    await trx.updateTable('windows').set({ current_ticket_id: null, priority_streak: 0 }).where('id', '=', w.id).execute();
    events.push(windowEvent(await windowView(trx, { ...w, current_ticket_id: null })));
  }
  // Displays showed yesterday's counts until now; send today's.
  events.push(...(await queueEvents(trx, hallId, day, stale.map((t) => t.category_id))));
  return outcome({ closed: stale.length }, events);
}
