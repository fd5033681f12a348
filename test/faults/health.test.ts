import net from 'node:net';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../helpers/server.ts';
import { FakePrinter } from '../helpers/fake-printer.ts';
import { itSqliteOnly } from '../helpers/pg.ts';

// Measured before the fix: a corrupted database, a lost printer, a silent agent all answered
// health 200. `GET /api/health` stays the cheap liveness probe; `?deep=1` says what is wrong.

let s: TestServer | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const deep = async () => {
  const r = await api(s!.url, 'GET', '/api/health?deep=1');
  return { status: r.status, problems: (r.body.problems ?? []) as string[], body: r.body };
};

const closedPort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

describe('health', () => {
  it('plain stays {"status":"ok"}; deep checks every part of a healthy hall', async () => {
    s = await startServer();
    const plain = await api(s.url, 'GET', '/api/health');
    expect({ status: plain.status, body: plain.body }).toEqual({ status: 200, body: { status: 'ok' } });
    const d = await deep();
    expect(d.status).toBe(200);
    expect(d.body).toEqual({
      status: 'ok', problems: [],
      checks: { database: { ok: true, problems: [] }, storage: { ok: true, problems: [] }, printers: { ok: true, problems: [] }, agents: { ok: true, problems: [] } },
    });
    expect((await api(s.url, 'GET', '/api/health?deep=maybe')).status).toBe(400);
  });

  itSqliteOnly('a second SQLite connection and PRAGMA query_only make the database unwritable', 'names a database that cannot be written: locked by another process, or read-only', async () => {
    s = await startServer();
    const other = new SQLite(path.join(s.dataDir, 'hallq.sqlite'));
    other.exec('BEGIN IMMEDIATE'); // e.g. a sqlite3 shell left in a transaction
    try {
      const locked = await deep();
      expect(locked.status).toBe(503);
      expect(locked.problems).toEqual(['database: cannot write (SQLITE_BUSY: database is locked)']);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await deep()).status).toBe(200);

    // The server's own connection made read-only: reads (and the plain check) still work.
    await sql`PRAGMA query_only = ON`.execute(s.app.db);
    const readOnly = await deep();
    expect(readOnly.status).toBe(503);
    expect(readOnly.body.checks.database).toEqual({ ok: false, problems: ['database: cannot write (SQLITE_READONLY: attempt to write a readonly database)'] });
    expect((await api(s.url, 'GET', '/api/health')).status).toBe(200);
    await sql`PRAGMA query_only = OFF`.execute(s.app.db);
    expect((await deep()).status).toBe(200);
  });

  it('names an unreachable printer by its window, never by its address, and one never checked once settled', async () => {
    const clock = new ManualClock(Date.now());
    s = await startServer({ clock });
    const admin = bearer(await login(s.url, 'admin'));
    const port = await closedPort();
    expect((await api(s.url, 'POST', '/api/windows/win_1/printer', { printerUri: `tcp://127.0.0.1:${port}` }, admin)).status).toBe(200);
    await s.app.spool.pollPrinters();
    const lost = await deep();
    expect(lost.status).toBe(503);
    expect(lost.problems).toHaveLength(1);
    expect(lost.problems[0]).toMatch(/^printer of window 1 ".+" \(hall demo\): unreachable since \d{4}-/);
    expect(JSON.stringify(lost.body)).not.toContain(String(port));

    const printer = new FakePrinter();
    try {
      const good = await printer.listen();
      await api(s.url, 'POST', '/api/windows/win_1/printer', { printerUri: `tcp://127.0.0.1:${good}` }, admin);
      expect((await deep()).status).toBe(200); // not checked yet, but the server has only just started
      clock.advance(3 * 60_000);
      expect((await deep()).problems).toEqual([expect.stringMatching(/^printer of window 1 ".+" \(hall demo\): never checked, state unknown$/)]);
      await s.app.spool.pollPrinters();
      expect((await deep()).status).toBe(200);
    } finally {
      await printer.close();
    }
  });

  it('names a device agent not heard from, until it polls again', async () => {
    const clock = new ManualClock(Date.now());
    s = await startServer({ clock });
    const admin = bearer(await login(s.url, 'admin'));
    const kiosk = await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name: '二号取号机', printerUri: 'agent:' }, admin);
    expect(kiosk.status).toBe(201);
    expect((await deep()).status).toBe(200); // just started: the agent has time to call in

    clock.advance(3 * 60_000);
    const silent = await deep();
    expect(silent.status).toBe(503);
    expect(silent.body.checks.agents.problems).toEqual(['agent of kiosk "二号取号机" (hall demo): not heard from since the server started']);

    const claim = await api(s.url, 'POST', '/api/agent/claim?waitMs=0', undefined, { 'x-device-token': kiosk.body.token });
    expect(claim.status).toBe(200);
    expect((await deep()).status).toBe(200);
    const heardAt = new Date(clock.now()).toISOString();
    clock.advance(3 * 60_000);
    expect((await deep()).body.checks.agents.problems).toEqual([`agent of kiosk "二号取号机" (hall demo): not heard from since ${heardAt}`]);
  });
});
