// Frozen: never edit a migration that has shipped; add a new one.
import type { Kysely } from 'kysely';

/**
 * The fingerprint (never the key) of the secret the ID-number hashes were made with. The key stays
 * in `secret.key` beside the data, out of the database and its backups; the fingerprint lets a
 * start-up refuse a key that differs from the one the stored hashes were made with: a second
 * PostgreSQL instance with its own key, or a restored database without its key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('key_fingerprints')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('key_fingerprints').execute();
}
