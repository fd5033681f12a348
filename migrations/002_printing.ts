// Frozen: never edit a migration that has shipped; add a new one.
import { type Kysely, PostgresAdapter } from 'kysely';

// Portable since PostgreSQL support: SQLite keeps its `blob` exactly as shipped; PostgreSQL's bytes are `bytea`.
const blobType = (db: Kysely<any>) => (db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob');

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('printer_uri', 'text').execute();
  await db.schema.alterTable('devices').addColumn('paper_width', 'integer', (c) => c.notNull().defaultTo(80)).execute();
  await db.schema.alterTable('windows').addColumn('printer_uri', 'text').execute();
  await db.schema.alterTable('windows').addColumn('paper_width', 'integer', (c) => c.notNull().defaultTo(80)).execute();

  await db.schema
    .createTable('print_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text')
    .addColumn('case_id', 'text')
    .addColumn('device_id', 'text')
    .addColumn('window_id', 'text')
    .addColumn('printer_uri', 'text', (c) => c.notNull())
    .addColumn('payload', blobType(db), (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('reprint_of', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('print_jobs_due').on('print_jobs').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('print_jobs_ticket').on('print_jobs').column('ticket_id').execute();

  await db.schema
    .createTable('printer_states')
    .addColumn('printer_uri', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('window_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('printer_states').execute();
  await db.schema.dropTable('print_jobs').execute();
}
