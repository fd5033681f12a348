// Frozen: never edit a migration that has shipped; add a new one.
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

/*
 * Portable since PostgreSQL support: on SQLite every statement is exactly what it was when this
 * migration shipped (existing databases stay valid); PostgreSQL gets its own spelling of the three
 * things SQLite spells its own way: auto ids, the append-only trigger, and (in 002) blobs.
 */
const onPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;
const autoId = (db: Kysely<any>) => (c: ColumnDefinitionBuilder) =>
  onPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
const idType = (db: Kysely<any>) => (onPostgres(db) ? 'bigint' : 'integer');

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('halls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('print_settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('event_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('departments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('daily_quota', 'integer')
    .addColumn('periods', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('avg_service_minutes', 'real', (c) => c.notNull().defaultTo(8))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('categories_hall_prefix', ['hall_id', 'prefix'])
    .execute();

  await db.schema
    .createTable('matters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('materials', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('promised_days', 'integer', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('staff')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.references('halls.id'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('staff_no', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('no', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('closed'))
    .addColumn('pause_reason', 'text')
    .addColumn('clerk_id', 'text', (c) => c.references('staff.id'))
    .addColumn('a_clerk_id', 'text', (c) => c.references('staff.id'))
    .addColumn('b_clerk_id', 'text', (c) => c.references('staff.id'))
    .addColumn('current_ticket_id', 'text')
    .addColumn('priority_streak', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status_changed_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('windows_hall_no', ['hall_id', 'no'])
    .execute();

  await db.schema
    .createTable('window_categories')
    .addColumn('window_id', 'text', (c) => c.notNull().references('windows.id'))
    .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('window_categories_pk', ['window_id', 'category_id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text', (c) => c.references('windows.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', idType(db), autoId(db))
    .addColumn('hall_id', 'text')
    .addColumn('staff_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('data', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
    .addColumn('service_day', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('priority', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('period_index', 'integer')
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('sort_key', 'double precision', (c) => c.notNull()) // ms with sub-ms steps: needs 64 bits (PostgreSQL's real is 32)
    .addColumn('target_window_id', 'text')
    .addColumn('window_id', 'text')
    .addColumn('called_at', 'bigint')
    .addColumn('first_called_at', 'bigint')
    .addColumn('serving_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('recall_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('id_hash', 'text')
    .addColumn('id_last4', 'text')
    .addColumn('phone_last4', 'text')
    .addColumn('matter_id', 'text')
    .addColumn('device_id', 'text')
    .addColumn('appointment_slot_start', 'bigint')
    .addColumn('closed_reason', 'text')
    // A number is unique per hall and service day (prefixes are unique per hall): the database
    // refuses a duplicate. Not per category: a ticket transferred to another category keeps its number.
    .addUniqueConstraint('tickets_number_per_day', ['hall_id', 'service_day', 'number'])
    .execute();
  await db.schema.createIndex('tickets_queue').on('tickets').columns(['hall_id', 'service_day', 'status', 'category_id']).execute();
  await db.schema.createIndex('tickets_id_hash').on('tickets').columns(['id_hash', 'category_id', 'status']).execute();

  await db.schema
    .createTable('ticket_events')
    .addColumn('id', idType(db), autoId(db))
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text')
    .addColumn('staff_id', 'text')
    .addColumn('data', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_events_ticket').on('ticket_events').column('ticket_id').execute();
  await db.schema.createIndex('ticket_events_hall_at').on('ticket_events').columns(['hall_id', 'at']).execute();
  // Append-only in the database itself, not only by convention.
  if (onPostgres(db)) {
    await sql`CREATE FUNCTION ticket_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'ticket_events is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events FOR EACH ROW EXECUTE FUNCTION ticket_events_append_only()`.execute(db);
    await sql`CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events FOR EACH ROW EXECUTE FUNCTION ticket_events_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END`.execute(db);
  }

  await db.schema
    .createTable('number_counters')
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('service_day', 'text', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('number_counters_pk', ['hall_id', 'category_id', 'service_day'])
    .execute();

  await db.schema
    .createTable('window_events')
    .addColumn('id', idType(db), autoId(db))
    .addColumn('window_id', 'text', (c) => c.notNull())
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('window_events_window_at').on('window_events').columns(['window_id', 'at']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['idempotency_keys', 'window_events', 'number_counters', 'ticket_events', 'tickets', 'audit_log', 'devices', 'sessions', 'window_categories', 'windows', 'staff', 'matters', 'categories', 'departments', 'halls']) {
    await db.schema.dropTable(t).execute();
  }
}
