import type { Queryable } from '../db/index.ts';
import { blendServiceMinutes, estimateWaitMinutes } from '../domain/wait-estimate.ts';
import type { TicketRow } from './queue.ts';
import { waitingCounts } from './waiting-counts.ts';

/**
 * Gathers what the wait estimate reads: the waiting counts per category (kept, services/waiting-counts.ts),
 * today's window time per called ticket per category, and the open windows that may call the
 * ticket with their preference orders.
 */
export async function estimateFor(trx: Queryable, t: TicketRow, ahead: number): Promise<number> {
  const waiting = await waitingCounts(trx, t.hall_id, t.service_day);
  // A window is taken from the call to the end, served or 过号: that is the capacity a ticket uses.
  const doneRows = await trx
    .selectFrom('tickets')
    .select(['category_id', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>(eb('finished_at', '-', eb.ref('called_at'))).as('ms')])
    .where('hall_id', '=', t.hall_id)
    .where('service_day', '=', t.service_day)
    .where('status', 'in', ['done', 'no_show'])
    .where('called_at', 'is not', null)
    .groupBy('category_id')
    .execute();
  const done = new Map(doneRows.map((r) => [r.category_id, { n: Number(r.n), minutes: Number(r.ms ?? 0) / 60_000 }]));
  const configured = new Map(
    (await trx.selectFrom('categories').select(['id', 'avg_service_minutes']).where('hall_id', '=', t.hall_id).execute()).map((c) => [c.id, c.avg_service_minutes]),
  );
  const service = (categoryId: string) => {
    const d = done.get(categoryId);
    return blendServiceMinutes(configured.get(categoryId) ?? 5, d?.n ?? 0, d?.minutes ?? 0);
  };

  let windowsQuery = trx
    .selectFrom('windows')
    .innerJoin('window_categories', 'window_categories.window_id', 'windows.id')
    .select(['windows.id', 'windows.status', 'windows.current_ticket_id', 'window_categories.category_id', 'window_categories.rank'])
    .where('windows.hall_id', '=', t.hall_id);
  windowsQuery = t.target_window_id ? windowsQuery.where('windows.id', '=', t.target_window_id) : windowsQuery;
  const links = await windowsQuery.execute();
  const byWindow = new Map<string, typeof links>();
  for (const l of links) byWindow.set(l.id, [...(byWindow.get(l.id) ?? []), l]);

  const s = service(t.category_id);
  const serving = [...byWindow.values()].filter((ls) => t.target_window_id || ls.some((l) => l.category_id === t.category_id));
  const open = serving.filter((ls) => ls[0].status === 'open');
  return estimateWaitMinutes({
    ahead,
    serviceMinutes: s,
    ownWork: (waiting.get(t.category_id) ?? 0) * s,
    closedWindows: serving.length,
    windows: open.map((ls) => {
      // A ticket sent to this window (转窗) is called before any category: nothing is preferred to it.
      const mine = t.target_window_id ? 0 : ls.find((l) => l.category_id === t.category_id)!.rank;
      const preferredWork = ls.filter((l) => l.rank < mine).reduce((sum, l) => sum + (waiting.get(l.category_id) ?? 0) * service(l.category_id), 0);
      return { preferredWork, idle: ls[0].current_ticket_id === null };
    }),
  });
}
