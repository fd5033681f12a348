// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/**
 * Names in each language: a category's and a matter's name in 繁體 and in English, both optional
 * (the pages fall back to the Chinese name; 繁體 converts from it when not given).
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['categories', 'matters']) {
    await db.schema.alterTable(table).addColumn('name_zh_tw', 'text').execute();
    await db.schema.alterTable(table).addColumn('name_en', 'text').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['categories', 'matters']) {
    await db.schema.alterTable(table).dropColumn('name_en').execute();
    await db.schema.alterTable(table).dropColumn('name_zh_tw').execute();
  }
}
