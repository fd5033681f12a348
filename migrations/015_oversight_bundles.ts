// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/**
 * 效能监察 and 高效办成一件事 (issue 10).
 * - A case's stage times: 接件 (the clerk took the materials: the ticket's serving time, else
 *   acceptance), 审核, 办结 and 取件; 受理 is `accepted_at` already. Null until reached.
 * - 一件事 bundles: a named set of matters across departments, queued under one category; a
 *   ticket and a case may name their bundle, and a bundle's case has one part per matter.
 * The 进厅不办事 thresholds and hall hours live in the hall's rules JSON (no column needed).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('received_at', 'bigint').execute();
  await db.schema.alterTable('cases').addColumn('in_review_at', 'bigint').execute();
  await db.schema.alterTable('cases').addColumn('decided_at', 'bigint').execute();
  await db.schema.alterTable('cases').addColumn('collected_at', 'bigint').execute();
  await db.schema.alterTable('cases').addColumn('bundle_id', 'text').execute();
  // Cases from before this migration: their 接件 was their acceptance.
  await db.updateTable('cases').set((eb: any) => ({ received_at: eb.ref('accepted_at') })).execute();

  await db.schema
    .createTable('bundles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON string[]: the matters, in the order the slip lists them.
    .addColumn('matter_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    // The queue its tickets join (a 综窗 category); null: the first matter's category.
    .addColumn('category_id', 'text', (c) => c.references('categories.id'))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bundles_hall').on('bundles').columns(['hall_id', 'sort_order']).execute();

  await db.schema
    .createTable('case_parts')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    // The department's name when accepted: the slip and the report keep what it was.
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('promised_date', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_parts_pk', ['case_id', 'seq'])
    .execute();

  await db.schema.alterTable('tickets').addColumn('bundle_id', 'text').execute();
  await db.schema.createIndex('cases_bundle').on('cases').columns(['hall_id', 'bundle_id']).execute();
  await db.schema.createIndex('hall_alerts_subject').on('hall_alerts').columns(['hall_id', 'kind', 'window_id', 'case_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('hall_alerts_subject').execute();
  await db.schema.dropIndex('cases_bundle').execute();
  await db.schema.alterTable('tickets').dropColumn('bundle_id').execute();
  await db.schema.dropTable('case_parts').execute();
  await db.schema.dropTable('bundles').execute();
  for (const c of ['bundle_id', 'collected_at', 'decided_at', 'in_review_at', 'received_at']) await db.schema.alterTable('cases').dropColumn(c).execute();
}
