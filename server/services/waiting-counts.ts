import { sql } from 'kysely';
import type { Queryable, Trx } from '../db/index.ts';

/**
 * Per (hall, category, day), kept in `number_counters` in the same transaction as every change of
 * a ticket's status: issue (tickets.ts), each step of a window or a desk (windows.ts `move`), the
 * day's end. Read instead of counted, so what an issue, a call or a snapshot costs grows neither
 * with the queue nor with the day (bench/README.md). Whatever writes a ticket's status must come
 * through here. Kept:
 * - `waiting` (migration 018): the tickets now waiting;
 * - `served`, `served_ms` (migration 022): the tickets done or 过号 after a call, and their summed
 *   window time from the call to the end (what the wait estimate learns service times from).
 */
interface Deltas {
  waiting: number;
  served: number;
  servedMs: number;
}

async function adjust(trx: Trx, hallId: string, day: string, categoryId: string, d: Deltas): Promise<void> {
  if (d.waiting === 0 && d.served === 0 && d.servedMs === 0) return;
  // An upsert: a ticket transferred into a category that issued nothing today finds no row yet.
  await trx
    .insertInto('number_counters')
    .values({ hall_id: hallId, category_id: categoryId, service_day: day, last_seq: 0, waiting: d.waiting, served: d.served, served_ms: d.servedMs })
    .onConflict((oc) =>
      oc.columns(['hall_id', 'category_id', 'service_day']).doUpdateSet({
        waiting: sql<number>`number_counters.waiting + ${d.waiting}`,
        served: sql<number>`number_counters.served + ${d.served}`,
        served_ms: sql<number>`number_counters.served_ms + ${d.servedMs}`,
      }),
    )
    .execute();
}

/** A ticket's state as the counters see it (the day's end passes no times: it ends no served ticket). */
interface Counted {
  category_id: string;
  status: string;
  called_at?: number | null;
  finished_at?: number | null;
}

/** What a ticket adds to its category's counters in this state. */
function share(t: Counted): Deltas {
  const served = (t.status === 'done' || t.status === 'no_show') && t.called_at != null;
  return {
    waiting: t.status === 'waiting' ? 1 : 0,
    served: served ? 1 : 0,
    servedMs: served && t.finished_at != null ? Number(t.finished_at) - Number(t.called_at) : 0,
  };
}

/** Applies one ticket's change (before and after) to the counters of the categories it left and joined. */
export async function countStatusChange(trx: Trx, before: Counted & { hall_id: string; service_day: string }, after: Counted): Promise<void> {
  const was = share(before);
  const is = share(after);
  if (before.category_id === after.category_id) {
    return adjust(trx, before.hall_id, before.service_day, before.category_id, { waiting: is.waiting - was.waiting, served: is.served - was.served, servedMs: is.servedMs - was.servedMs });
  }
  await adjust(trx, before.hall_id, before.service_day, before.category_id, { waiting: -was.waiting, served: -was.served, servedMs: -was.servedMs });
  await adjust(trx, before.hall_id, before.service_day, after.category_id, is);
}

/** The kept counters of a hall's day, by category (categories with none may be missing). */
export async function dayCounters(
  trx: Queryable,
  hallId: string,
  day: string,
  categoryIds?: readonly string[],
): Promise<Map<string, { lastSeq: number; waiting: number; served: number; servedMs: number }>> {
  if (categoryIds && categoryIds.length === 0) return new Map();
  let q = trx.selectFrom('number_counters').select(['category_id', 'last_seq', 'waiting', 'served', 'served_ms']).where('hall_id', '=', hallId).where('service_day', '=', day);
  if (categoryIds) q = q.where('category_id', 'in', categoryIds);
  return new Map(
    (await q.execute()).map((r) => [r.category_id, { lastSeq: Number(r.last_seq), waiting: Number(r.waiting), served: Number(r.served), servedMs: Number(r.served_ms) }]),
  );
}
