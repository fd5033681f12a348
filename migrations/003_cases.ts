// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('halls').addColumn('calendar', 'text', (c) => c.notNull().defaultTo('{"holidays":[],"workdays":[]}')).execute();
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_no', 'text', (c) => c.notNull().unique())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('ticket_id', 'text')
    .addColumn('window_id', 'text', (c) => c.notNull())
    .addColumn('clerk_id', 'text')
    .addColumn('applicant_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('id_hash', 'text')
    .addColumn('id_last4', 'text')
    .addColumn('missing', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('missing_deadline', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'bigint', (c) => c.notNull())
    .addColumn('promised_date', 'text', (c) => c.notNull())
    .addColumn('pickup_code', 'text', (c) => c.notNull().unique())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_hall_status').on('cases').columns(['hall_id', 'status', 'promised_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cases').execute();
}
