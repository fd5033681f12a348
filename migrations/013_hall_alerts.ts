// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/**
 * The hall's oversight alerts (issue 10): 进厅不办事 (a window open but idle while its categories
 * have people waiting, a window closed in hall hours with its A and B clerks absent, a pause that
 * overruns) and 效能监察 on cases (one working day left, overdue). An alert is open while
 * `cleared_at` is null; cleared alerts stay as the record the monthly attendance review counts.
 * `staff_id` is whoever the alert is charged to (the window's clerk when it was raised).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hall_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text')
    .addColumn('staff_id', 'text')
    .addColumn('case_id', 'text')
    .addColumn('case_no', 'text')
    // JSON object with the figures that raised it (minutes idle, people waiting, pause reason…).
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('cleared_at', 'bigint')
    .execute();
  await db.schema.createIndex('hall_alerts_open').on('hall_alerts').columns(['hall_id', 'cleared_at']).execute();
  await db.schema.createIndex('hall_alerts_since').on('hall_alerts').columns(['hall_id', 'since']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('hall_alerts').execute();
}
