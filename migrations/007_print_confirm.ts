// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/**
 * A print job counts the copies whose bytes may have reached the printer without its
 * confirmation: any copy after the first prints marked 补打.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('print_jobs').addColumn('copies_sent', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('print_jobs').dropColumn('copies_sent').execute();
}
