import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, ManualClock, startServer, type TestServer } from '../helpers/server.ts';
import { describeSqliteOnly } from '../helpers/pg.ts';

describeSqliteOnly('it copies the SQLite file; PostgreSQL is backed up with pg_dump', 'daily backup', () => {
  let s: TestServer;
  const clock = new ManualClock(Date.parse('2026-11-23T09:00:00+08:00'));
  beforeAll(async () => {
    s = await startServer({ clock });
  });
  afterAll(() => s.close());

  it('copies the live database once a day and keeps the newest copies', async () => {
    const t = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body;
    const dir = path.join(s.dataDir, 'backups');
    const first = await s.app.dailyBackup();
    expect(first).toBe(path.join(dir, 'hallq-2026-11-23.sqlite'));
    expect(await s.app.dailyBackup()).toBeNull(); // today's exists
    const copy = new Database(first!, { readonly: true });
    expect(copy.prepare('select number from tickets where id = ?').get(t.id)).toEqual({ number: 'A001' });
    copy.close();

    // Fifteen older days on disk: after tomorrow's copy only the newest 14 remain.
    for (let d = 1; d <= 15; d++) fs.writeFileSync(path.join(dir, `hallq-2026-10-${String(d).padStart(2, '0')}.sqlite`), '');
    clock.set('2026-11-24T01:00:00+08:00');
    expect(await s.app.dailyBackup()).toBe(path.join(dir, 'hallq-2026-11-24.sqlite'));
    const left = fs.readdirSync(dir).sort();
    expect(left).toHaveLength(14);
    expect(left.at(-1)).toBe('hallq-2026-11-24.sqlite');
    expect(left[0]).toBe('hallq-2026-10-04.sqlite');
  });
});
