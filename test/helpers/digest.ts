import crypto from 'node:crypto';
import type { Kysely } from 'kysely';

const SKIP = new Set(['kysely_migration', 'kysely_migration_lock', 'socket_io_attachments']);

/**
 * Every table's rows, one hash a table, on SQLite and PostgreSQL alike (Kysely's introspection,
 * rows sorted as text so the order a dialect returns them in does not count): "changes nothing"
 * means this is the same before and after. `skip` leaves out tables a refused request may still
 * touch by design (sessions, when the test logs in between).
 */
export async function dbDigest(db: Kysely<any>, skip: string[] = []): Promise<Record<string, string>> {
  const tables = (await db.introspection.getTables()).map((t) => t.name).filter((n) => !SKIP.has(n) && !skip.includes(n)).sort();
  const out: Record<string, string> = {};
  for (const name of tables) {
    const rows = await db.selectFrom(name).selectAll().execute();
    const lines = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v))).sort();
    out[name] = crypto.createHash('sha256').update(lines.join('\n')).digest('hex');
  }
  return out;
}
