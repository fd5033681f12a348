// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/** 综窗出件: a pickup ticket taken with the slip's code points at its case. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('case_id', 'text').execute();
  await db.schema.createIndex('tickets_case').on('tickets').column('case_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_case').execute();
  await db.schema.alterTable('tickets').dropColumn('case_id').execute();
}
