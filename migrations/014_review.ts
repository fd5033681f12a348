// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/**
 * 四位一体 monthly review (issue 10): 办不成事 complaints, 日常巡查 inspections, 电话回访 calls,
 * and the phone a citizen leaves on a ticket for the call-back (the ticket itself keeps only the
 * last four digits; this table is read only by the manager's 回访 list).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('complaints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    // kiosk | phone | window | callback
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text')
    // Whom it is charged to in the review: the window's clerk at the time, or whom the manager names.
    .addColumn('staff_id', 'text')
    .addColumn('phone', 'text')
    .addColumn('assigned_to', 'text')
    // open | answered
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    // 1: the complaint was founded and counts against the person charged; 0: not founded.
    .addColumn('upheld', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('answered_at', 'bigint')
    .addColumn('answered_by', 'text')
    .execute();
  await db.schema.createIndex('complaints_hall').on('complaints').columns(['hall_id', 'created_at']).execute();

  await db.schema
    .createTable('inspections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('window_id', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('inspector_id', 'text')
    // good | minor | serious
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inspections_hall').on('inspections').columns(['hall_id', 'at']).execute();

  await db.schema
    .createTable('ticket_phones')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  // One recorded call per sampled ticket; the id is the ticket's.
  await db.schema
    .createTable('callbacks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    // satisfied | problem | unreachable
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('complaint_id', 'text')
    .addColumn('called_by', 'text')
    .addColumn('called_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('callbacks_hall_day').on('callbacks').columns(['hall_id', 'day']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['callbacks', 'ticket_phones', 'inspections', 'complaints']) await db.schema.dropTable(t).execute();
}
