import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import { api, DEMO_PASSWORD, startServer, tempDataDir } from '../helpers/server.ts';
import { describeSqliteOnly } from '../helpers/pg.ts';

// Measured before the fix: a 0-byte database was re-migrated and seeded with a new demo hall
// over the lost data (health 200); a corrupted `tickets` page started with health 200 while
// every issue answered 500.

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const mode = (file: string) => fs.statSync(file).mode & 0o777;

/** Every file of the folder with its size and hash: "the data is untouched" means this is equal. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = `${fs.statSync(p).size}:${sha256(p)}`;
    }
  };
  walk(dir);
  return out;
}

/** What `hallq start` builds, on a given folder (not listening: the start is what is tested). */
function boot(dataDir: string) {
  const config = readConfig({ HALLQ_DATA: dataDir, HALLQ_DEMO_PASSWORD: DEMO_PASSWORD, HALLQ_RATE_LIMIT: '0', HALLQ_SERVE_UI: '0' }, { port: 0, host: '127.0.0.1' });
  return buildApp(config, { logger: false, dayEndIntervalMs: 0, backupIntervalMs: 0, spool: { pollStatusMs: 0 } });
}

const refusal = async (dataDir: string): Promise<Error> => {
  const app = await boot(dataDir).catch((err: Error) => err);
  if (!(app instanceof Error)) {
    await app.close();
    throw new Error('the start was not refused');
  }
  return app;
};

/** A hall's folder after some work: the demo hall, `n` tickets, today's backup; closed cleanly. */
async function usedFolder(n: number) {
  const s = await startServer();
  const ids: string[] = [];
  const categories = ['cat_A', 'cat_D', 'cat_E', 'cat_F'];
  for (let i = 0; i < n; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, n - i) }, (_, k) => api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: categories[(i + k) % categories.length] })),
    );
    for (const r of batch) {
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
  }
  const backup = await s.app.dailyBackup();
  await s.close();
  return { dataDir: s.dataDir, db: path.join(s.dataDir, 'hallq.sqlite'), ids, backup: backup! };
}

/** Overwrites one leaf page of the `tickets` table in the middle of the file, as a bad sector would. */
function corruptTicketsPage(file: string): number {
  const db = new SQLite(file, { readonly: true });
  const pages = db.prepare("SELECT pageno FROM dbstat WHERE name = 'tickets' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  expect(pages.length).toBeGreaterThan(4);
  const victim = pages[Math.floor(pages.length / 2)]!;
  const junk = Buffer.from(Array.from({ length: pageSize }, (_, i) => (i * 131 + 7) & 0xff));
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, junk, 0, pageSize, (victim - 1) * pageSize);
  fs.closeSync(fd);
  return victim;
}

describeSqliteOnly('these are the checks of the SQLite file and its data folder; PostgreSQL keeps its own', 'start-up never trades data for a fresh demo', () => {
  it('seeds the demo hall into a new folder only; a restart keeps the data and seeds nothing', async () => {
    const first = await startServer();
    // The demo county: the county centre `demo`, two town centres, three village stations.
    const seeded = (await api(first.url, 'GET', '/api/halls')).body.map((h: { id: string }) => h.id);
    expect([seeded[0], seeded.length]).toEqual(['demo', 6]);
    expect(fs.existsSync(path.join(first.dataDir, 'hallq.initialized'))).toBe(true);
    const ticket = await api(first.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
    await first.close();

    const again = await startServer({ dataDir: first.dataDir });
    expect((await api(again.url, 'GET', '/api/halls')).body.map((h: { id: string }) => h.id)).toEqual(seeded);
    expect((await api(again.url, 'GET', `/api/tickets/${ticket.body.id}`, undefined, { 'x-ticket-key': ticket.body.key })).body).toMatchObject({ number: 'A001', status: 'waiting' });
    expect((await api(again.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body.number).toBe('A002');
    await again.close();

    // A real hall started without the demo and not yet set up: a later default start adds no demo to it.
    const real = await startServer({ empty: true });
    await real.close();
    const restarted = await startServer({ dataDir: real.dataDir });
    expect((await api(restarted.url, 'GET', '/api/halls')).body).toEqual([]);
    await restarted.close();
  });

  it('refuses a zero-length database, naming it and the newest backup, and changes nothing', async () => {
    const f = await usedFolder(20);
    fs.truncateSync(f.db, 0);
    // A newer copy that is itself broken is not the one offered.
    const broken = path.join(f.dataDir, 'backups', 'hallq-manual.sqlite');
    fs.writeFileSync(broken, 'not a database', { mode: 0o600 });
    fs.utimesSync(broken, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    const before = snapshot(f.dataDir);
    const err = await refusal(f.dataDir);
    expect(err.name).toBe('StartupRefused');
    expect(err.message).toContain(`${f.db} is empty (0 bytes)`);
    expect(err.message).toContain('Newer copies fail the same checks: hallq-manual.sqlite.');
    expect(err.message).toContain(`The newest sound backup is ${f.backup}`);
    expect(err.message).toContain(`cp ${f.backup} ${f.db}`);
    expect(err.message).toContain('"Operations" in README.md');
    expect(snapshot(f.dataDir)).toEqual(before);

    // The backup it names holds the lost tickets.
    const copy = new SQLite(f.backup, { readonly: true });
    expect(copy.prepare('SELECT count(*) FROM tickets').pluck().get()).toBe(20);
    copy.close();
  });

  it('refuses a zero-length or foreign file even in a folder that has nothing else', async () => {
    const dataDir = tempDataDir();
    fs.writeFileSync(path.join(dataDir, 'hallq.sqlite'), '');
    const err = await refusal(dataDir);
    expect(err.message).toContain('is empty (0 bytes)');
    expect(err.message).toContain('There is no backup in');
    expect(fs.readdirSync(dataDir)).toEqual(['hallq.sqlite']);

    fs.writeFileSync(path.join(dataDir, 'hallq.sqlite'), Buffer.alloc(8192, 'x'));
    expect((await refusal(dataDir)).message).toContain('hallq.sqlite is not an SQLite database (its header is wrong)');
    expect(fs.readFileSync(path.join(dataDir, 'hallq.sqlite'))).toEqual(Buffer.alloc(8192, 'x'));
  });

  it('refuses a truncated database', async () => {
    const f = await usedFolder(200);
    const size = fs.statSync(f.db).size;
    fs.truncateSync(f.db, Math.floor(size / 2 / 4096) * 4096);
    const before = snapshot(f.dataDir);
    expect((await refusal(f.dataDir)).message).toMatch(/is truncated \(\d+ bytes, its header says \d+ bytes\)/);
    expect(snapshot(f.dataDir)).toEqual(before);
  });

  it('refuses a database whose tickets page is corrupted, leaving its bytes untouched', { timeout: 60_000 }, async () => {
    const f = await usedFolder(300);
    corruptTicketsPage(f.db);
    const bytes = sha256(f.db);
    const size = fs.statSync(f.db).size;
    const err = await refusal(f.dataDir);
    expect(err.message).toContain(`${f.db} fails PRAGMA quick_check`);
    expect(err.message).toContain(f.backup);
    expect(sha256(f.db)).toBe(bytes);
    expect(fs.statSync(f.db).size).toBe(size);
    expect(fs.existsSync(`${f.db}-wal`) ? fs.statSync(`${f.db}-wal`).size : 0).toBe(0);
  });

  it('refuses a folder that held a database when the database file is gone', async () => {
    const f = await usedFolder(5);
    fs.rmSync(f.db);
    const err = await refusal(f.dataDir);
    expect(err.message).toContain(`${f.db} is missing, but this data folder has held one`);
    expect(err.message).toContain('hallq.initialized');
    expect(fs.existsSync(f.db)).toBe(false);
  });

  it('hallq start exits non-zero with the message and never serves', { timeout: 60_000 }, async () => {
    const f = await usedFolder(3);
    fs.truncateSync(f.db, 0);
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const child = spawn(process.execPath, [path.resolve('bin/hallq.mjs'), 'start'], {
      env: { ...process.env, HALLQ_DATA: f.dataDir, PORT: String(port), HOST: '127.0.0.1', HALLQ_SKIP_BUILD: '1', HALLQ_SERVE_UI: '0', LOG_LEVEL: 'info' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // A start that is not refused would serve on: it is stopped, and the test fails on its output.
    const served = new Promise<'served'>((resolve) => child.stdout.on('data', () => /Server listening|demo hall seeded/.test(out) && resolve('served')));
    const code = await Promise.race([exited, served]).finally(() => child.kill('SIGKILL'));
    expect(code).toBe(1);
    expect(out).toContain(`hallq start: refusing to start: the database ${f.db} is empty (0 bytes)`);
    expect(out).toContain(f.backup);
    expect(out).not.toContain('demo hall seeded');
    expect(await fetch(`http://127.0.0.1:${port}/api/health`).then(() => 'served', () => 'refused')).toBe('refused');
    expect(fs.statSync(f.db).size).toBe(0);

    // `hallq migrate` would otherwise turn the empty file into an empty hallq database.
    const migrate = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const m = spawn(process.execPath, [path.resolve('bin/hallq.mjs'), 'migrate'], { env: { ...process.env, HALLQ_DATA: f.dataDir } });
      let err = '';
      m.stderr.on('data', (d) => (err += d));
      m.once('exit', (code) => resolve({ code, err }));
    });
    expect(migrate.code).toBe(1);
    expect(migrate.err).toContain(`hallq migrate: refusing to start: the database ${f.db} is empty (0 bytes)`);
    expect(fs.statSync(f.db).size).toBe(0);
  });

  it('keeps a daily backup of a database gone bad aside: it never counts as a backup', { timeout: 60_000 }, async () => {
    const s = await startServer();
    await Promise.all(Array.from({ length: 300 }, () => api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })));
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(s.app.db);
    const db = path.join(s.dataDir, 'hallq.sqlite');
    fs.mkdirSync(path.join(s.dataDir, 'backups'));
    const older = path.join(s.dataDir, 'backups', 'hallq-2020-01-01.sqlite');
    fs.copyFileSync(db, older);
    corruptTicketsPage(db);
    expect(await s.app.dailyBackup()).toBeNull();
    const kept = fs.readdirSync(path.join(s.dataDir, 'backups')).sort();
    expect(kept).toHaveLength(2);
    expect(kept[0]).toBe('hallq-2020-01-01.sqlite');
    expect(kept[1]).toMatch(/^hallq-\d{4}-\d{2}-\d{2}\.sqlite\.damaged$/);
    await s.close();
    // The next start refuses the damaged database and offers the good copy, not the damaged one.
    const err = await refusal(s.dataDir);
    expect(err.message).toContain(`The newest backup is ${older}`);
  });

  it('keeps the database, its WAL and SHM, backups and the key readable by this user only', async () => {
    const s = await startServer();
    const db = path.join(s.dataDir, 'hallq.sqlite');
    await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
    const backup = (await s.app.dailyBackup())!;
    const files = [db, `${db}-wal`, `${db}-shm`, path.join(s.dataDir, 'secret.key'), path.join(s.dataDir, 'hallq.initialized'), path.join(s.dataDir, 'demo-hall.txt'), backup];
    expect(Object.fromEntries(files.map((f) => [path.basename(f), mode(f).toString(8)]))).toEqual(Object.fromEntries(files.map((f) => [path.basename(f), '600'])));
    expect(mode(s.dataDir)).toBe(0o700);
    expect(mode(path.join(s.dataDir, 'backups'))).toBe(0o700);
    await s.close();

    // What an older version or a copy by hand left readable to others is tightened at start.
    for (const f of [db, path.join(s.dataDir, 'secret.key'), backup]) fs.chmodSync(f, 0o644);
    fs.chmodSync(s.dataDir, 0o755);
    fs.chmodSync(path.join(s.dataDir, 'backups'), 0o755);
    const again = await startServer({ dataDir: s.dataDir });
    for (const f of [db, `${db}-wal`, `${db}-shm`, path.join(s.dataDir, 'secret.key'), backup]) expect(mode(f).toString(8)).toBe('600');
    expect(mode(s.dataDir)).toBe(0o700);
    expect(mode(path.join(s.dataDir, 'backups'))).toBe(0o700);
    await again.close();
  });
});
