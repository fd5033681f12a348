import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { PRIVATE_DIR, PRIVATE_FILE } from './storage.ts';

/** An online copy of the SQLite database: consistent while the server keeps writing (WAL). */
export async function backupSqlite(file: string, dest: string): Promise<void> {
  fs.mkdirSync(path.dirname(dest), { recursive: true, mode: PRIVATE_DIR });
  // Created first, readable by this user only: SQLite keeps the mode of a file it opens.
  fs.closeSync(fs.openSync(dest, 'w', PRIVATE_FILE));
  fs.chmodSync(dest, PRIVATE_FILE);
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    await db.backup(dest);
  } finally {
    db.close();
  }
  // A copy is one self-contained file: no -wal/-shm companions when it is opened later.
  const copy = new SQLite(dest);
  copy.pragma('journal_mode = DELETE');
  copy.close();
}

/** Keeps the newest `keep` daily copies (hallq-YYYY-MM-DD.sqlite) in the folder. */
export function pruneBackups(dir: string, keep: number): string[] {
  if (!fs.existsSync(dir)) return [];
  const daily = fs.readdirSync(dir).filter((f) => /^hallq-\d{4}-\d{2}-\d{2}\.sqlite$/.test(f)).sort();
  const old = daily.slice(0, Math.max(0, daily.length - keep));
  for (const f of old) fs.rmSync(path.join(dir, f));
  return old;
}
