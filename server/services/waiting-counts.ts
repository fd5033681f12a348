import { sql } from 'kysely';
import type { Queryable, Trx } from '../db/index.ts';

/**
 * The number waiting per (hall, category, day), kept in `number_counters.waiting` (migration 018)
 * in the same transaction as every change of a ticket's status: issue (tickets.ts), each step of
 * a window or a desk (windows.ts `move`), the day's end. Read instead of counted, so what an issue,
 * a call or a snapshot costs does not grow with the queue (bench/README.md). Whatever writes a
 * ticket's status must come through here.
 */
export async function adjustWaiting(trx: Trx, hallId: string, day: string, categoryId: string, delta: number): Promise<void> {
  if (delta === 0) return;
  // An upsert: a ticket transferred into a category that issued nothing today finds no row yet.
  await trx
    .insertInto('number_counters')
    .values({ hall_id: hallId, category_id: categoryId, service_day: day, last_seq: 0, waiting: delta })
    .onConflict((oc) => oc.columns(['hall_id', 'category_id', 'service_day']).doUpdateSet({ waiting: sql<number>`number_counters.waiting + ${delta}` }))
    .execute();
}

/** Applies one ticket's change (before and after) to the counts of the categories it left and joined. */
export async function countStatusChange(
  trx: Trx,
  before: { hall_id: string; service_day: string; category_id: string; status: string },
  after: { category_id: string; status: string },
): Promise<void> {
  const was = before.status === 'waiting' ? before.category_id : null;
  const is = after.status === 'waiting' ? after.category_id : null;
  if (was === is) return;
  if (was) await adjustWaiting(trx, before.hall_id, before.service_day, was, -1);
  if (is) await adjustWaiting(trx, before.hall_id, before.service_day, is, 1);
}

/** The waiting counts of a hall's day, by category (categories with none may be missing). */
export async function waitingCounts(trx: Queryable, hallId: string, day: string, categoryIds?: readonly string[]): Promise<Map<string, number>> {
  if (categoryIds && categoryIds.length === 0) return new Map();
  let q = trx.selectFrom('number_counters').select(['category_id', 'waiting']).where('hall_id', '=', hallId).where('service_day', '=', day);
  if (categoryIds) q = q.where('category_id', 'in', categoryIds);
  return new Map((await q.execute()).map((r) => [r.category_id, Number(r.waiting)]));
}
