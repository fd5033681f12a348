// Frozen: never edit a migration that has shipped; add a new one.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const code = () => Array.from(crypto.randomBytes(8), (b) => ALPHABET[b % ALPHABET.length]).join('');

/**
 * A 代办 slip's follow code: the proxy number is sequential (LZ-DB202611190001, …0002), so the
 * number alone must not open a citizen's matter. The slip prints a random code beside it and its QR
 * carries it, as a case's pickup code does. Cases recorded before this get one now (their printed
 * slips lack it: staff reprint the slip from the ledger).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('proxy_cases').addColumn('follow_code', 'text').execute();
  for (const row of await db.selectFrom('proxy_cases').select('id').execute()) {
    await db.updateTable('proxy_cases').set({ follow_code: code() }).where('id', '=', row.id).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('proxy_cases').dropColumn('follow_code').execute();
}
