import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io';
import type { AgentDisplay, AgentInput, AgentStatus, InputAck } from '../../protocol/agent.ts';
import { DomainError } from '../domain/errors.ts';
import { isoInZone } from '../domain/time.ts';
import { actOnInput } from '../services/agent-input.ts';
import { agentQueue } from '../services/agent-jobs.ts';
import type { Actor } from '../services/context.ts';
import { authenticateDevice } from '../services/devices.ts';
import type { Sequenced } from '../services/events.ts';
import { loadHall, loadWaiting, today } from '../services/queue.ts';
import { loadWindow } from '../services/window-view.ts';
import { JobPusher } from './agent-jobs.ts';
import { AgentPresence } from './agent-presence.ts';
import { hallRoom } from './publisher.ts';

/** Devices that may connect as `agent`: the agent runs with its kiosk's or window's device token. */
const AGENT_KINDS = new Set(['agent', 'kiosk', 'keypad', 'evaluator']);
const agentRoom = (deviceId: string) => `agent:${deviceId}`;
const windowAgentsRoom = (windowId: string) => `agent-window:${windowId}`;

type AgentActor = Actor & { name: string; timeZone: string };

export async function admitAgent(app: FastifyInstance, token: unknown): Promise<AgentActor> {
  const actor = typeof token === 'string' ? await authenticateDevice(app.db, token) : null;
  if (!actor) throw Object.assign(new Error('a valid device token is required'), { data: { code: 'INVALID_DEVICE_TOKEN' } });
  if (!AGENT_KINDS.has(actor.deviceKind ?? '')) throw Object.assign(new Error('this device cannot run an agent'), { data: { code: 'NOT_AN_AGENT' } });
  const d = await app.db.selectFrom('devices').innerJoin('halls', 'halls.id', 'devices.hall_id').select(['devices.name', 'halls.time_zone']).where('devices.id', '=', actor.deviceId!).executeTakeFirstOrThrow();
  return { ...actor, name: d.name, timeZone: d.time_zone };
}

const printQueueOf = (actor: Actor): string | null => {
  try {
    return agentQueue(actor);
  } catch {
    return null; // a keypad or evaluator token: no printer of its own
  }
};

/**
 * The agent's socket: presses and scans in (each answered by an ack, acted on once by its id),
 * print jobs out and their results in (./agent-jobs.ts), status and heartbeats in (presence in the
 * database, so managers on every instance see it), the keypad display out after every change of
 * its window or queue. Every incoming event goes through the socket limits (./limits.ts).
 */
export function agentSockets(app: FastifyInstance) {
  const zones = new Map<string, string>();
  const presence = new AgentPresence({
    db: app.db,
    now: () => app.ctx.clock.now(),
    toIso: (hallId, ms) => isoInZone(ms, zones.get(hallId) ?? 'Asia/Shanghai'),
    silentMs: app.config.agentSilentMs,
    isLeader: () => app.leader?.isLeader() ?? false,
    // Through the adapter, not io.local: a manager on any instance hears it, sent by one instance only.
    toManagers: (hallId: string, event: 'agent' | 'alert', m: never) => void app.io.to(hallRoom(hallId, 'staff')).emit(event, m),
  });

  async function display(windowId: string): Promise<AgentDisplay> {
    const w = await loadWindow(app.db, windowId);
    const hall = await loadHall(app.db, w.hall_id);
    const cur = w.current_ticket_id ? await app.db.selectFrom('tickets').select('number').where('id', '=', w.current_ticket_id).executeTakeFirst() : undefined;
    const waiting = await loadWaiting(app.db, hall.id, today(hall, app.ctx.clock.now()), { categoryIds: [...w.ranks.keys()], windowId: w.id });
    return { windowNo: w.no, currentNumber: cur?.number ?? null, waiting: waiting.length };
  }

  const windowsWithAgents = new Map<string, Set<string>>();
  const pushers = new Map<string, Set<JobPusher>>();
  // One refresh at a time per window, so an older count never arrives after a newer one.
  const chains = new Map<string, Promise<void>>();
  const refresh = (windowId: string) => {
    const next = (chains.get(windowId) ?? Promise.resolve())
      .then(() => display(windowId))
      .then((d) => void app.io.local.to(windowAgentsRoom(windowId)).emit('agent:display', d))
      .catch((err) => app.log.warn({ err, windowId }, 'keypad display not sent'));
    chains.set(windowId, next);
    return next;
  };

  /**
   * Committed events, this instance's and (relayed) every other's: a print job wakes the pusher of
   * its agent wherever the agent is connected, and (relayed only: the printing plugin hears its
   * own) its long poll; a change of a hall's windows or queues refreshes its keypads' displays.
   */
  function committed(events: readonly Sequenced[], relayed: boolean): void {
    for (const e of events) {
      if (e.type !== 'print' || !e.printerUri.startsWith('agent:')) continue;
      for (const p of pushers.get(e.printerUri) ?? []) p.kick();
      if (relayed) app.agentInbox.notify(e.printerUri);
    }
    const halls = new Set(events.filter((e) => e.type === 'window' || e.type === 'queue').map((e) => e.hallId));
    for (const h of halls) for (const w of windowsWithAgents.get(h) ?? []) void refresh(w);
  }

  function attach(socket: Socket, actor: AgentActor): void {
    const deviceId = actor.deviceId!;
    const hallId = actor.hallId!;
    const heard = (status?: AgentStatus) => void presence.heard(deviceId, socket.id, status).catch((err) => app.log.warn({ err }, 'agent presence not written'));
    app.realtimeLimits.attachAgent(socket);
    zones.set(hallId, actor.timeZone);
    socket.join(agentRoom(deviceId));
    if (actor.deviceWindowId) {
      socket.join(windowAgentsRoom(actor.deviceWindowId));
      const set = windowsWithAgents.get(hallId) ?? new Set();
      windowsWithAgents.set(hallId, set.add(actor.deviceWindowId));
      void refresh(actor.deviceWindowId);
    }
    const queue = printQueueOf(actor);
    const pusher = queue ? new JobPusher(app, socket, actor) : null;
    if (queue && pusher) pushers.set(queue, (pushers.get(queue) ?? new Set()).add(pusher));
    socket.emit('agent:hello', { deviceId, kind: actor.deviceKind, windowId: actor.deviceWindowId ?? null });
    void presence.connected({ hallId, deviceId, name: actor.name, kind: actor.deviceKind!, windowId: actor.deviceWindowId ?? null }, socket.id).catch((err) => app.log.warn({ err }, 'agent presence not written'));

    socket.on('agent:input', async (input: AgentInput, ack?: (a: InputAck) => void) => {
      heard();
      let answer: InputAck;
      try {
        answer = { ok: true, result: await app.run((trx) => actOnInput(trx, app.ctx, actor, input)) };
      } catch (err) {
        if (!(err instanceof DomainError)) app.log.error({ err }, 'agent input failed');
        answer = { ok: false, error: err instanceof DomainError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: 'input not handled' } };
      }
      if (typeof ack === 'function') ack(answer);
    });
    socket.on('agent:ready', () => {
      heard();
      pusher?.start();
    });
    socket.on('agent:job-result', async (result: unknown, ack?: (a: unknown) => void) => {
      heard();
      const answer = pusher ? await pusher.result(result) : { ok: false, error: { code: 'NOT_A_PRINTER_AGENT', message: 'this device has no print queue' } };
      if (typeof ack === 'function') ack(answer);
    });
    socket.on('agent:status', (status: AgentStatus) => {
      if (!status || !Array.isArray(status.devices) || status.devices.length > 32) return;
      heard({ printerState: typeof status.printerState === 'string' ? status.printerState.slice(0, 32) : undefined, devices: status.devices.slice(0, 32) });
      // The heartbeat also catches a job whose wake-up was lost (an instance died before relaying it).
      pusher?.kick();
    });
    socket.on('disconnect', () => {
      pusher?.stop();
      if (queue && pusher) pushers.get(queue)?.delete(pusher);
      void presence.disconnected(deviceId, socket.id).catch((err) => app.log.warn({ err }, 'agent presence not written'));
    });
  }

  return { attach, committed, presence, close: () => presence.close() };
}
