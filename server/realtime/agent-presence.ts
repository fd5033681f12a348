import type { AgentPresenceMessage, AgentStatus, AlertMessage } from '../../protocol/agent.ts';

interface Entry {
  hallId: string;
  deviceId: string;
  name: string;
  kind: string;
  windowId: string | null;
  sockets: number;
  lastHeard: number | null;
  printerState: string | null;
  devices: AgentStatus['devices'];
  silent: boolean;
}

/**
 * The agents of each hall as this instance hears them: connected or not, when last heard, their
 * printer and HID devices. One heard from longer ago than `silentMs` (connected but mute, or
 * gone) is silent: `onAlert` fires once per silence, `onChange` on every change, for managers.
 */
export class AgentPresence {
  private agents = new Map<string, Entry>();
  private timer: NodeJS.Timeout;

  constructor(
    private readonly silentMs: number,
    private readonly now: () => number,
    private readonly toIso: (hallId: string, ms: number) => string,
    private readonly onChange: (hallId: string, m: AgentPresenceMessage) => void,
    private readonly onAlert: (hallId: string, m: AlertMessage) => void,
  ) {
    this.timer = setInterval(() => this.sweep(), Math.max(100, Math.min(5000, Math.floor(silentMs / 4))));
    this.timer.unref();
  }

  connected(d: Omit<Entry, 'sockets' | 'lastHeard' | 'printerState' | 'devices' | 'silent'>): void {
    const e = this.agents.get(d.deviceId) ?? { ...d, sockets: 0, lastHeard: null, printerState: null, devices: [], silent: false };
    e.sockets += 1;
    this.agents.set(d.deviceId, e);
    this.heard(d.deviceId);
  }

  disconnected(deviceId: string): void {
    const e = this.agents.get(deviceId);
    if (!e) return;
    e.sockets = Math.max(0, e.sockets - 1);
    this.onChange(e.hallId, this.view(e));
  }

  heard(deviceId: string, status?: AgentStatus): void {
    const e = this.agents.get(deviceId);
    if (!e) return;
    e.lastHeard = this.now();
    e.silent = false;
    if (status) {
      e.printerState = status.printerState ?? e.printerState;
      e.devices = status.devices;
    }
    this.onChange(e.hallId, this.view(e));
  }

  list(hallId: string): AgentPresenceMessage[] {
    return [...this.agents.values()].filter((e) => e.hallId === hallId).map((e) => this.view(e));
  }

  sweep(): void {
    const now = this.now();
    for (const e of this.agents.values()) {
      if (e.silent || e.lastHeard === null || now - e.lastHeard <= this.silentMs) continue;
      e.silent = true;
      this.onChange(e.hallId, this.view(e));
      this.onAlert(e.hallId, { code: 'AGENT_SILENT', deviceId: e.deviceId, name: e.name, lastHeardAt: this.toIso(e.hallId, e.lastHeard) });
    }
  }

  close(): void {
    clearInterval(this.timer);
  }

  private view(e: Entry): AgentPresenceMessage {
    return {
      deviceId: e.deviceId, name: e.name, kind: e.kind, windowId: e.windowId, connected: e.sockets > 0,
      lastHeardAt: e.lastHeard === null ? null : this.toIso(e.hallId, e.lastHeard), printerState: e.printerState, devices: e.devices, silent: e.silent,
    };
  }
}
