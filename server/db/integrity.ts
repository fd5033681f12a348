import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { PRIVATE_DIR, PRIVATE_FILE } from './storage.ts';

/**
 * SQLite only: what the data folder holds is checked before the database is opened, so that a
 * lost or damaged database stops the start instead of being migrated afresh and seeded with a
 * demo hall over the hall's records (measured: a 0-byte file did exactly that, health 200).
 * Nothing here writes to a database that fails a check.
 */

/** Written once the first start has migrated (and seeded): from then on the folder "has held a database". */
export const MARKER = 'hallq.initialized';
const SQLITE_HEADER = 'SQLite format 3\0';

export class StartupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupRefused';
  }
}

export interface FolderState {
  /** True until the first start completed: only then may the demo hall be seeded. */
  firstStart: boolean;
}

interface Backup {
  file: string;
  at: Date;
  bytes: number;
}

/** The copies in <dataDir>/backups (daily or `hallq backup`), newest first by modification time. */
function backups(dataDir: string): Backup[] {
  const dir = path.join(dataDir, 'backups');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^hallq-.*\.sqlite$/.test(f))
    .map((f) => {
      const st = fs.statSync(path.join(dir, f));
      return { file: path.join(dir, f), at: st.mtime, bytes: st.size };
    })
    .sort((a, b) => b.at.getTime() - a.at.getTime());
}

/** The newest copy that passes the same checks as the database, and the newer ones that do not. */
export function newestGoodBackup(dataDir: string): { good: Backup | null; damaged: string[] } {
  const damaged: string[] = [];
  for (const b of backups(dataDir)) {
    if (!damage(b.file)) return { good: b, damaged };
    damaged.push(path.basename(b.file));
  }
  return { good: null, damaged };
}

function refuse(sqliteFile: string, dataDir: string, problem: string): StartupRefused {
  const { good: backup, damaged } = newestGoodBackup(dataDir);
  const restore = backup
    ? [
        ...(damaged.length > 0 ? [`Newer copies fail the same checks: ${damaged.join(', ')}.`] : []),
        `The newest ${damaged.length > 0 ? 'sound ' : ''}backup is ${backup.file} (${backup.at.toISOString()}, ${backup.bytes} bytes).`,
        'To restore it, move the damaged files (with their -wal and -shm) aside and copy the backup in:',
        `  mkdir -p ${path.join(dataDir, 'damaged')} && mv ${sqliteFile}* ${path.join(dataDir, 'damaged')}/`,
        `  cp ${backup.file} ${sqliteFile}`,
      ]
    : [damaged.length > 0 ? `Every backup in ${path.join(dataDir, 'backups')} fails the same checks (${damaged.join(', ')}).` : `There is no backup in ${path.join(dataDir, 'backups')}.`];
  return new StartupRefused(
    [
      `refusing to start: the database ${sqliteFile} ${problem}.`,
      'Nothing was changed: hallq does not migrate or seed a demo hall over a lost database.',
      ...restore,
      'See "Operations" in README.md (restore a backup, what start-up refuses and why).',
    ].join('\n'),
  );
}

/** What says this folder once held a database, besides the database itself. */
function traces(dataDir: string, sqliteFile: string): string[] {
  const found = [MARKER, 'secret.key'].map((f) => path.join(dataDir, f)).filter((f) => fs.existsSync(f));
  if (fs.existsSync(`${sqliteFile}-wal`)) found.push(`${sqliteFile}-wal`);
  const newest = backups(dataDir)[0];
  if (newest) found.push(newest.file);
  return found;
}

/** Size and header checks that need no SQLite: an empty, truncated or foreign file. */
function checkFile(sqliteFile: string): string | null {
  const size = fs.statSync(sqliteFile).size;
  if (size === 0) return 'is empty (0 bytes)';
  const head = Buffer.alloc(100);
  const fd = fs.openSync(sqliteFile, 'r');
  try {
    fs.readSync(fd, head, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString('latin1', 0, 16) !== SQLITE_HEADER) return size < 100 ? `is truncated (${size} bytes)` : 'is not an SQLite database (its header is wrong)';
  // While a -wal file holds pages not yet copied back, the main file may lag behind its header.
  const walBytes = fs.existsSync(`${sqliteFile}-wal`) ? fs.statSync(`${sqliteFile}-wal`).size : 0;
  if (walBytes > 0) return null;
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = head.readUInt32BE(28);
  const pagesValid = head.readUInt32BE(92) === head.readUInt32BE(24);
  if (size % pageSize !== 0 || (pagesValid && size < pages * pageSize)) {
    return `is truncated (${size} bytes, its header says ${pagesValid ? pages * pageSize : `pages of ${pageSize}`} bytes)`;
  }
  return null;
}

/** PRAGMA quick_check on a read-only connection (which never checkpoints a -wal into the file). */
function quickCheck(sqliteFile: string): { problem: string | null; hallq: boolean } {
  const reason = (err: unknown) => {
    const e = err as Error & { code?: string };
    return `${e.code ? `${e.code}: ` : ''}${e.message}`;
  };
  let db: SQLite.Database;
  try {
    db = new SQLite(sqliteFile, { readonly: true, fileMustExist: true });
  } catch (err) {
    return { problem: `cannot be opened (${reason(err)})`, hallq: false };
  }
  try {
    // A damaged page either shows in the rows or makes the check itself fail (SQLITE_CORRUPT).
    const bad = (db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (bad.length > 0) return { problem: `fails PRAGMA quick_check (${bad.slice(0, 3).join('; ')}${bad.length > 3 ? `; ${bad.length - 3} more` : ''})`, hallq: false };
    const hallq = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get() !== undefined;
    return { problem: null, hallq };
  } catch (err) {
    return { problem: `fails PRAGMA quick_check (${reason(err)})`, hallq: false };
  } finally {
    db.close();
  }
}

/** What is wrong with an SQLite file (empty, truncated, foreign, failing quick_check), or null. */
export function damage(sqliteFile: string): string | null {
  return checkFile(sqliteFile) ?? quickCheck(sqliteFile).problem;
}

/**
 * Checks the data folder before the database is opened and refuses (throws StartupRefused) a
 * database that is missing from a folder that held one, empty, truncated, not a database or
 * failing quick_check. Then creates a missing database file readable by this user only: SQLite
 * gives its -wal and -shm the mode of the database file.
 */
export function prepareSqliteFolder(dataDir: string, sqliteFile: string): FolderState {
  const firstStart = !fs.existsSync(path.join(dataDir, MARKER));
  if (!fs.existsSync(sqliteFile)) {
    const found = traces(dataDir, sqliteFile);
    if (found.length > 0) throw refuse(sqliteFile, dataDir, `is missing, but this data folder has held one (${found.join(', ')})`);
  } else {
    const damaged = checkFile(sqliteFile);
    if (damaged) throw refuse(sqliteFile, dataDir, damaged);
    const { problem, hallq } = quickCheck(sqliteFile);
    if (problem) throw refuse(sqliteFile, dataDir, problem);
    if (!hallq && traces(dataDir, sqliteFile).length > 0) {
      throw refuse(sqliteFile, dataDir, 'holds no hallq tables, though this data folder has held a hallq database');
    }
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR });
  fs.closeSync(fs.openSync(sqliteFile, 'a', PRIVATE_FILE));
  return { firstStart };
}

/** The files of an SQLite database, for makePrivate. */
export const sqliteFiles = (sqliteFile: string, dataDir: string) => [
  sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`, `${sqliteFile}-journal`, path.join(dataDir, MARKER),
];

/** After the first start migrated (and seeded): the folder now counts as having held a database. */
export function markInitialized(dataDir: string, now: Date): void {
  const text = `hallq first started here on ${now.toISOString()}.\nWhile this file exists, hallq refuses to start without its database instead of creating a new one (README.md, "Operations").\n`;
  try {
    fs.writeFileSync(path.join(dataDir, MARKER), text, { mode: PRIVATE_FILE, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
