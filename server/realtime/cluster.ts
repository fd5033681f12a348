import type pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { Server } from 'socket.io';
import { createPgPool } from '../db/index.ts';
import type { Sequenced } from '../services/events.ts';

const RELAY = 'hallq:events';

/**
 * Several instances on one PostgreSQL: socket.io's PostgreSQL adapter (LISTEN/NOTIFY on the
 * database we already run, no Redis to operate). We do not need Redis Streams' connection-state
 * recovery: a client that reconnects, to any instance, asks `resync` and gets its snapshot from
 * the database, which every instance reads alike.
 *
 * Each instance relays its committed events to the others, and every instance's Publisher sends
 * all of them (its own and relayed) to its own sockets in hall-wide `seq` order. The seq is given
 * out in the committing transaction (db/unit-of-work.ts: the hall row is updated, and so locked,
 * until commit), so it is one order across instances; a relay that never arrives (its instance
 * died between commit and relay) is a gap, which the Publisher flushes and the clients resync on.
 */
export async function joinCluster(io: Server<any, any, any, any>, url: string, log: FastifyBaseLogger, receive: (events: Sequenced[]) => void) {
  const pool = listenSafe(createPgPool(url, 4));
  // The adapter's own table, for messages over NOTIFY's 8000 bytes; its shape is the library's
  // (PostgreSQL only, so it lives here rather than in the portable migrations).
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query("SELECT pg_advisory_xact_lock(hashtextextended('hallq:socket.io-table', 0))");
    await c.query('CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)');
    await c.query('COMMIT');
  } finally {
    c.release();
  }
  // Loaded here, not at start: a hall on SQLite never needs it.
  const { createAdapter } = await import('@socket.io/postgres-adapter');
  io.adapter(createAdapter(pool, { errorHandler: (err) => log.warn({ err }, 'socket.io adapter') }));
  io.on(RELAY, (events: Sequenced[]) => receive(events));
  return {
    relay: (events: readonly Sequenced[]) => io.serverSideEmit(RELAY, events),
    close: () => pool.end(),
  };
}

/**
 * The adapter takes one client out of the pool for LISTEN and, when the server ends that
 * connection (a restart, a failover), takes a new one without giving the old one back: each
 * restart cost the pool a slot for good, and closing the pool waited for it forever (a shutdown
 * that never ended). A client taken with `connect()` is given back, as failed, when its
 * connection ends unless its holder gave it back first. (`pool.query` takes its clients with a
 * callback and gives them back itself.)
 */
function listenSafe(pool: pg.Pool): pg.Pool {
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { connect: unknown }).connect = (...args: unknown[]) => {
    if (args.length > 0) return connect(...args);
    return (connect() as Promise<pg.PoolClient>).then((client) => {
      const release = client.release;
      let released = false;
      client.release = (err?: Error | boolean) => {
        released = true;
        release(err);
      };
      client.once('end', () => {
        if (!released) client.release(new Error('connection ended'));
      });
      return client;
    });
  };
  return pool;
}
