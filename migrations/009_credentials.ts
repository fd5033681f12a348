// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/**
 * Credentials and keys (issue 6):
 * - an Idempotency-Key remembers a fingerprint of the request it answered, so the same key on a
 *   different request is refused instead of replaying someone else's answer; keys are purged by age;
 * - a device's one-time enrolment token (what a kiosk link carries) and the long-lived credentials
 *   it is traded for, kept apart from the device's own token (which agents use on the command line).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').addColumn('fingerprint', 'text').execute();
  await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();

  await db.schema
    .createTable('device_credentials')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    // 'enrol': one-time, traded at POST /api/devices/session; 'session': what a page keeps.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('device_credentials_device').on('device_credentials').column('device_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('device_credentials').execute();
  await db.schema.dropIndex('idempotency_keys_created').execute();
  await db.schema.alterTable('idempotency_keys').dropColumn('fingerprint').execute();
}
