// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/**
 * The public ticket id is not a key: the phone page, leaving the queue and the rating need a
 * random secret printed in the ticket's QR. Only its sha256 is kept. Tickets issued before this
 * migration have none, so their printed QRs no longer open the phone page or rate.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('key_hash', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').dropColumn('key_hash').execute();
}
