// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/**
 * Issue 11, a voice that always speaks, and notifications.
 * - `halls.voice`: JSON voice settings (volume, repeat, chime, prefer recorded clips).
 * - `devices.sound_state` / `sound_reported_at`: what a display last said it can do with sound
 *   (browser voice, clips, blocked by autoplay, nothing), for the manager's device list.
 * - `webhooks`: a hall's receivers (URL, signing secret, chosen events).
 * - `webhook_outbox`: one row per event and receiver, written in the transaction that caused the
 *   event and delivered after commit with retries; it is also the delivery log.
 * - `webhook_attempts`: every try of a delivery, with the receiver's status or the error.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('halls').addColumn('voice', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('devices').addColumn('sound_state', 'text').execute();
  await db.schema.alterTable('devices').addColumn('sound_reported_at', 'bigint').execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    // JSON string[] of event names.
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_hall').on('webhooks').column('hall_id').execute();

  await db.schema
    .createTable('webhook_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    // The JSON body exactly as signed and sent.
    .addColumn('body', 'text', (c) => c.notNull())
    // pending, delivered, failed (gave up after the last retry).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    // Events raised by a sweep (appointment tomorrow) carry a key, so a second sweep queues nothing.
    .addColumn('dedupe_key', 'text')
    .execute();
  await db.schema.createIndex('webhook_outbox_dedupe').on('webhook_outbox').columns(['webhook_id', 'dedupe_key']).unique().execute();
  await db.schema.createIndex('webhook_outbox_due').on('webhook_outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('webhook_outbox_hall').on('webhook_outbox').columns(['hall_id', 'created_at']).execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('outbox_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_attempts_outbox').on('webhook_attempts').column('outbox_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_attempts').execute();
  await db.schema.dropTable('webhook_outbox').execute();
  await db.schema.dropTable('webhooks').execute();
  await db.schema.alterTable('devices').dropColumn('sound_reported_at').execute();
  await db.schema.alterTable('devices').dropColumn('sound_state').execute();
  await db.schema.alterTable('halls').dropColumn('voice').execute();
}
