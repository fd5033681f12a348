/** The socket.io contract (path /socket.io): one typed event map shared by server and UIs. */
import type { Hall, Ticket, Window } from './schemas.ts';
import type { AgentDisplay, AgentJob, AgentPresenceMessage, AlertMessage, WindowScanMessage } from './agent.ts';
import type { AlertClearedMessage, HallAlert } from './oversight.ts';
import type { DisplaySoundMessage } from './voice.ts';

/** `agent`: the device agent of a kiosk or window PC, with its device token in `token` (no hallId needed). */
export type ClientRole = 'display' | 'window' | 'kiosk' | 'manager' | 'ticket' | 'agent';

export interface ConnectAuth {
  hallId: string;
  role: ClientRole;
  windowId?: string;
  ticketId?: string;
  /** role `ticket`: the secret in the ticket's QR (ticket.html#key=…). */
  ticketKey?: string;
  token?: string;
  /** A client coming back (to any instance): the `at` of the last call it has; the snapshot then lists every call since. */
  callsSince?: string;
}

export interface CallMessage {
  seq: number;
  /** Only for staff roles and the ticket's own room: anonymous screens name tickets by number. */
  ticketId?: string;
  number: string;
  windowId: string;
  windowNo: number;
  windowName: string;
  categoryName: string;
  recall: boolean;
  at: string;
}

export interface QueueMessage {
  seq: number;
  categoryId: string;
  waiting: number;
  /** Numbers taken today in the category (against its daily quota). */
  issuedToday?: number;
  /** The wait a number taken now would have, in minutes (server/services/wait-estimate.ts). */
  estimatedWaitMinutes?: number;
  /** On an issue in an issuing period: the numbers taken in that period (index into the category's periods), against its quota. */
  issuedInPeriod?: { index: number; n: number };
}

export interface WindowMessage {
  seq: number;
  windowId: string;
  status: string;
  currentNumber: string | null;
  /** The current ticket's status: `called` (请到…窗口) until the clerk starts serving it (正在办理). */
  currentStatus: string | null;
  pauseReason: string | null;
}

export interface TicketMessage {
  seq: number;
  ticketId: string;
  status: string;
  number: string;
  windowNo: number | null;
}

/** A kiosk's or window's printer changed state: ok, paper_out, cover_open, offline, error, unknown, unreachable. */
export interface PrinterMessage {
  seq: number;
  printerUri: string;
  deviceId: string | null;
  /** The kiosk's name (e.g. 1号自助取号机), for people. */
  deviceName: string | null;
  windowId: string | null;
  state: string;
}

export interface Snapshot {
  seq: number;
  hall: Hall;
  recentCalls: CallMessage[];
  /** Last known state of every printer of the hall. */
  printers: Array<Omit<PrinterMessage, 'seq'> & { checkedAt: string }>;
  /** role `window`: its window; role `ticket`: its ticket. */
  window?: Window;
  ticket?: Ticket;
}

export interface ServerToClientEvents {
  snapshot: (s: Snapshot) => void;
  call: (m: CallMessage) => void;
  queue: (m: QueueMessage) => void;
  window: (m: WindowMessage) => void;
  ticket: (m: TicketMessage) => void;
  printer: (m: PrinterMessage) => void;
  error: (e: { code: string; message: string }) => void;
  /** Managers: one agent's presence changed; `agents` lists them all on connect. */
  agent: (m: AgentPresenceMessage) => void;
  agents: (m: AgentPresenceMessage[]) => void;
  /**
   * Managers: an agent was not heard from for too long (`code`), or a 进厅不办事 / 效能监察 alert
   * was raised (`kind`; the same shape as GET /api/halls/:hallId/alerts). Managers only.
   */
  alert: (m: AlertMessage | HallAlert) => void;
  /** Managers: a `kind` alert's condition ended. */
  'alert:cleared': (m: AlertClearedMessage) => void;
  /** Managers: a wall display reported its sound (a mute one is red on the dashboard at once). */
  'display:sound': (m: DisplaySoundMessage) => void;
  /** Role `window`: the window's scanner read a case or a ticket; the console opens it. */
  scan: (m: WindowScanMessage) => void;
  /** Role `agent`: a print job; acknowledge on receipt, answer with `agent:job-result`. */
  'agent:job': (job: AgentJob, received: (r: { received: true }) => void) => void;
  /** Role `agent`: what the keypad display shows. */
  'agent:display': (m: AgentDisplay) => void;
  /** Role `agent`, on connect: what device it runs as (a kiosk's agent reads a boot keyboard as a scanner). */
  'agent:hello': (m: { deviceId: string; kind: string; windowId: string | null }) => void;
}

export interface ClientToServerEvents {
  /** `callsSince`: the `at` of the last call the client has; the snapshot's recentCalls then hold every call from then on. */
  resync: (opts?: { callsSince?: string }) => void;
}
