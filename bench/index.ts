/**
 * `npm run bench`: hallq's speed against its ceilings, measured side by side in one run (a noisy
 * machine makes absolute figures meaningless; the ratios are the targets, see bench/README.md).
 * The server runs in a process of its own (bench/server.ts) on loopback; HTTP load comes from
 * autocannon, sockets from socket.io-client. Prints a table, then one JSON line last.
 *
 *   npm run bench                 10 s per load figure
 *   npm run bench -- --quick      2 s per figure, all of it in under a minute (the CI smoke test)
 *   BENCH_POSTGRES_URL=postgres://user@host:5432/postgres npm run bench
 *                                 the server on PostgreSQL too, in a database of its own
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import { io as connect, type Socket } from 'socket.io-client';
import { ensureBuilt, SERVER_NODE_FLAGS } from '../bin/build-server.mjs';
import { onThrowawayPostgres } from './pg-database.ts';

const quick = process.argv.includes('--quick');
const SECONDS = quick ? 2 : 10;
const SOCKETS = 1000;
const CALL_WINDOWS = 100;
const PASSWORD = 'bench-password-1';
const here = path.dirname(fileURLToPath(import.meta.url));

const p99 = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.99 * xs.length))] : NaN);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Single-row insert transactions a second with the project's pragmas (server/db/index.ts), no HTTP. */
function sqliteTps(): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hallq-tps-'));
  const db = new SQLite(path.join(dir, 't.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const tx = db.transaction((v: string) => insert.run(v));
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) tx(`row ${n++}`);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return n / SECONDS;
}

async function load(url: string, opts: { method?: 'POST'; body?: unknown } = {}, seconds = SECONDS) {
  const r = await autocannon({
    url, connections: 50, duration: seconds, method: opts.method ?? 'GET',
    headers: opts.body ? { 'content-type': 'application/json' } : {}, body: opts.body ? JSON.stringify(opts.body) : undefined,
  });
  const bad = r.non2xx + r.errors;
  if (bad > r.requests.total / 100) throw new Error(`${url}: ${bad} of ${r.requests.total} requests failed`);
  return { rps: r.requests.total / seconds, p99: r.latency.p99 };
}

class ServerProcess {
  private constructor(readonly child: ChildProcess, readonly base: string) {}
  static async start(databaseUrl?: string): Promise<ServerProcess> {
    // BENCH_PROFILE=<dir>: a CPU profile of the server process written there when it stops (bench/README.md).
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    // The server as production runs it, compiled (bin/build-server.mjs); HALLQ_FROM_SOURCE=1: the sources through tsx.
    const fromSource = process.env.HALLQ_FROM_SOURCE === '1';
    const script = fromSource ? path.join(here, 'server.ts') : await ensureBuilt('bench-server');
    const child = fork(script, [], { execArgv: [...SERVER_NODE_FLAGS, ...(fromSource ? ['--import', 'tsx'] : []), ...profile], env: { ...process.env, ...(databaseUrl ? { BENCH_DATABASE_URL: databaseUrl } : {}) } });
    const m = await ServerProcess.next(child, 'ready');
    return new ServerProcess(child, `http://127.0.0.1:${m.port}`);
  }
  private static next(child: ChildProcess, type: string): Promise<Record<string, number>> {
    return new Promise((resolve, reject) => {
      const on = (m: { type: string }) => {
        if (m.type !== type) return;
        child.off('message', on);
        resolve(m as unknown as Record<string, number>);
      };
      child.on('message', on);
      child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
    });
  }
  ask(type: string, extra: Record<string, unknown> = {}, reply?: string) {
    this.child.send({ type, ...extra });
    return reply ? ServerProcess.next(this.child, reply) : Promise.resolve({} as Record<string, number>);
  }
}

async function post(base: string, url: string, token?: string, body?: unknown) {
  const res = await fetch(base + url, { method: 'POST', headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * 1,000 sockets, each ready: for hallq's, connected and holding its snapshot (a display shows
 * nothing before it), so the fan-out is measured on a settled server as the bare one is.
 */
async function sockets(url: string, auth: Record<string, unknown>, ready: 'connect' | 'snapshot' = 'connect'): Promise<Socket[]> {
  const list: Socket[] = [];
  for (let i = 0; i < SOCKETS; i += 100) {
    const batch = Array.from({ length: 100 }, () => connect(url, { transports: ['websocket'], auth, reconnection: false, forceNew: true }));
    await Promise.all(batch.map((s) => new Promise<void>((res, rej) => { s.once(ready, () => res()); s.once('connect_error', rej); })));
    list.push(...batch);
  }
  return list;
}

function receipts(list: Socket[], t0: number): Promise<number[]> {
  return new Promise((resolve) => {
    const got: number[] = [];
    for (const s of list) s.once('call', () => { got.push(performance.now() - t0); if (got.length === list.length) resolve(got); });
  });
}

async function measure(label: string, databaseUrl?: string) {
  const server = await ServerProcess.start(databaseUrl);
  const { base } = server;
  const health = await load(`${base}/api/health`);
  // Warm-up, untimed: the first requests of a fresh process compile (JIT) and prepare statements.
  await load(`${base}/api/halls/demo/tickets`, { method: 'POST', body: { categoryId: 'cat_B' } }, 1);
  // issue_flat: the same category (公安户政, its two windows) with an empty queue, then with 10,000 waiting.
  const empty = await load(`${base}/api/halls/demo/tickets`, { method: 'POST', body: { categoryId: 'cat_C' } });
  await server.ask('prefill', { n: 10_000, categoryId: 'cat_C', prefix: 'C' }, 'prefilled');
  const full = await load(`${base}/api/halls/demo/tickets`, { method: 'POST', body: { categoryId: 'cat_C' } });
  // The call-next queue: 10,000 waiting 综合受理 tickets for the 100 bench windows.
  await server.ask('prefill', { n: 10_000, categoryId: 'cat_A', prefix: 'A' }, 'prefilled');

  // 100 windows on the 10,000 waiting, each calling once a second (100 calls a second: a real
  // hall's window calls every few minutes). Calling without pause would measure only Little's law:
  // 100 requests in flight over one writer make any p99 about 100 service times.
  const tokens: string[] = [];
  for (let i = 0; i < CALL_WINDOWS; i++) {
    tokens.push((await post(base, '/api/auth/login', undefined, { username: `bench${i}`, password: PASSWORD })).token);
    await post(base, `/api/windows/bench-w${i}/open`, tokens[i]);
  }
  // Each window's first call, untimed (warm-up, as above).
  for (const [i, token] of tokens.entries()) await post(base, `/api/windows/bench-w${i}/call-next`, token);
  const callTimes: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(tokens.map(async (token, i) => {
    for (let slot = performance.now() + (i * 1000) / CALL_WINDOWS; slot < end; slot += 1000) {
      await new Promise((res) => setTimeout(res, Math.max(0, slot - performance.now())));
      const t0 = performance.now();
      await post(base, `/api/windows/bench-w${i}/call-next`, token);
      callTimes.push(performance.now() - t0);
    }
  }));

  // Fan-out: a call reaching 1,000 display sockets, beside a bare socket.io broadcast of the same payload.
  const displays = await sockets(base, { hallId: 'demo', role: 'display' }, 'snapshot');
  const rss = (await server.ask('rss', {}, 'rss')).rss / 1e6;
  const fanout: number[] = [];
  // What one call-next puts on a display's wire: `call`, then the `window` and `queue` events the
  // contract also requires (each with its seq). The bare server broadcasts the same messages.
  const seen: Array<[string, { seq: number }]> = [];
  displays[0].onAny((event: string, p: { seq: number }) => seen.push([event, p]));
  for (let k = 0; k < (quick ? 5 : 20); k++) {
    const t0 = performance.now();
    const got = receipts(displays, t0);
    await post(base, '/api/windows/bench-w0/call-next', tokens[0]);
    fanout.push(...(await got));
  }
  // The last call's messages, in seq order: all there once the next call has arrived behind them.
  const after = new Promise((res) => displays[0].once('call', res));
  await post(base, '/api/windows/bench-w0/call-next', tokens[0]);
  await after;
  const callSeqs = seen.filter(([event]) => event === 'call').map(([, p]) => p.seq);
  const [from, to] = callSeqs.slice(-2);
  const messages = seen.filter(([, p]) => p.seq >= from && p.seq < to).sort((a, b) => a[1].seq - b[1].seq);
  for (const s of displays) s.disconnect();
  const barePort = (await server.ask('bare', {}, 'bare')).port;
  const bareSockets = await sockets(`http://127.0.0.1:${barePort}`, {});
  const bareFanout = async (list: Array<[string, unknown]>) => {
    const times: number[] = [];
    for (let k = 0; k < (quick ? 5 : 20); k++) {
      const t0 = performance.now();
      const got = receipts(bareSockets, t0);
      await server.ask('emit', { messages: list });
      times.push(...(await got));
    }
    return times;
  };
  const bare = await bareFanout(messages);
  const bareCallOnly = await bareFanout(messages.filter(([event]) => event === 'call'));
  for (const s of bareSockets) s.disconnect();
  await server.ask('stop');
  return {
    label,
    health_rps: round(health.rps, 0),
    issue_rps: round(empty.rps, 0),
    issue_p99_ms: empty.p99,
    issue_flat: round(full.rps / empty.rps, 2),
    call_p99_ms: round(p99(callTimes)),
    fanout_p99_ms: round(p99(fanout)),
    fanout_bare_p99_ms: round(p99(bare)),
    fanout_ratio: round(p99(fanout) / p99(bare), 2),
    fanout_bare_call_only_p99_ms: round(p99(bareCallOnly)),
    fanout_messages: messages.map(([event]) => event).join('+'),
    rss_mb: round(rss, 0),
  };
}

const started = performance.now();
const tps = sqliteTps();
const results = [await measure('SQLite')];
await onThrowawayPostgres('hallq_bench', async (url) => {
  results.push(await measure('PostgreSQL', url));
});
const main = { ...results[0], sqlite_tps: round(tps, 0), issue_to_sqlite: round(results[0].issue_rps / tps, 3) };
const keys = Object.keys(main).filter((k) => k !== 'label') as Array<keyof typeof main>;
console.log(`${'figure'.padEnd(20)}${results.map((r) => r.label.padStart(12)).join('')}`);
for (const k of keys) console.log(`${k.padEnd(20)}${results.map((r, i) => String((i === 0 ? main : r)[k as keyof typeof r] ?? '-').padStart(12)).join('')}`);
console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, ${((performance.now() - started) / 1000).toFixed(0)} s${process.env.BENCH_POSTGRES_URL ? '' : '; PostgreSQL not measured (BENCH_POSTGRES_URL)'}`);
const { label: _label, ...json } = main;
console.log(JSON.stringify({ ...json, ...(results[1] ? { postgres: Object.fromEntries(Object.entries(results[1]).filter(([k]) => k !== 'label')) } : {}) }));
process.exit(0);
