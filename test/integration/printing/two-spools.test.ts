import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, bearer, login, startServer, tempDataDir, type TestServer } from '../../helpers/server.ts';
import { FakePrinter, HEALTHY, PAPER_OUT } from '../../helpers/fake-printer.ts';
import { describePostgresOnly } from '../../helpers/pg.ts';
import { cuts, printed, until } from '../../helpers/wait.ts';

describePostgresOnly('two print spools share one job table only on PostgreSQL', 'print spools of two instances on one database', () => {
  let a: TestServer;
  let b: TestServer;
  const printer = new FakePrinter();
  beforeAll(async () => {
    const dataDir = tempDataDir();
    const spool = { baseBackoffMs: 40, maxBackoffMs: 120, statusTimeoutMs: 300 };
    a = await startServer({ dataDir, spool });
    b = await startServer({ dataDir, spool });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await printer.close();
  });

  it('claim each job (FOR UPDATE SKIP LOCKED, claim.ts): every ticket prints once although both spools run at once', async () => {
    const port = await printer.listen();
    const admin = await login(a.url, 'admin');
    const device = (await api(a.url, 'POST', '/api/devices', { kind: 'kiosk', name: '共享取号机', printerUri: `tcp://127.0.0.1:${port}` }, bearer(admin))).body;
    printer.status = PAPER_OUT; // the jobs pile up, pending on both instances
    const n = 12;
    for (let i = 0; i < n; i++) {
      const r = await api(i % 2 ? a.url : b.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_B' }, { 'x-device-token': device.token });
      expect(r.status).toBe(201);
    }
    await a.app.spool.idle();
    await b.app.spool.idle();
    expect(printed(printer.received)).toEqual([]);
    printer.status = HEALTHY;
    await a.app.db.updateTable('print_jobs').set({ next_attempt_at: 0 }).execute();
    // Both spools look for due jobs at the same moment.
    await Promise.all([a.app.spool.processDue(), b.app.spool.processDue()]);
    await until(async () => (await a.app.db.selectFrom('print_jobs').select('status').where('status', '!=', 'done').execute()).length === 0);
    await a.app.spool.idle();
    await b.app.spool.idle();
    expect(cuts(printed(printer.received))).toBe(n);
  });
});
