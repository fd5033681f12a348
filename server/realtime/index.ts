import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, ConnectAuth, ServerToClientEvents } from '../../protocol/events.ts';
import { DomainError } from '../domain/errors.ts';
import { authenticateStaff } from '../services/staff.ts';
import { snapshot } from '../services/snapshot.ts';
import { consistentRead } from '../db/unit-of-work.ts';
import { MAX_MESSAGE_BYTES, RealtimeLimits } from './limits.ts';
import { holdsKey, keyedTicket } from '../services/ticket-keys.ts';
import type { Audience } from '../services/audience.ts';
import { reaches } from '../services/scope.ts';
import { hallRoom, managersRoom, Publisher, ticketRoom, windowRoom } from './publisher.ts';
import { joinCluster } from './cluster.ts';
import { SharedSnapshots } from './shared-snapshots.ts';
import { admitAgent, agentSockets } from './agent-socket.ts';

type IO = Server<ClientToServerEvents, ServerToClientEvents>;
type Client = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { auth: ConnectAuth }>;

declare module 'fastify' {
  interface FastifyInstance {
    io: IO;
    realtimeLimits: RealtimeLimits;
  }
}

const ROLES = new Set(['display', 'window', 'kiosk', 'manager', 'ticket']);

/** Roles admitted with a staff token see ticket ids; display, kiosk and ticket clients see the hall by numbers. */
const audienceOfRole = (role: ConnectAuth['role']): Audience => (role === 'window' || role === 'manager' ? 'staff' : 'public');

class ConnectError extends Error {
  data: { code: string };
  constructor(code: string, message: string) {
    super(message);
    this.data = { code };
  }
}

/** socket.io on the Fastify server: roles, rooms per hall and ticket, snapshot on connect and on `resync`. */
export default fp(
  async function realtime(app: FastifyInstance) {
    // Made before the cluster joins: relayed events reach it from then on.
    const agents = agentSockets(app as FastifyInstance);
    const io: IO = new Server(app.server, { path: '/socket.io', serveClient: false, maxHttpBufferSize: MAX_MESSAGE_BYTES });
    const limits = new RealtimeLimits(app.config, app.anonymousLimit);
    app.decorate('realtimeLimits', limits);
    const cluster = app.config.databaseUrl
      ? await joinCluster(io, app.config.databaseUrl, app.log, (events) => {
          publisher.publish(events);
          agents.committed(events, true);
        })
      : null;
    // To this instance's own sockets only (other instances send the same events to theirs, ./cluster.ts);
    // made after the adapter is set, which `io.local` binds to.
    const publisher = new Publisher(io.local);
    for (const h of await app.db.selectFrom('halls').select(['id', 'event_seq']).execute()) publisher.prime(h.id, Number(h.event_seq));
    app.decorate('io', io);
    app.onCommitted((events) => {
      publisher.publish(events);
      agents.committed(events, false);
      cluster?.relay(events);
    });

    const shared = new SharedSnapshots(
      (hallId, audience) => consistentRead(app.db, (trx) => snapshot(trx, app.ctx, hallId, audience)),
      (socketIds, snap) => io.local.to(socketIds).emit('snapshot', snap),
    );
    io.use(limits.handshake);
    io.use(async (socket, next) => {
      try {
        // The device agent names itself by its device token alone; its hall and window come from it.
        if ((socket.handshake.auth as Partial<ConnectAuth>).role === 'agent') {
          socket.data.agent = await admitAgent(app, (socket.handshake.auth as Partial<ConnectAuth>).token);
          return next();
        }
        (socket as Client).data.auth = await admit(app, socket.handshake.auth as Partial<ConnectAuth>);
        next();
      } catch (err) {
        next(err instanceof ConnectError ? err : (err as { data?: { code: string } }).data ? (err as ConnectError) : new ConnectError('INTERNAL', 'connection refused'));
      }
    });
    io.use(limits.admitted);

    io.on('connection', (s) => {
      if (s.data.agent) return agents.attach(s, s.data.agent);
      const socket = s as Client;
      const auth = socket.data.auth;
      const audience = audienceOfRole(auth.role);
      if (auth.role === 'ticket') socket.join(ticketRoom(auth.ticketId!));
      else socket.join(hallRoom(auth.hallId, audience));
      if (auth.role === 'manager') socket.join(managersRoom(auth.hallId));
      // The clerk console of one window: what that window's scanner names is opened there.
      if (auth.role === 'window') socket.join(windowRoom(auth.windowId!));
      // Coalesced resyncs ask from the earliest time any of them asked for (calls since then are re-sent).
      let callsSince: number | undefined;
      const askSince = (v: unknown) => {
        const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
        if (Number.isFinite(t)) callsSince = callsSince === undefined ? t : Math.min(callsSince, t);
      };
      const send = async () => {
        const since = callsSince;
        callsSince = undefined;
        const windowId = auth.role === 'window' ? auth.windowId : undefined;
        try {
          if (!windowId && !auth.ticketId && since === undefined) return await shared.send(socket.id, auth.hallId, audience);
          const snap = await consistentRead(app.db, (trx) => snapshot(trx, app.ctx, auth.hallId, audience, { windowId, ticketId: auth.ticketId, callsSince: since }));
          socket.emit('snapshot', snap);
        } catch (err) {
          app.log.warn({ err }, 'snapshot failed');
          socket.emit('error', { code: err instanceof DomainError ? err.code : 'INTERNAL', message: 'snapshot failed' });
        }
      };
      const snapshots = limits.attach(socket, send);
      socket.on('resync', (opts) => {
        askSince(opts?.callsSince);
        snapshots.request();
      });
      askSince(auth.callsSince);
      snapshots.request();
      if (auth.role === 'manager') void agents.presence.list(auth.hallId).then((list) => socket.emit('agents', list), (err) => app.log.warn({ err }, 'agent list failed'));
    });

    app.addHook('onClose', async () => {
      agents.close();
      publisher.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await cluster?.close();
    });
  },
  { name: 'realtime', dependencies: ['core', 'rate-limit'] },
);

async function admit(app: FastifyInstance, auth: Partial<ConnectAuth>): Promise<ConnectAuth> {
  if (typeof auth.hallId !== 'string' || typeof auth.role !== 'string' || !ROLES.has(auth.role)) {
    throw new ConnectError('BAD_AUTH', 'auth needs {hallId, role} with role display, window, kiosk, manager or ticket');
  }
  const hall = await app.db.selectFrom('halls').select('id').where('id', '=', auth.hallId).executeTakeFirst();
  if (!hall) throw new ConnectError('HALL_NOT_FOUND', 'unknown hall');
  const staff = async () => {
    const actor = typeof auth.token === 'string' ? await authenticateStaff(app.db, app.ctx, auth.token) : null;
    if (!actor) throw new ConnectError('INVALID_TOKEN', 'a valid staff token is required');
    // The same wall as HTTP: staff are admitted only to the rooms of halls in their scope.
    if (!(await reaches(app.db, actor, { hallId: auth.hallId! }))) throw new ConnectError('OTHER_HALL', 'this hall is outside your scope');
    return actor;
  };
  if (auth.role === 'window') {
    await staff();
    const w = typeof auth.windowId === 'string' ? await app.db.selectFrom('windows').select('hall_id').where('id', '=', auth.windowId).executeTakeFirst() : undefined;
    if (!w || w.hall_id !== auth.hallId) throw new ConnectError('WINDOW_NOT_FOUND', 'unknown window');
  }
  if (auth.role === 'manager') {
    const actor = await staff();
    if (actor.role !== 'manager' && actor.role !== 'admin') throw new ConnectError('ROLE_NOT_ALLOWED', 'manager role required');
  }
  if (auth.role === 'ticket') {
    const t = typeof auth.ticketId === 'string' ? await keyedTicket(app.db, auth.ticketId) : undefined;
    if (!t || t.hall_id !== auth.hallId) throw new ConnectError('TICKET_NOT_FOUND', 'unknown ticket');
    // The ticket's room hears its calls with ids: only its holder joins it.
    const key = typeof auth.ticketKey === 'string' ? auth.ticketKey : undefined;
    if (!holdsKey(t, key)) throw new ConnectError(key ? 'TICKET_KEY_INVALID' : 'TICKET_KEY_REQUIRED', "the secret in the ticket's QR is required");
  }
  return { hallId: auth.hallId, role: auth.role, windowId: auth.windowId, ticketId: auth.ticketId, callsSince: auth.callsSince };
}
