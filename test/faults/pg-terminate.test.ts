import { afterEach, expect, it } from 'vitest';
import { api, startServer, type TestServer } from '../helpers/server.ts';
import { describePostgresOnly, withAdmin } from '../helpers/pg.ts';
import { until } from '../helpers/wait.ts';

/**
 * PostgreSQL ends every connection of hallq's database (what a restart, a failover or an
 * administrator's pg_terminate_backend does). Before, the realtime adapter's LISTEN connection,
 * checked out of the pool, emitted an 'error' nobody listened to, and the process ended.
 */
describePostgresOnly('SQLite has no server to end its connections', 'PostgreSQL ends the server’s connections', () => {
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  it('hallq stays up, answers, and issues again on fresh connections', async () => {
    server = await startServer();
    const database = (await server.app.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('db')).executeTakeFirstOrThrow()).db;
    expect((await api(server.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).status).toBe(201);
    const ended = await withAdmin(async (c) =>
      (await c.query<{ n: string }>('SELECT count(*) AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()) t', [database])).rows[0].n,
    );
    // The pool's connections and the adapter's LISTEN connection, at least.
    expect(Number(ended)).toBeGreaterThanOrEqual(2);
    // Requests on connections that were ended may fail once; then every one is served again.
    await until(async () => (await api(server!.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).status === 201, 15_000);
    const hall = await api(server.url, 'GET', '/api/halls/demo');
    expect(hall.status).toBe(200);
    // The adapter listens again (it reconnects on its own): a fresh LISTEN connection appears.
    await until(async () => Number((await withAdmin((c) => c.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'LISTEN%'", [database]))).rows[0].n) >= 1, 15_000);
  });
});
