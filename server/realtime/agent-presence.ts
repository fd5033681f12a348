import type { AgentPresenceMessage, AgentStatus, AlertMessage } from '../../protocol/agent.ts';
import type { Database } from '../db/index.ts';
import type { AgentPresenceTable } from '../db/schema/agent.ts';

export interface PresenceDeps {
  db: Database;
  now(): number;
  toIso(hallId: string, ms: number): string;
  /** Not heard for longer than this: silent, one alert. */
  silentMs: number;
  /** Only the leader runs the silence check, so a cluster raises each alert once. */
  isLeader(): boolean;
  /** To the hall's managers on every instance (through the socket.io adapter). */
  toManagers(hallId: string, event: 'agent', m: AgentPresenceMessage): void;
  toManagers(hallId: string, event: 'alert', m: AlertMessage): void;
}

interface Written {
  at: number;
  status: string;
}

/**
 * The hall's device agents as the whole cluster sees them, kept in `agent_presence`: which socket
 * holds each (any instance), when it was last heard, its printer and HID devices. Hearing an agent
 * is written at most every `writeEveryMs` unless what it reports changed, so heartbeats cost little;
 * managers get an `agent` message on every write that changes what they see. The leader's sweep
 * marks an agent silent once (`silent_since`) and raises the alert; hearing it again clears it.
 */
export class AgentPresence {
  private written = new Map<string, Written>();
  private timer: NodeJS.Timeout;
  private readonly writeEveryMs: number;

  constructor(private readonly deps: PresenceDeps) {
    this.writeEveryMs = Math.max(50, Math.min(5000, Math.floor(deps.silentMs / 4)));
    this.timer = setInterval(() => void this.sweep().catch(() => undefined), Math.max(100, Math.min(5000, Math.floor(deps.silentMs / 4))));
    this.timer.unref();
  }

  async connected(d: { hallId: string; deviceId: string; name: string; kind: string; windowId: string | null }, connId: string): Promise<void> {
    const now = this.deps.now();
    const row = { hall_id: d.hallId, name: d.name, kind: d.kind, window_id: d.windowId, conn_id: connId, last_heard_at: now, silent_since: null };
    await this.deps.db
      .insertInto('agent_presence')
      .values({ device_id: d.deviceId, ...row, devices: '[]' })
      .onConflict((oc) => oc.column('device_id').doUpdateSet(row))
      .execute();
    this.written.set(d.deviceId, { at: now, status: '' });
    await this.announce(d.deviceId);
  }

  /** Any message of the agent's socket; `status` when it sent its heartbeat. */
  async heard(deviceId: string, connId: string, status?: AgentStatus): Promise<void> {
    const now = this.deps.now();
    const last = this.written.get(deviceId);
    const key = status ? JSON.stringify([status.printerState ?? null, status.devices]) : last?.status ?? '';
    if (last && key === last.status && now - last.at < this.writeEveryMs) return;
    this.written.set(deviceId, { at: now, status: key });
    const before = await this.row(deviceId);
    if (!before) return;
    await this.deps.db
      .updateTable('agent_presence')
      .set({
        last_heard_at: now, silent_since: null, conn_id: connId,
        ...(status ? { printer_state: status.printerState ?? before.printer_state, devices: JSON.stringify(status.devices) } : {}),
      })
      .where('device_id', '=', deviceId)
      .execute();
    if (before.silent_since !== null || before.conn_id !== connId || (status && key !== JSON.stringify([before.printer_state, JSON.parse(before.devices)]))) await this.announce(deviceId);
  }

  /** This socket let go; another (a reconnect, maybe to another instance) may hold the agent already. */
  async disconnected(deviceId: string, connId: string): Promise<void> {
    const r = await this.deps.db.updateTable('agent_presence').set({ conn_id: null }).where('device_id', '=', deviceId).where('conn_id', '=', connId).executeTakeFirst();
    if (this.written.get(deviceId)) this.written.delete(deviceId);
    if (Number(r.numUpdatedRows) > 0) await this.announce(deviceId);
  }

  async list(hallId: string): Promise<AgentPresenceMessage[]> {
    const rows = await this.deps.db.selectFrom('agent_presence').selectAll().where('hall_id', '=', hallId).orderBy('name').execute();
    return rows.map((r) => this.view(r));
  }

  /** The leader's check: each agent not heard for `silentMs` is marked silent once and alerted. */
  async sweep(): Promise<void> {
    if (!this.deps.isLeader()) return;
    const now = this.deps.now();
    const quiet = await this.deps.db.selectFrom('agent_presence').selectAll().where('silent_since', 'is', null).where('last_heard_at', '<', now - this.deps.silentMs).execute();
    for (const r of quiet) {
      // Conditional: an agent heard meanwhile (on any instance) is not silent after all.
      const u = await this.deps.db.updateTable('agent_presence').set({ silent_since: now }).where('device_id', '=', r.device_id).where('silent_since', 'is', null).where('last_heard_at', '=', r.last_heard_at).executeTakeFirst();
      if (Number(u.numUpdatedRows) === 0) continue;
      this.deps.toManagers(r.hall_id, 'agent', this.view({ ...r, silent_since: now }));
      this.deps.toManagers(r.hall_id, 'alert', { code: 'AGENT_SILENT', deviceId: r.device_id, name: r.name, lastHeardAt: this.deps.toIso(r.hall_id, r.last_heard_at) });
    }
  }

  close(): void {
    clearInterval(this.timer);
  }

  private row(deviceId: string) {
    return this.deps.db.selectFrom('agent_presence').selectAll().where('device_id', '=', deviceId).executeTakeFirst();
  }

  private async announce(deviceId: string): Promise<void> {
    const r = await this.row(deviceId);
    if (r) this.deps.toManagers(r.hall_id, 'agent', this.view(r));
  }

  private view(r: AgentPresenceTable): AgentPresenceMessage {
    return {
      deviceId: r.device_id, name: r.name, kind: r.kind, windowId: r.window_id, connected: r.conn_id !== null,
      lastHeardAt: this.deps.toIso(r.hall_id, Number(r.last_heard_at)), printerState: r.printer_state, devices: JSON.parse(r.devices) as AgentStatus['devices'],
      silent: r.silent_since !== null,
    };
  }
}
