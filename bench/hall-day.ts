/**
 * Hall-day simulator: a county hall's busiest day (about 1,500 visitors) squeezed into seconds.
 * Kiosks issue tickets while clerks at every window call, start and complete them, all over
 * real HTTP on loopback against a real SQLite file. Prints latency percentiles and memory.
 *
 *   npm run bench                 (defaults: 1500 tickets, 20 windows)
 *   npm run bench -- 3000 30
 *   BENCH_POSTGRES_URL=postgres://user@host:5432/postgres npm run bench
 *                                 the same day on PostgreSQL too (in a database of its own,
 *                                 created and dropped), the figures side by side
 * Targets on a 2-core machine, every window polling call-next without pause (far above a real
 * hall's rate): p99 issue and call-next under 250 ms (a tap feels immediate), RSS under 500 MB.
 * Exits non-zero when a target is missed or a ticket was not called exactly once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../server/app.ts';
import { readConfig } from '../server/config.ts';
import { hashPassword } from '../server/services/staff.ts';
import { onThrowawayPostgres } from './pg-database.ts';

const TICKETS = Number(process.argv[2] ?? 1500);
const WINDOWS = Number(process.argv[3] ?? 20);
const PASSWORD = 'bench-password-1';

interface DayResult {
  label: string;
  seconds: number;
  served: number;
  issue: number[];
  call: number[];
}

async function hallDay(label: string, databaseUrl?: string): Promise<DayResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hallq-bench-'));
  const app = await buildApp(readConfig({ ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), HALLQ_DATA: dataDir, HALLQ_DEMO_PASSWORD: PASSWORD, HALLQ_RATE_LIMIT: '0', HALLQ_SERVE_UI: '0' }, { port: 0 }), { logger: false, dayEndIntervalMs: 0 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  // Extra windows and clerks beyond the demo's ten, each serving every category.
  const cats = (await app.db.selectFrom('categories').select('id').where('hall_id', '=', 'demo').execute()).map((c) => c.id);
  await app.db.updateTable('categories').set({ daily_quota: null }).execute(); // the demo's 每日限号 would stop the run
  const hash = await hashPassword(PASSWORD);
  for (let i = 0; i < WINDOWS; i++) {
    const no = 100 + i;
    await app.db.insertInto('staff').values({ id: `bench-${i}`, hall_id: 'demo', username: `bench${i}`, name: `压测${i}`, staff_no: `B${i}`, role: 'clerk', password_hash: hash, active: 1, created_at: Date.now() }).execute();
    await app.db.insertInto('windows').values({ id: `bench-w${i}`, hall_id: 'demo', no, name: '综合受理窗口', kind: 'comprehensive', status: 'closed', pause_reason: null, clerk_id: null, a_clerk_id: null, b_clerk_id: null, current_ticket_id: null, priority_streak: 0, status_changed_at: Date.now() }).execute();
    for (const [rank, c] of cats.entries()) await app.db.insertInto('window_categories').values({ window_id: `bench-w${i}`, category_id: c, rank: rank + 1 }).execute();
  }

  async function post(url: string, body?: unknown, token?: string) {
    const res = await fetch(base + url, { method: 'POST', headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  const timings = { issue: [] as number[], call: [] as number[] };
  const timed = async <T>(list: number[], f: () => Promise<T>) => {
    const t0 = performance.now();
    const r = await f();
    list.push(performance.now() - t0);
    return r;
  };

  const tokens: string[] = [];
  for (let i = 0; i < WINDOWS; i++) {
    tokens.push((await post('/api/auth/login', { username: `bench${i}`, password: PASSWORD })).body.token);
    await post(`/api/windows/bench-w${i}/open`, undefined, tokens[i]);
  }

  const started = performance.now();
  let issued = 0;
  const kiosks = Array.from({ length: 4 }, async () => {
    while (issued < TICKETS) {
      issued++;
      const r = await timed(timings.issue, () => post('/api/halls/demo/tickets', { categoryId: cats[issued % cats.length] }));
      if (r.status !== 201) throw new Error(`issue failed: ${JSON.stringify(r.body)}`);
    }
  });
  let served = 0;
  const clerks = tokens.map(async (token, i) => {
    for (;;) {
      const r = await timed(timings.call, () => post(`/api/windows/bench-w${i}/call-next`, undefined, token));
      if (r.status === 204) {
        if (issued >= TICKETS) break;
        await new Promise((res) => setTimeout(res, 5));
        continue;
      }
      served++;
    }
  });
  await Promise.all(kiosks);
  await Promise.all(clerks);
  const seconds = (performance.now() - started) / 1000;

  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { label, seconds, served, issue: timings.issue, call: timings.call };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))].toFixed(1);

const results = [await hallDay('SQLite')];
await onThrowawayPostgres('hallq_bench', async (url) => {
  results.push(await hallDay('PostgreSQL', url));
});
for (const r of results) {
  console.log(`${r.label.padEnd(10)} hall day: ${TICKETS} tickets, ${WINDOWS} windows, ${r.served} called in ${r.seconds.toFixed(1)} s`);
  console.log(`${r.label.padEnd(10)} issue      p50 ${pct(r.issue, 50)} ms  p99 ${pct(r.issue, 99)} ms`);
  console.log(`${r.label.padEnd(10)} call-next  p50 ${pct(r.call, 50)} ms  p99 ${pct(r.call, 99)} ms  (${r.call.length} calls)`);
}
if (!process.env.BENCH_POSTGRES_URL) console.log('PostgreSQL not measured (set BENCH_POSTGRES_URL to an admin URL of a PostgreSQL server)');
console.log(`rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
const missed = results.flatMap((r) => [
  r.served !== TICKETS && `${r.label}: called ${r.served} of ${TICKETS} tickets`,
  Number(pct(r.issue, 99)) > 250 && `${r.label}: issue p99 over 250 ms`,
  Number(pct(r.call, 99)) > 250 && `${r.label}: call-next p99 over 250 ms`,
]).concat([process.memoryUsage().rss > 500e6 && 'RSS over 500 MB']).filter(Boolean);
if (missed.length) {
  console.error(`missed: ${missed.join('; ')}`);
  process.exitCode = 1;
}
