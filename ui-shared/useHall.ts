import type { DisplaySoundMessage } from '../protocol/voice.ts';
import { onBeforeUnmount, ref, shallowRef } from 'vue';
import type { CallMessage, ClientRole, PrinterMessage, QueueMessage, Snapshot, WindowMessage } from '../protocol/events.ts';
import type { Hall } from '../protocol/schemas.ts';
import type { AgentPresenceMessage, AlertMessage, WindowScanMessage } from '../protocol/agent.ts';
import type { HallAlert } from '../protocol/oversight.ts';
import { api, ApiError } from './api.ts';
import { resolveHallId } from './hall.ts';
import { HallFeed } from './socket.ts';

export interface HallOptions {
  role: Exclude<ClientRole, 'ticket'>;
  /** The hall, when the page has chosen it (staff: one they manage); else resolveHallId's. */
  hallId?: string;
  windowId?: string;
  token?: string;
  onSnapshot?(s: Snapshot, first: boolean): void;
  onCall?(m: CallMessage): void;
  onQueue?(m: QueueMessage): void;
  onWindow?(m: WindowMessage): void;
  onPrinter?(m: PrinterMessage): void;
  onRefused?(code: string): void;
  /** Role `window`: this window's scanner read a case or a ticket. */
  onScan?(m: WindowScanMessage): void;
}

/** A device credential the server will never take: not a network fault. */
export const DEVICE_REFUSALS = new Set(['INVALID_DEVICE_TOKEN', 'NOT_A_WINDOW_DEVICE']);

export type HallPrinter = Snapshot['printers'][number];

/** The hall as a live reactive object: loaded over HTTP, then kept current by the socket feed. */
export function useHall(opts: HallOptions) {
  const hallId = ref('');
  const hall = ref<Hall | null>(null);
  const recentCalls = ref<CallMessage[]>([]);
  const online = ref(true);
  const loadError = ref<unknown>(null);
  /**
   * The server refused this device's credential (revoked, or never enrolled here): retrying cannot
   * help, staff must enrol the device again. The code, or null while the credential is good.
   */
  const deviceRefused = ref<string | null>(null);
  const feed = shallowRef<HallFeed | null>(null);
  /** Last known state of each printer of the hall, by URI (snapshot, then live `printer` events). */
  const printers = ref<HallPrinter[]>([]);
  /** Managers: the hall's device agents, live, and the silence alerts not yet answered by the agent speaking again. */
  const agents = ref<AgentPresenceMessage[]>([]);
  const alerts = ref<AlertMessage[]>([]);
  /** Managers: the open 进厅不办事 / 效能监察 alerts, fetched on every snapshot (so a reconnect misses none), then live. */
  const hallAlerts = ref<HallAlert[]>([]);
  /** Managers: the sound each display reported since this page connected, newest per display (live `display:sound`). */
  const displaySounds = ref<DisplaySoundMessage[]>([]);
  const loadHallAlerts = async () => {
    if (opts.role !== 'manager' || !opts.token) return;
    try {
      hallAlerts.value = await api<HallAlert[]>(`/api/halls/${encodeURIComponent(hallId.value)}/alerts`, { token: opts.token });
    } catch {
      // Kept as they were; the next snapshot tries again.
    }
  };

  async function start(): Promise<void> {
    try {
      // Awaited even when given: the id arrives after setup, so the page's watchers on it see it come.
      hallId.value = await (opts.hallId ?? resolveHallId());
      hall.value = await api<Hall>(`/api/halls/${encodeURIComponent(hallId.value)}`);
      loadError.value = null;
    } catch (err) {
      loadError.value = err;
      online.value = false;
      if (err instanceof ApiError && DEVICE_REFUSALS.has(err.code)) {
        deviceRefused.value = err.code;
        return;
      }
      setTimeout(() => void start(), 5000);
      return;
    }
    feed.value = new HallFeed(
      { hallId: hallId.value, role: opts.role, windowId: opts.windowId, token: opts.token },
      {
        connection: (on) => (online.value = on),
        refused: (code) => opts.onRefused?.(code),
        snapshot: (s, first) => {
          hall.value = s.hall;
          recentCalls.value = [...s.recentCalls];
          printers.value = (s.printers ?? []).map((p) => ({ ...p }));
          void loadHallAlerts();
          opts.onSnapshot?.(s, first);
        },
        call: (m) => {
          recentCalls.value = [m, ...recentCalls.value].slice(0, 20);
          opts.onCall?.(m);
        },
        queue: (m) => {
          const c = hall.value?.categories.find((x) => x.id === m.categoryId);
          if (c) {
            c.waiting = m.waiting;
            if (m.issuedToday !== undefined) c.issuedToday = m.issuedToday;
            if (m.estimatedWaitMinutes !== undefined) c.estimatedWaitMinutes = m.estimatedWaitMinutes;
            if (m.issuedInPeriod) {
              const counts = [...(c.issuedByPeriod ?? c.periods.map(() => 0))];
              counts[m.issuedInPeriod.index] = m.issuedInPeriod.n;
              c.issuedByPeriod = counts;
            }
          }
          opts.onQueue?.(m);
        },
        window: (m) => {
          const w = hall.value?.windows.find((x) => x.id === m.windowId);
          if (w) {
            w.status = m.status;
            w.pauseReason = m.pauseReason;
            // Keep the staff-only id while the ticket is the same one.
            w.currentTicket = m.currentNumber ? { ...(w.currentTicket?.number === m.currentNumber ? w.currentTicket : {}), number: m.currentNumber, status: m.currentStatus ?? 'called' } : null;
            w.currentNumber = m.currentNumber;
          }
          opts.onWindow?.(m);
        },
        printer: (m) => {
          const entry: HallPrinter = { printerUri: m.printerUri, deviceId: m.deviceId, deviceName: m.deviceName, windowId: m.windowId, state: m.state, checkedAt: new Date().toISOString() };
          printers.value = [entry, ...printers.value.filter((p) => p.printerUri !== m.printerUri)];
          opts.onPrinter?.(m);
        },
        agents: (list) => {
          agents.value = list;
          alerts.value = alerts.value.filter((a) => list.some((x) => x.deviceId === a.deviceId && x.silent));
        },
        agent: (m) => {
          agents.value = [m, ...agents.value.filter((a) => a.deviceId !== m.deviceId)];
          if (!m.silent) alerts.value = alerts.value.filter((a) => a.deviceId !== m.deviceId);
        },
        scan: (m) => opts.onScan?.(m),
        alert: (m) => (alerts.value = [m, ...alerts.value.filter((a) => a.deviceId !== m.deviceId)]),
        hallAlert: (m) => (hallAlerts.value = [...hallAlerts.value.filter((a) => a.id !== m.id), m]),
        alertCleared: (m) => (hallAlerts.value = hallAlerts.value.filter((a) => a.id !== m.id)),
        displaySound: (m) => (displaySounds.value = [m, ...displaySounds.value.filter((d) => d.deviceId !== m.deviceId)]),
      },
    );
  }

  void start();
  onBeforeUnmount(() => feed.value?.close());
  return { hallId, hall, recentCalls, online, loadError, feed, printers, agents, alerts, hallAlerts, displaySounds, deviceRefused };
}
