// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/**
 * Halls as a network: the region tree (市 > 县 > 乡镇 > 村), each hall's region, level and short code
 * (printed in its case numbers so they are unique across halls), staff scoped to a region,
 * 下沉事项 (which lower levels or halls also offer a matter), and the 三级代办 proxy-case ledger.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('regions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('regions.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('regions_parent').on('regions').column('parent_id').execute();

  await db.schema.alterTable('halls').addColumn('region_id', 'text').execute();
  await db.schema.alterTable('halls').addColumn('level', 'text', (c) => c.notNull().defaultTo('county')).execute();
  await db.schema.alterTable('halls').addColumn('code', 'text').execute();
  // Existing halls get a code from their id (DEMO for demo); a clash takes a number.
  const taken = new Set<string>();
  for (const h of await db.selectFrom('halls').select('id').orderBy('created_at').execute()) {
    const base = String(h.id).toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 6) || 'H';
    let code = base;
    for (let i = 2; taken.has(code); i++) code = `${base.slice(0, 5)}${i}`;
    taken.add(code);
    await db.updateTable('halls').set({ code }).where('id', '=', h.id).execute();
  }
  await db.schema.createIndex('halls_code').on('halls').column('code').unique().execute();
  await db.schema.createIndex('halls_region').on('halls').column('region_id').execute();

  await db.schema.alterTable('staff').addColumn('region_id', 'text').execute();

  // JSON string[]: hall levels (town, village) and hall ids below the owning hall that also offer the matter.
  await db.schema.alterTable('matters').addColumn('offered_levels', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('matters').addColumn('offered_halls', 'text', (c) => c.notNull().defaultTo('[]')).execute();

  await db.schema
    .createTable('proxy_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proxy_no', 'text', (c) => c.notNull().unique())
    .addColumn('origin_hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('matter_id', 'text', (c) => c.notNull().references('matters.id'))
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('phone_last4', 'text')
    .addColumn('id_hash', 'text')
    .addColumn('id_last4', 'text')
    .addColumn('materials', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('case_no', 'text')
    .addColumn('promised_date', 'text')
    .addColumn('due_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('proxy_cases_hall').on('proxy_cases').columns(['hall_id', 'status']).execute();
  await db.schema.createIndex('proxy_cases_origin').on('proxy_cases').columns(['origin_hall_id', 'status']).execute();
  await db.schema
    .createTable('proxy_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proxy_case_id', 'text', (c) => c.notNull().references('proxy_cases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('by_staff_id', 'text')
    .addColumn('due_at', 'bigint')
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('proxy_steps_case_seq', ['proxy_case_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('proxy_steps').execute();
  await db.schema.dropTable('proxy_cases').execute();
  await db.schema.dropIndex('halls_region').execute();
  await db.schema.dropIndex('halls_code').execute();
  for (const col of ['region_id', 'level', 'code']) await db.schema.alterTable('halls').dropColumn(col).execute();
  await db.schema.alterTable('staff').dropColumn('region_id').execute();
  for (const col of ['offered_levels', 'offered_halls']) await db.schema.alterTable('matters').dropColumn(col).execute();
  await db.schema.dropTable('regions').execute();
}
