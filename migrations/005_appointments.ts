// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // JSON AppointmentSlot[]: the same slots every day; empty means no appointments for the category.
  await db.schema.alterTable('categories').addColumn('appointment_slots', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema
    .createTable('appointments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('slot_start', 'text', (c) => c.notNull())
    .addColumn('slot_end', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('id_hash', 'text')
    .addColumn('id_last4', 'text')
    .addColumn('phone_last4', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('checked_in_at', 'bigint')
    .addUniqueConstraint('appointments_hall_code', ['hall_id', 'code'])
    .execute();
  await db.schema.createIndex('appointments_slot').on('appointments').columns(['hall_id', 'category_id', 'day', 'slot_start']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('appointments').execute();
}
