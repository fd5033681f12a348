// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/**
 * The head of a category's queue in arrival order straight from an index (issue 8): a call-next
 * reads the earliest waiting ticket of each category it serves (ORDER BY sort_key LIMIT 1)
 * instead of the whole queue, so a call costs the same with 10 or 10,000 waiting.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('tickets_queue_order').on('tickets').columns(['hall_id', 'service_day', 'status', 'category_id', 'sort_key']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_queue_order').execute();
}
