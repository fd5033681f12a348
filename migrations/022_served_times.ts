// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/**
 * Issue 8, the cost of an issue must not grow with the day: the wait estimate learns each
 * category's window time per ticket from the day's served tickets (done or 过号, from the call
 * to the end). `number_counters.served` and `served_ms` keep their count and their summed time per
 * (hall, category, day), changed in the same transaction as every change of a ticket's status,
 * as `waiting` is (migration 018); before, every issue and call summed them over the day's tickets.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('number_counters').addColumn('served', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('number_counters').addColumn('served_ms', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  const served = (eb: any) =>
    eb
      .selectFrom('tickets')
      .whereRef('tickets.hall_id', '=', 'number_counters.hall_id')
      .whereRef('tickets.category_id', '=', 'number_counters.category_id')
      .whereRef('tickets.service_day', '=', 'number_counters.service_day')
      .where('tickets.status', 'in', ['done', 'no_show'])
      .where('tickets.called_at', 'is not', null);
  await db
    .updateTable('number_counters')
    .set((eb) => ({
      served: served(eb).select((t: any) => t.fn.countAll().as('n')),
      served_ms: served(eb).select((t: any) => t.fn.coalesce(t.fn.sum(t('tickets.finished_at', '-', t.ref('tickets.called_at'))), t.lit(0)).as('ms')),
    }))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('number_counters').dropColumn('served_ms').execute();
  await db.schema.alterTable('number_counters').dropColumn('served').execute();
}
