/**
 * The server under test for `npm run bench`, in a process of its own (forked by bench/index.ts):
 * the demo hall on a fresh data folder, quotas off, 100 extra windows serving 综合受理 with a clerk
 * each. Messages from the parent: prefill a queue, start a bare socket.io server beside it (the
 * fan-out ceiling) and broadcast on it, report memory.
 */
import { createServer } from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Server } from 'socket.io';
import { buildApp } from '../server/app.ts';
import { isPostgres } from '../server/db/index.ts';
import { readConfig } from '../server/config.ts';
import { serviceDay } from '../server/domain/time.ts';
import { hashPassword } from '../server/services/staff.ts';

const WINDOWS = 100;
export const BENCH_PASSWORD = 'bench-password-1';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hallq-bench-'));
const databaseUrl = process.env.BENCH_DATABASE_URL;
const app = await buildApp(
  readConfig({ ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), HALLQ_DATA: dataDir, HALLQ_DEMO_PASSWORD: BENCH_PASSWORD, HALLQ_RATE_LIMIT: '0', HALLQ_SERVE_UI: '0' }, { port: 0 }),
  { logger: false, dayEndIntervalMs: 0, backupIntervalMs: 0 },
);
await app.db.updateTable('categories').set({ daily_quota: null }).execute();
const hash = await hashPassword(BENCH_PASSWORD);
const now = Date.now();
for (let i = 0; i < WINDOWS; i++) {
  await app.db.insertInto('staff').values({ id: `bench-${i}`, hall_id: 'demo', username: `bench${i}`, name: `压测${i}`, staff_no: `B${i}`, role: 'clerk', password_hash: hash, active: 1, created_at: now }).execute();
  await app.db.insertInto('windows').values({ id: `bench-w${i}`, hall_id: 'demo', no: 100 + i, name: '综合受理窗口', kind: 'comprehensive', status: 'closed', pause_reason: null, clerk_id: null, a_clerk_id: null, b_clerk_id: null, current_ticket_id: null, priority_streak: 0, status_changed_at: now }).execute();
  await app.db.insertInto('window_categories').values({ window_id: `bench-w${i}`, category_id: 'cat_A', rank: 1 }).execute();
}
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;

let bare: Server | null = null;
process.on('message', async (m: { type: string; n?: number; categoryId?: string; prefix?: string; messages?: Array<[string, unknown]>; file?: string }) => {
  if (m.type === 'prefill') {
    // n waiting tickets of a category written straight into the table: the queue a long morning
    // leaves. Their numbers start past any the bench can have issued (SEQ0).
    const day = serviceDay(Date.now(), 'Asia/Shanghai');
    const start = Date.now() - 3_600_000;
    const SEQ0 = 100_000;
    // Generated in SQL (both dialects), so the server's heap, whose size the bench reports, never holds them.
    await sql`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${m.n! - 1})
      INSERT INTO tickets (id, hall_id, category_id, service_day, seq, number, kind, status, issued_at, sort_key, recall_count)
      SELECT 'prefill-' || ${m.categoryId!} || '-' || CAST(i AS TEXT), 'demo', ${m.categoryId!}, ${day}, CAST(${SEQ0} AS BIGINT) + i,
             ${m.prefix!} || CAST(CAST(${SEQ0} AS BIGINT) + i AS TEXT), 'walk_in', 'waiting', CAST(${start} AS BIGINT) + i, CAST(${start} AS BIGINT) + i, 0
      FROM n`.execute(app.db);
    // PostgreSQL plans by its statistics, which autovacuum refreshes within a minute of a bulk
    // load; a queue that grew through a morning has them. Without this the phase after the load
    // would measure plans made for an empty table (sequential scans).
    if (isPostgres(app.db)) await sql`ANALYZE tickets`.execute(app.db);
    // The category's counter as issuing would have left it: its numbers and its waiting count (migration 018).
    await app.db
      .insertInto('number_counters')
      .values({ hall_id: 'demo', category_id: m.categoryId!, service_day: day, last_seq: SEQ0 + m.n!, waiting: m.n! })
      .onConflict((oc) => oc.columns(['hall_id', 'category_id', 'service_day']).doUpdateSet({ last_seq: SEQ0 + m.n!, waiting: sql<number>`number_counters.waiting + ${m.n!}` }))
      .execute();
    process.send!({ type: 'prefilled' });
  } else if (m.type === 'bare') {
    const http = createServer();
    bare = new Server(http);
    await new Promise<void>((res) => http.listen(0, '127.0.0.1', res));
    process.send!({ type: 'bare', port: (http.address() as { port: number }).port });
  } else if (m.type === 'emit') {
    for (const [event, payload] of m.messages!) bare!.emit(event, payload);
  } else if (m.type === 'heap') {
    // A heap snapshot of the server (bench/README.md's memory profile).
    process.send!({ type: 'heap', file: (await import('node:v8')).writeHeapSnapshot(m.file) });
  } else if (m.type === 'rss') {
    process.send!({ type: 'rss', ...process.memoryUsage() });
  } else if (m.type === 'stop') {
    bare?.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
});
process.send!({ type: 'ready', port });
