import { sql } from 'kysely';
import type { Trx } from '../db/index.ts';

/** The next number of a per-hall, per-day counter (cases, proxy cases), taken inside the transaction. */
export async function nextHallSeq(trx: Trx, hallId: string, counter: '__case__' | '__proxy__', serviceDay: string): Promise<number> {
  const { last_seq } = await trx
    .insertInto('number_counters')
    .values({ hall_id: hallId, category_id: counter, service_day: serviceDay, last_seq: 1 })
    .onConflict((oc) => oc.columns(['hall_id', 'category_id', 'service_day']).doUpdateSet({ last_seq: sql<number>`number_counters.last_seq + 1` }))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(last_seq);
}

/** The short code of a hall that its numbers start with. */
export async function hallCode(trx: Trx, hallId: string): Promise<string> {
  const h = await trx.selectFrom('halls').select(['id', 'code']).where('id', '=', hallId).executeTakeFirstOrThrow();
  return h.code ?? h.id.toUpperCase();
}
