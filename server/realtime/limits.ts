import { setTimeout as sleep } from 'node:timers/promises';
import type { Socket } from 'socket.io';
import type { Config } from '../config.ts';
import { Limiter } from '../limits.ts';

/**
 * socket.io's share of the server's limits (server/limits.ts), so that one client cannot stall the
 * hall: a resync costs a snapshot query on the one database connection, and before these limits
 * 5,000 of them from one socket held an unrelated HTTP request for 27.7 s.
 */

/**
 * The largest message a client may send. Clients send only `resync` (no payload) and the
 * handshake's auth `{hallId, role, windowId?, ticketId?, token?}`, ids and tokens under 256
 * characters each; larger messages make engine.io close the connection.
 */
export const MAX_MESSAGE_BYTES = 4 * 1024;

/** At most one snapshot per socket every few seconds; resyncs in between wait for it (coalesced into one). */
const RESYNC_SECONDS = 3;
/** Client events per connection: a well-behaved client sends a resync on a gap, a few a minute at most. */
const EVENTS = { points: 10, perSeconds: 10 };
/**
 * A device agent's socket: key presses, scans, job results and a heartbeat every few seconds. A
 * clerk hammering the keypad and a queue of slips printing stay far below it; a runaway device
 * (a stuck key repeating) is throttled and then cut off like any other client.
 */
const AGENT_EVENTS = { points: 60, perSeconds: 10 };
/** Events in one window, over the budget's points, after which a socket is not just throttled but disconnected. */
const FLOOD_FACTOR = 3;
/** Anonymous requests a flood costs its address, so coming back to flood again soon runs out of connection attempts. */
const FLOOD_PENALTY = 20;

const ANONYMOUS_ROLES = new Set(['display', 'kiosk', 'ticket']);

type Next = (err?: Error) => void;

const refusal = (code: string, message: string) => Object.assign(new Error(message), { data: { code } });
const addressOf = (socket: Socket) => socket.handshake.address;

export class RealtimeLimits {
  /** Snapshot queries started, all sockets together (observability and tests). */
  snapshots = 0;
  private readonly events: Limiter;
  private readonly agentEvents: Limiter;
  private readonly resyncs: Limiter;
  /** Not a rate: a count of the anonymous connections an address holds, given back on close. */
  private readonly connections: Limiter;

  /** `handshakes`: the address's anonymous request budget (HALLQ_RATE_LIMIT), which a handshake takes from like a request. */
  constructor(config: Pick<Config, 'rateLimit' | 'socketsPerAddress'>, private readonly handshakes: Limiter) {
    const on = config.rateLimit > 0;
    this.events = new Limiter(on, { name: 'socket-events', ...EVENTS });
    this.agentEvents = new Limiter(on, { name: 'agent-events', ...AGENT_EVENTS });
    this.resyncs = new Limiter(on, { name: 'socket-resync', points: 1, perSeconds: RESYNC_SECONDS });
    this.connections = new Limiter(on, { name: 'socket-connections', points: config.socketsPerAddress, perSeconds: 0 });
  }

  /** io.use, before admission: a connection attempt costs what an anonymous request costs, so reconnect loops are bounded too. */
  readonly handshake = (socket: Socket, next: Next): void => {
    void this.handshakes.take(addressOf(socket)).then((r) => next(r ? refusal('RATE_LIMITED', 'too many connection attempts') : undefined), next);
  };

  /** io.use, after admission: an anonymous connection holds one of its address's places until it closes. */
  readonly admitted = (socket: Socket, next: Next): void => {
    const role = (socket.data as { auth?: { role?: string } }).auth?.role;
    if (!role || !ANONYMOUS_ROLES.has(role) || !this.connections.on) return next();
    const address = addressOf(socket);
    void this.connections.take(address).then(async (r) => {
      if (r) {
        await this.connections.giveBack(address);
        return next(refusal('TOO_MANY_CONNECTIONS', 'too many connections from this address'));
      }
      let held = true;
      const release = () => {
        if (held) void this.connections.giveBack(address);
        held = false;
      };
      // A socket dropped before it is fully connected never emits `disconnect`; its transport still closes.
      socket.once('disconnect', release);
      socket.conn.once('close', release);
      next();
    }, next);
  };

  /**
   * On connection: every incoming event takes from the socket's budget; over it events are dropped
   * (the client told once), and a socket that keeps sending is disconnected. Returns the socket's
   * snapshot pacer: call `request()` on connect and on every resync.
   */
  attach(socket: Socket, send: () => Promise<void>): SnapshotPacer {
    const pacer = new SnapshotPacer(this.resyncs, socket.id, send, () => this.snapshots++);
    this.guard(socket, this.events);
    socket.once('disconnect', () => {
      pacer.close();
      void this.resyncs.forget(socket.id);
    });
    return pacer;
  }

  /** A device agent's socket: the same guard with the agent's budget (its presses, scans, job results, heartbeats). */
  attachAgent(socket: Socket): void {
    this.guard(socket, this.agentEvents);
  }

  private guard(socket: Socket, events: Limiter): void {
    const flood = FLOOD_FACTOR * events.opts.points;
    // The limiter answers in a promise, but one network read can carry thousands of events, all
    // handed over before any answer: counting the undecided ones cuts such a burst off at once.
    let undecided = 0;
    const cutOff = () => {
      if (!socket.connected) return;
      socket.emit('error', { code: 'RATE_LIMITED', message: 'too many events: disconnected' });
      socket.disconnect(true);
      void this.handshakes.take(addressOf(socket), FLOOD_PENALTY);
    };
    socket.use((_event, next) => {
      if (!events.on) return next();
      if (++undecided > flood) return cutOff();
      void events.take(socket.id).then((r) => {
        undecided--;
        if (!r) return next();
        if (r.taken > flood) cutOff();
        else if (r.taken === events.opts.points + 1) socket.emit('error', { code: 'RATE_LIMITED', message: 'too many events; later ones are dropped' });
      }, next);
    });
    socket.once('disconnect', () => void events.forget(socket.id));
  }
}

/**
 * One snapshot query per socket at a time, at most one every RESYNC_SECONDS (when limits are on):
 * requests while one runs or waits are coalesced into a single pending snapshot, never a queue.
 */
export class SnapshotPacer {
  private busy = false;
  private pending = false;
  private readonly closed = new AbortController();

  constructor(private readonly limit: Limiter, private readonly key: string, private readonly send: () => Promise<void>, private readonly started: () => void) {}

  request(): void {
    if (this.closed.signal.aborted) return;
    if (this.busy) {
      this.pending = true;
      return;
    }
    this.busy = true;
    void this.run();
  }

  close(): void {
    this.closed.abort();
  }

  private async run(): Promise<void> {
    try {
      do {
        for (let wait = await this.limit.take(this.key); wait; wait = await this.limit.take(this.key)) {
          await sleep(wait.retryAfterMs, undefined, { signal: this.closed.signal }).catch(() => undefined);
          if (this.closed.signal.aborted) return;
        }
        if (this.closed.signal.aborted) return;
        // Requests made while waiting are answered by this snapshot; only those during the query ask for another.
        this.pending = false;
        this.started();
        await this.send();
      } while (this.pending && !this.closed.signal.aborted);
    } finally {
      this.busy = false;
    }
  }
}
