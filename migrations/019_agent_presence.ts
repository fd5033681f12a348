// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/**
 * Device agents as every instance sees them (issue 9): the socket that holds each agent now
 * (`conn_id`, null when none does), when it was last heard (written throttled, ms), its printer
 * and HID devices (JSON text), and since when it is silent (the leader raised the alert once).
 * Kept in the database so managers on any instance see the same list and the silence check runs
 * once per cluster.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agent_presence')
    .addColumn('device_id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text')
    .addColumn('conn_id', 'text')
    .addColumn('last_heard_at', 'bigint', (c) => c.notNull())
    .addColumn('printer_state', 'text')
    .addColumn('devices', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('silent_since', 'bigint')
    .execute();
  await db.schema.createIndex('agent_presence_hall').on('agent_presence').columns(['hall_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('agent_presence').execute();
}
