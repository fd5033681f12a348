// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ratings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('ticket_id', 'text', (c) => c.notNull().unique().references('tickets.id'))
    .addColumn('window_id', 'text')
    .addColumn('staff_id', 'text')
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('comment', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('follow_up_status', 'text', (c) => c.notNull())
    .addColumn('follow_up_due', 'text')
    .addColumn('follow_up_result', 'text')
    .addColumn('follow_up_by', 'text')
    .addColumn('followed_up_at', 'bigint')
    .execute();
  await db.schema.createIndex('ratings_hall_follow_up').on('ratings').columns(['hall_id', 'follow_up_status', 'follow_up_due']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ratings').execute();
}
