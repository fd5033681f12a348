import type pg from 'pg';
import { loadPg } from './index.ts';

/**
 * Which instance runs the timers (day end, backups, holiday refresh …) when several share one
 * PostgreSQL database: the one holding a session advisory lock on a connection of its own. The
 * lock goes with the connection, so when that instance dies or loses the database another one
 * takes it at its next try. On SQLite there is one process and it always leads.
 */
export interface Leadership {
  isLeader(): boolean;
  /** Tries at once (and then every `retryMs`) to take the lead. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const soleLeader: Leadership = { isLeader: () => true, start: async () => undefined, stop: async () => undefined };

export function advisoryLeadership(url: string, name: string, opts: { retryMs: number; onChange?: (leader: boolean) => void }): Leadership {
  let client: pg.Client | null = null;
  let leader = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const set = (v: boolean) => {
    if (v !== leader) opts.onChange?.(v);
    leader = v;
  };
  const drop = () => {
    const c = client;
    client = null;
    set(false);
    void c?.end().catch(() => undefined);
  };
  const attempt = async () => {
    if (stopped || leader) return;
    try {
      if (!client) {
        const c = new (loadPg().Client)({ connectionString: url });
        c.on('error', drop); // the database went away: the lock is gone with the connection
        await c.connect();
        client = c;
      }
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [name]);
      set(rows[0].ok);
    } catch {
      drop();
    }
  };
  return {
    isLeader: () => leader,
    async start() {
      await attempt();
      timer = setInterval(() => void attempt(), opts.retryMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      const c = client;
      client = null;
      leader = false;
      await c?.end().catch(() => undefined);
    },
  };
}
