import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './index.ts';
import { StartupRefused } from './integrity.ts';
import { PRIVATE_DIR, PRIVATE_FILE } from './storage.ts';

const KEY_BYTES = 32;


/**
 * The ID-hash key in `<data>/secret.key`, made on first start. Made atomically: written whole to
 * a private temp file, then linked into place, so two instances starting together on one folder
 * both end with the one key that won, never a half-written file.
 */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secret.key');
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR });
  if (!fs.existsSync(file)) {
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, crypto.randomBytes(KEY_BYTES).toString('base64'), { mode: PRIVATE_FILE, flag: 'wx' });
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new StartupRefused(`${file} is not a hallq key (${KEY_BYTES} bytes in base64): restore it from where the backups are kept`);
  return key;
}

const fingerprint = (key: Buffer) => crypto.createHmac('sha256', key).update('hallq id-hash key fingerprint').digest('hex').slice(0, 32);

/**
 * The first start records the key's fingerprint; every later start, by any instance, must bring
 * the same key, or the ID numbers it hashes would never match the stored ones.
 */
export async function checkKeyFingerprint(db: Database, key: Buffer, file: string, now: number): Promise<void> {
  const mine = fingerprint(key);
  await db.insertInto('key_fingerprints').values({ name: 'id_hash', fingerprint: mine, created_at: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const kept = await db.selectFrom('key_fingerprints').select('fingerprint').where('name', '=', 'id_hash').executeTakeFirstOrThrow();
  if (kept.fingerprint !== mine) {
    throw new StartupRefused(
      `${file} is not the key this database's ID-number hashes were made with. ` +
        'Every instance on one database needs the same secret.key (copy it from the first instance), and a restored database needs the key it was made with. See "Operations" in README.md.',
    );
  }
}
