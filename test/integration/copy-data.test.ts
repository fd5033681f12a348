import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ManualClock } from '../../server/clock.ts';
import { migrateToLatest, openDatabase } from '../../server/db/index.ts';
import { runInTransaction } from '../../server/db/unit-of-work.ts';
import { seedDemoHall } from '../../server/seed/seed.ts';
import { issueTicket } from '../../server/services/tickets.ts';
import { createTestDatabase, describePostgresOnly } from '../helpers/pg.ts';
import { api, startServer, tempDataDir } from '../helpers/server.ts';
import fs from 'node:fs';

const run = promisify(execFile);
const hallq = (args: string[]) =>
  run(process.execPath, [path.resolve('bin/hallq.mjs'), ...args]).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describePostgresOnly('it fills a PostgreSQL database', 'npx hallq copy-data', () => {
  it('moves a SQLite hall into an empty PostgreSQL database, checked by counts; the hall then carries on there', { timeout: 120_000 }, async () => {
    const dataDir = tempDataDir();
    const file = path.join(dataDir, 'hallq.sqlite');
    const lite = openDatabase({ sqliteFile: file });
    const ctx = { clock: new ManualClock(Date.now()), idHashKey: Buffer.alloc(32, 3), publicUrl: 'http://hallq.test' };
    await migrateToLatest(lite);
    await seedDemoHall(lite, ctx, 'pw-12345678');
    for (let i = 0; i < 3; i++) await runInTransaction(lite, (trx) => issueTicket(trx, ctx, {}, { hallId: 'demo', categoryId: 'cat_A' }));
    await lite.insertInto('audit_log').values({ hall_id: 'demo', staff_id: null, action: 'test', target: null, data: null, at: Date.now() }).execute();
    await lite.destroy();

    const target = await createTestDatabase();
    const copied = await hallq(['copy-data', '--from', file, '--to', target.url]);
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stdout).toMatch(/counts match in all \d+ tables/);
    expect(copied.stdout).toContain('copied tickets: 3');
    // A second copy into the now full database is refused and changes nothing.
    const again = await hallq(['copy-data', '--from', file, '--to', target.url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not empty');
    expect((await hallq(['copy-data', '--from', file])).code).toBe(2);

    // The hall runs on: numbering continues, auto ids continue past the copied ones.
    const other = tempDataDir();
    fs.writeFileSync(path.join(other, 'test-database-url'), target.url);
    const s = await startServer({ dataDir: other });
    try {
      const next = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
      expect(next.body.number).toBe('A004');
      const ids = await s.app.db.selectFrom('ticket_events').select('id').orderBy('id').execute();
      expect(new Set(ids.map((r) => r.id)).size).toBe(ids.length);
    } finally {
      await s.close();
    }
  });
});
