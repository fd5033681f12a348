import fs from 'node:fs';
import path from 'node:path';

/** The data folder on disk: its free space, a full disk told apart from other faults, its file modes. */

/**
 * Codes that mean "no room left" whoever wrote: SQLite, a file write (spool, backup, key), a
 * disk quota, PostgreSQL's disk_full (53100).
 */
const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', '53100']);

export interface FreeSpace {
  freeBytes: number;
  totalBytes: number;
}

export function freeSpace(dir: string): FreeSpace | null {
  try {
    const s = fs.statfsSync(dir);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return null;
  }
}

/** Below 64 MB free (5 % of a disk smaller than 1.3 GB) a hall is about to stop issuing numbers. */
export function isLow(space: FreeSpace): boolean {
  return space.freeBytes < Math.min(64 * 2 ** 20, space.totalBytes * 0.05);
}

/**
 * Whether `err` is the disk being full. SQLite reports a full disk as SQLITE_FULL on most
 * writes, but as an I/O error (SQLITE_IOERR_WRITE, _SHMSIZE, _FSYNC ...) on some; such an error
 * counts as "full" only while the data folder's file system really is out of space.
 */
export function isStorageFull(err: unknown, dataDir: string): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  if (FULL_CODES.has(code)) return true;
  if (!code.startsWith('SQLITE_IOERR')) return false;
  const space = freeSpace(dataDir);
  return space !== null && isLow(space);
}

export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/**
 * The data folder holds the citizens' records, the key of their ID-number hashes and the
 * backups: only the server's own user may read them. Tightens what an older version (or a
 * copy made by hand) left readable to others; files that do not exist are skipped. Returns
 * what it was not allowed to tighten (another owner, a read-only disk): a warning, not a reason
 * to leave a hall without its queue.
 */
export function makePrivate(dataDir: string, files: readonly string[]): string[] {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR });
  const backups = path.join(dataDir, 'backups');
  const all: Array<[string, number]> = [[dataDir, PRIVATE_DIR], ...files.map((f): [string, number] => [f, PRIVATE_FILE]), [path.join(dataDir, 'secret.key'), PRIVATE_FILE]];
  if (fs.existsSync(backups)) {
    all.push([backups, PRIVATE_DIR]);
    for (const f of fs.readdirSync(backups)) all.push([path.join(backups, f), PRIVATE_FILE]);
  }
  const refused: string[] = [];
  for (const [f, mode] of all) {
    try {
      if ((fs.statSync(f).mode & 0o777) !== mode) fs.chmodSync(f, mode);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPERM' || code === 'EACCES' || code === 'EROFS') refused.push(`${f} (${code})`);
      else if (code !== 'ENOENT') throw err;
    }
  }
  return refused;
}
