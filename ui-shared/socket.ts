import { io, type Socket } from 'socket.io-client';
import type { AgentPresenceMessage, AlertMessage, WindowScanMessage } from '../protocol/agent.ts';
import type { AlertClearedMessage, HallAlert } from '../protocol/oversight.ts';
import type { DisplaySoundMessage } from '../protocol/voice.ts';
import type { CallMessage, ClientToServerEvents, ConnectAuth, PrinterMessage, QueueMessage, ServerToClientEvents, Snapshot, TicketMessage, WindowMessage } from '../protocol/events.ts';

export type HallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface FeedHandlers {
  /** The first snapshot, and every one after a reconnect or a resync. */
  snapshot?(s: Snapshot, first: boolean): void;
  call?(m: CallMessage): void;
  queue?(m: QueueMessage): void;
  window?(m: WindowMessage): void;
  printer?(m: PrinterMessage): void;
  ticket?(m: TicketMessage): void;
  /** Managers: the hall's device agents (all on connect, then one at a time) and silence alerts. */
  agents?(m: AgentPresenceMessage[]): void;
  agent?(m: AgentPresenceMessage): void;
  alert?(m: AlertMessage): void;
  /** Managers: a 进厅不办事 / 效能监察 alert raised, or cleared. */
  hallAlert?(m: HallAlert): void;
  alertCleared?(m: AlertClearedMessage): void;
  /** Managers: a display reported its sound. */
  displaySound?(m: DisplaySoundMessage): void;
  /** Role `window`: the window's scanner named a case or a ticket. */
  scan?(m: WindowScanMessage): void;
  connection?(online: boolean): void;
  refused?(code: string): void;
}

type HallEvent =
  | { kind: 'call'; m: CallMessage }
  | { kind: 'queue'; m: QueueMessage }
  | { kind: 'window'; m: WindowMessage }
  | { kind: 'printer'; m: PrinterMessage }
  /** A hall-wide event this client does not know (a newer server): it only advances `seq`. */
  | { kind: 'other'; m: { seq: number } };

/** Refusals for a limit of the server (server/realtime/limits.ts): socket.io does not retry those on its own. */
const RETRY_LATER = new Set(['RATE_LIMITED', 'TOO_MANY_CONNECTIONS']);

/** Events that are not part of the hall-wide sequence, or that have their own handler below. */
const NOT_SEQUENCED = new Set(['snapshot', 'ticket', 'error', 'call', 'queue', 'window', 'printer', 'scan']);

/**
 * A hall-wide event stream in `seq` order. An event with `seq === last + 1` is applied; an older
 * one is a duplicate; a gap asks the server for a fresh snapshot (`resync`) and holds later
 * events until it comes, so nothing is applied out of order and nothing is missed.
 */
export class HallFeed {
  readonly socket: HallSocket;
  private last = -1;
  private waiting = false;
  private held: HallEvent[] = [];
  private snapshots = 0;
  private closed = false;
  /** A ticket client gets only its own ticket's events (calls included): gaps there are normal. */
  private readonly unordered: boolean;

  constructor(auth: ConnectAuth, private readonly on: FeedHandlers) {
    this.unordered = auth.role === 'ticket';
    this.socket = io({ path: '/socket.io', auth: { ...auth }, transports: ['websocket', 'polling'] });
    const s = this.socket;
    s.on('connect', () => on.connection?.(true));
    s.on('disconnect', () => {
      // The server sends a snapshot on every (re)connect.
      this.waiting = true;
      on.connection?.(false);
    });
    s.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      on.connection?.(false);
      if (err.data?.code) on.refused?.(err.data.code);
      // A wall display must come back by itself; the jitter keeps a hall's screens from returning all at once.
      if (RETRY_LATER.has(err.data?.code ?? '')) setTimeout(() => this.closed || s.connect(), 10_000 + Math.random() * 20_000);
    });
    s.on('snapshot', (snap) => this.onSnapshot(snap));
    s.on('call', (m) => this.onEvent({ kind: 'call', m }));
    s.on('queue', (m) => this.onEvent({ kind: 'queue', m }));
    s.on('window', (m) => this.onEvent({ kind: 'window', m }));
    s.on('printer', (m) => this.onEvent({ kind: 'printer', m }));
    // Any other event with a seq takes a place in the hall-wide sequence: skipping it would look
    // like a gap and make this client resync on every such event.
    s.onAny((name: string, m?: { seq?: unknown }) => {
      if (NOT_SEQUENCED.has(name) || typeof m?.seq !== 'number') return;
      this.onEvent({ kind: 'other', m: { seq: m.seq } });
    });
    // A ticket client sees only its own ticket's events, so gaps there are normal.
    s.on('ticket', (m) => on.ticket?.(m));
    s.on('agents', (m) => on.agents?.(m));
    s.on('agent', (m) => on.agent?.(m));
    // One event name for both kinds of alert: an agent's silence has a `code`, an oversight alert a `kind`.
    s.on('alert', (m) => ('code' in m ? on.alert?.(m) : on.hallAlert?.(m)));
    s.on('alert:cleared', (m) => on.alertCleared?.(m));
    s.on('display:sound', (m) => on.displaySound?.(m));
    s.on('scan', (m) => on.scan?.(m));
  }

  get seq(): number {
    return this.last;
  }

  resync(): void {
    this.waiting = true;
    this.socket.emit('resync');
  }

  close(): void {
    this.closed = true;
    this.socket.close();
  }

  private onSnapshot(snap: Snapshot): void {
    this.last = snap.seq;
    this.waiting = false;
    this.on.snapshot?.(snap, this.snapshots++ === 0);
    const held = this.held.sort((a, b) => a.m.seq - b.m.seq);
    this.held = [];
    for (const e of held) this.onEvent(e);
  }

  private onEvent(e: HallEvent): void {
    if (this.unordered) return this.apply(e);
    if (this.last < 0 || this.waiting) {
      this.held.push(e);
      return;
    }
    if (e.m.seq <= this.last) return;
    if (e.m.seq !== this.last + 1) {
      this.held.push(e);
      this.resync();
      return;
    }
    this.last = e.m.seq;
    this.apply(e);
  }

  private apply(e: HallEvent): void {
    if (e.kind === 'call') this.on.call?.(e.m);
    else if (e.kind === 'queue') this.on.queue?.(e.m);
    else if (e.kind === 'window') this.on.window?.(e.m);
    else if (e.kind === 'printer') this.on.printer?.(e.m);
  }
}

/** Stable identity of a call, to tell calls seen live from those only in a snapshot's recentCalls. */
export const callKey = (c: CallMessage): string => `${c.windowId}|${c.number}|${c.at}|${c.recall ? 'r' : 'c'}`;
