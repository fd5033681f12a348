import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/index.ts';
import { addWindowsAndClerks } from '../helpers/queue.ts';
import { describePostgresOnly } from '../helpers/pg.ts';
import { api, bearer, DEMO_PASSWORD, login, tempDataDir, testDatabaseEnv, type TestServer } from '../helpers/server.ts';
import { until } from '../helpers/wait.ts';

const WINDOWS = 30;
const TICKETS = 1000;
const KIOSKS = 10;
const CATEGORIES = ['cat_A', 'cat_B', 'cat_C', 'cat_D', 'cat_E', 'cat_F'];

/** Resolves once the next Asia/Shanghai midnight (16:00 UTC) is more than eight minutes away. */
async function untilClearOfMidnight(): Promise<void> {
  const toMidnight = () => {
    const now = Date.now();
    const next = Math.ceil((now - 16 * 3_600_000) / 86_400_000) * 86_400_000 + 16 * 3_600_000;
    return next - now;
  };
  if (toMidnight() > 8 * 60_000) return;
  await until(() => toMidnight() > 8 * 60_000, 9 * 60_000);
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

interface Instance {
  url: string;
  port: number;
  child: ChildProcess | null;
  alive: boolean;
}

/** A display that behaves as the wall display does: applies seq+1, resyncs on a gap, reconnects (to any instance) when dropped. */
interface Display {
  calls: Array<{ seq: number; number: string }>;
  /** Calls seen in a snapshot taken after a reconnect or a gap. */
  snapshotCalls: Set<string>;
  resyncs: number;
  reconnects: number;
  last: number;
  /** The `at` of the last call it has: handed back on resync and reconnect, so the snapshot lists every call since. */
  lastCallAt?: string;
  socket: Socket | null;
  closed: boolean;
}

describePostgresOnly('several instances share one database only on PostgreSQL', 'three hallq processes on one PostgreSQL', () => {
  const instances: Instance[] = [];
  let db: Database | undefined;
  const displays: Display[] = [];
  afterAll(async () => {
    for (const d of displays) {
      d.closed = true;
      d.socket?.close();
    }
    for (const i of instances) i.child?.kill('SIGKILL');
    await db?.destroy();
  });

  it('30 windows call while kiosks issue 1,000 tickets; one instance is SIGKILLed half way and restarted', { timeout: 900_000 }, async () => {
    // The processes run on the real clock, and at the hall's midnight (Asia/Shanghai) the service
    // day turns: windows then call the new day's queue and the old day's last tickets wait for the
    // day-end sweep. So the test does not start in the eight minutes before that midnight.
    await untilClearOfMidnight();
    const dataDir = tempDataDir();
    const dbEnv = await testDatabaseEnv(dataDir);
    const env = { ...process.env, ...dbEnv, HALLQ_DATA: dataDir, HOST: '127.0.0.1', HALLQ_SKIP_BUILD: '1', HALLQ_SERVE_UI: '0', HALLQ_DEMO_PASSWORD: DEMO_PASSWORD, HALLQ_RATE_LIMIT: '0', HALLQ_BACKUP_KEEP: '0', LOG_LEVEL: 'warn' };
    const start = (inst: Instance) => {
      inst.child = spawn(process.execPath, [path.resolve('bin/hallq.mjs'), 'start'], { env: { ...env, PORT: String(inst.port) }, stdio: 'ignore' });
      inst.child.once('exit', () => (inst.alive = false));
    };
    const healthy = (inst: Instance) => until(async () => (inst.alive = await fetch(`${inst.url}/api/health`).then((r) => r.ok, () => false)), 60_000);
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      instances.push({ url: `http://127.0.0.1:${port}`, port, child: null, alive: false });
    }
    // The first seeds the demo hall and writes the ID-number key into the shared data folder.
    start(instances[0]);
    await healthy(instances[0]);
    start(instances[1]);
    start(instances[2]);
    await Promise.all([healthy(instances[1]), healthy(instances[2])]);

    db = openDatabase({ sqliteFile: ':memory:', databaseUrl: dbEnv.DATABASE_URL });
    await addWindowsAndClerks({ app: { db, ctx: { clock: { now: () => Date.now() } } } } as unknown as TestServer, WINDOWS);

    /** The instance at `i`, or the next live one (what a load balancer does when one is down). */
    const route = (i: number) => {
      for (let k = 0; k < instances.length; k++) {
        const inst = instances[(i + k) % instances.length];
        if (inst.alive) return inst;
      }
      throw new Error('no instance alive');
    };
    /** A request that survives its instance dying: retried on another, with the same Idempotency-Key. */
    async function send(i: number, method: string, url: string, body: unknown, headers: Record<string, string>) {
      for (let attempt = 0; attempt < 20; attempt++) {
        const inst = route(i + attempt);
        try {
          return await api(inst.url, method, url, body, headers);
        } catch {
          await until(() => instances.some((x) => x.alive && x !== inst) || !inst.alive, 5000).catch(() => undefined);
        }
      }
      throw new Error(`${method} ${url} failed on every instance`);
    }

    function display(i: number): Display {
      const d: Display = { calls: [], snapshotCalls: new Set(), resyncs: 0, reconnects: 0, last: -1, socket: null, closed: false };
      const open = (at: number) => {
        const s = connect(route(at).url, { path: '/socket.io', auth: { hallId: 'demo', role: 'display', callsSince: d.lastCallAt }, transports: ['websocket'], reconnection: false, forceNew: true });
        d.socket = s;
        s.on('snapshot', (snap: { seq: number; recentCalls: Array<{ number: string }> }) => {
          if (d.last >= 0) for (const c of snap.recentCalls) d.snapshotCalls.add(c.number);
          d.last = Math.max(d.last, snap.seq);
        });
        s.on('call', (m: { seq: number; number: string; at: string }) => {
          if (m.seq <= d.last) return;
          if (m.seq !== d.last + 1) {
            d.resyncs++;
            s.emit('resync', { callsSince: d.lastCallAt });
          }
          d.calls.push({ seq: m.seq, number: m.number });
          d.last = m.seq;
          d.lastCallAt = m.at;
        });
        s.onAny((name: string, m?: { seq?: number }) => {
          if (name === 'snapshot' || name === 'call' || typeof m?.seq !== 'number' || m.seq <= d.last) return;
          if (m.seq !== d.last + 1) {
            d.resyncs++;
            s.emit('resync', { callsSince: d.lastCallAt });
          }
          d.last = m.seq;
        });
        const again = () => {
          if (d.closed) return;
          d.reconnects++;
          setTimeout(() => open(at + 1), 200);
        };
        s.on('disconnect', again);
        s.on('connect_error', again);
      };
      open(i);
      return d;
    }
    for (let i = 0; i < 3; i++) displays.push(display(i));
    await until(() => displays.every((d) => d.last >= 0));

    // Windows spread over the instances: window n talks to instance n % 3.
    const clerks = new Map<string, string>();
    for (let n = 1; n <= WINDOWS; n++) {
      const win = `win_${n}`;
      const user = n <= 6 ? `clerk0${n}` : `extra${String(n).padStart(2, '0')}`;
      const token = await login(route(n).url, user);
      expect((await send(n, 'POST', `/api/windows/${win}/open`, undefined, bearer(token))).status).toBe(200);
      clerks.set(win, token);
    }

    const acknowledged: Array<{ id: string; number: string }> = [];
    let issuing = true;
    let killed = false;
    const kiosks = Array.from({ length: KIOSKS }, async (_, k) => {
      for (let j = 0; j < TICKETS / KIOSKS; j++) {
        const r = await send(k, 'POST', '/api/halls/demo/tickets', { categoryId: CATEGORIES[(k + j) % CATEGORIES.length] }, { 'idempotency-key': `kiosk-${k}-${j}` });
        if (r.status !== 201) throw new Error(`issue: ${r.status} ${JSON.stringify(r.body)}`);
        acknowledged.push({ id: r.body.id, number: r.body.number });
      }
    });
    const called: string[] = [];
    const windows = [...clerks].map(async ([win, token], n) => {
      let seq = 0;
      for (;;) {
        const r = await send(n + 1, 'POST', `/api/windows/${win}/call-next`, undefined, { ...bearer(token), 'idempotency-key': `${win}-${seq++}` });
        if (r.status === 200) called.push(r.body.ticket.id);
        else if (r.status === 204) {
          if (!issuing) return;
          await new Promise((resolve) => setTimeout(resolve, 50)); // a clerk waiting for the next citizen
        } else throw new Error(`${win} call-next: ${r.status} ${JSON.stringify(r.body)}`);
      }
    });
    const chaos = (async () => {
      await until(() => acknowledged.length >= TICKETS / 2, 240_000);
      instances[2].child!.kill('SIGKILL');
      killed = true;
      await until(() => !instances[2].alive);
      start(instances[2]);
      await healthy(instances[2]);
    })();
    await Promise.all(kiosks);
    await chaos;
    issuing = false;
    await Promise.all(windows);
    expect(killed).toBe(true);
    // The display on the killed instance was dropped and came back through another one.
    expect(displays[2].reconnects).toBeGreaterThan(0);

    // No duplicate number; no acknowledged ticket lost; every ticket called exactly once.
    const rows = await db.selectFrom('tickets').select(['id', 'number', 'status']).execute();
    expect(rows).toHaveLength(TICKETS);
    expect(new Set(rows.map((r) => r.number)).size).toBe(TICKETS);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(acknowledged).toHaveLength(TICKETS);
    for (const t of acknowledged) expect(byId.get(t.id)?.number).toBe(t.number);
    const callEvents = await db.selectFrom('ticket_events').select('ticket_id').where('type', '=', 'call').execute();
    expect(callEvents).toHaveLength(TICKETS);
    expect(new Set(callEvents.map((e) => e.ticket_id)).size).toBe(TICKETS);
    expect(new Set(called).size).toBe(called.length);
    expect(rows.filter((r) => r.status !== 'done' && r.status !== 'called')).toEqual([]);

    // Every display, on whichever instance it ended up, had every call in seq order.
    const lastSeq = Number((await db.selectFrom('halls').select('event_seq').where('id', '=', 'demo').executeTakeFirstOrThrow()).event_seq);
    await until(() => displays.every((d) => d.last >= lastSeq), 20_000);
    const numbers = new Set(rows.map((r) => r.number));
    for (const d of displays) {
      const seqs = d.calls.map((c) => c.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      const seen = new Set([...d.calls.map((c) => c.number), ...d.snapshotCalls]);
      const missed = [...numbers].filter((n) => !seen.has(n));
      expect(missed, `resyncs ${d.resyncs}`).toEqual([]);
    }
  });
});
