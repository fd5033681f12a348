import { io as connect, type Socket } from 'socket.io-client';
import type { TestServer } from './server.ts';
import { api, bearer, DEMO_PASSWORD, login } from './server.ts';
import { hashPassword } from '../../server/services/staff.ts';

/** A socket.io client that records every event it receives, in order. */
export interface Recorder {
  socket: Socket;
  snapshot: any;
  events: Array<{ event: string; msg: any }>;
  /** Resolves with the first recorded event (already received or future) matching. */
  waitFor(pred: (e: { event: string; msg: any }) => boolean, timeoutMs?: number): Promise<{ event: string; msg: any }>;
  close(): void;
}

export async function connectRecorder(url: string, auth: Record<string, unknown>): Promise<Recorder> {
  const socket = connect(url, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false, forceNew: true });
  const events: Recorder['events'] = [];
  const listeners = new Set<() => void>();
  socket.onAny((event: string, msg: unknown) => {
    events.push({ event, msg });
    for (const l of [...listeners]) l();
  });
  const rec: Recorder = {
    socket,
    snapshot: null,
    events,
    waitFor(pred, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        let from = 0;
        const check = () => {
          for (; from < events.length; from++) {
            if (pred(events[from])) {
              listeners.delete(check);
              clearTimeout(timer);
              return resolve(events[from]);
            }
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no matching socket event in ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => [e.event, e.msg?.seq]))}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    close: () => void socket.close(),
  };
  await new Promise<void>((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () => resolve());
  });
  rec.snapshot = (await rec.waitFor((e) => e.event === 'snapshot')).msg;
  return rec;
}

/** The connect_error a connection attempt ends with (rejects if it connects instead). */
export function connectionRefusal(url: string, auth: Record<string, unknown>): Promise<{ message: string; data?: { code: string } }> {
  const socket = connect(url, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (err: Error & { data?: { code: string } }) => {
      socket.close();
      resolve({ message: err.message, data: err.data });
    });
    socket.once('connect', () => {
      socket.close();
      reject(new Error(`connected with ${JSON.stringify(auth)}`));
    });
  });
}

/**
 * Adds windows win_<from>..win_<to> serving every demo category (in a rotating order of
 * preference) and one clerk per window beyond the six demo clerks; returns windowId -> username.
 * Windows 1..6 keep clerk01..clerk06.
 */
export async function addWindowsAndClerks(s: TestServer, total: number): Promise<Map<string, string>> {
  const db = s.app.db;
  const cats = (await db.selectFrom('categories').select('id').where('hall_id', '=', 'demo').orderBy('sort_order').execute()).map((c) => c.id);
  const hash = await hashPassword(DEMO_PASSWORD);
  const now = s.app.ctx.clock.now();
  const byWindow = new Map<string, string>();
  await db.transaction().execute(async (trx) => {
    for (let no = 1; no <= total; no++) {
      const id = `win_${no}`;
      if (no > 10) {
        await trx.insertInto('windows').values({
          id, hall_id: 'demo', no, name: `综合受理窗口${no}`, kind: 'comprehensive', status: 'closed', pause_reason: null, clerk_id: null,
          a_clerk_id: null, b_clerk_id: null, current_ticket_id: null, priority_streak: 0, status_changed_at: now,
        }).execute();
        for (let i = 0; i < cats.length; i++) {
          await trx.insertInto('window_categories').values({ window_id: id, category_id: cats[(i + no) % cats.length], rank: i + 1 }).execute();
        }
      }
      const username = no <= 6 ? `clerk0${no}` : `extra${String(no).padStart(2, '0')}`;
      if (no > 6) {
        await trx.insertInto('staff').values({
          id: `staff_${username}`, hall_id: 'demo', username, name: `测试${no}`, staff_no: `T${no}`, role: 'clerk', password_hash: hash, active: 1, created_at: now,
        }).execute();
      }
      byWindow.set(id, username);
    }
  });
  return byWindow;
}

/** Logs every clerk in and opens their window; returns windowId -> token. */
export async function openAll(s: TestServer, byWindow: Map<string, string>): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  await Promise.all(
    [...byWindow].map(async ([win, user]) => {
      const token = await login(s.url, user);
      const r = await api(s.url, 'POST', `/api/windows/${win}/open`, undefined, bearer(token));
      if (r.status !== 200) throw new Error(`open ${win}: ${r.status} ${JSON.stringify(r.body)}`);
      tokens.set(win, token);
    }),
  );
  return tokens;
}

export const hallSeq = async (s: TestServer) =>
  Number((await s.app.db.selectFrom('halls').select('event_seq').where('id', '=', 'demo').executeTakeFirstOrThrow()).event_seq);

export const ticketCount = async (s: TestServer) =>
  Number((await s.app.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
