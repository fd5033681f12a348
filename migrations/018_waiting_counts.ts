// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/**
 * Issue 8, the cost of an issue or a call must not grow with the queue:
 * - `number_counters.waiting`: the tickets of a (hall, category, day) now waiting, kept in the
 *   same transaction as every change of a ticket's status, so the queue counts a display, an
 *   issue and a wait estimate show are read from one row instead of counted over the queue;
 * - `tickets_waiting_order`: the waiting queue in call order, sent-to-window tickets first, then
 *   per category the privileged ones (priority, appointments) apart from the plain ones in
 *   arrival order. Every read of a call-next (sent to the window, privileged, each category's
 *   head) and of the people ahead is a seek into it; it replaces 012's index;
 * - `tickets_day_order`: the day's last sort key (every issue takes the next) without a scan.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('number_counters').addColumn('waiting', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db
    .updateTable('number_counters')
    .set((eb) => ({
      waiting: eb
        .selectFrom('tickets')
        .select((t) => t.fn.countAll().as('n'))
        .whereRef('tickets.hall_id', '=', 'number_counters.hall_id')
        .whereRef('tickets.category_id', '=', 'number_counters.category_id')
        .whereRef('tickets.service_day', '=', 'number_counters.service_day')
        .where('tickets.status', '=', 'waiting'),
    }))
    .execute();
  await db.schema.dropIndex('tickets_queue_order').execute();
  await db.schema
    .createIndex('tickets_waiting_order')
    .on('tickets')
    .columns(['hall_id', 'service_day', 'status', 'target_window_id', 'category_id', 'priority', 'appointment_slot_start', 'sort_key'])
    .execute();
  await db.schema.createIndex('tickets_day_order').on('tickets').columns(['hall_id', 'service_day', 'sort_key']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_day_order').execute();
  await db.schema.dropIndex('tickets_waiting_order').execute();
  await db.schema.createIndex('tickets_queue_order').on('tickets').columns(['hall_id', 'service_day', 'status', 'category_id', 'sort_key']).execute();
  await db.schema.alterTable('number_counters').dropColumn('waiting').execute();
}
