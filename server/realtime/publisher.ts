import type { BroadcastOperator } from 'socket.io';
import type { ServerToClientEvents } from '../../protocol/events.ts';
import { callFor, type Audience } from '../services/audience.ts';
import { isHallWide, type Sequenced } from '../services/events.ts';

/**
 * A hall has two rooms with one `seq`: staff roles (window with a staff token, manager) get
 * messages with ticket ids, anonymous screens (display, kiosk) the same messages by number only.
 */
export const hallRoom = (hallId: string, audience: Audience) => `hall:${hallId}:${audience}`;
export const ticketRoom = (ticketId: string) => `ticket:${ticketId}`;
/** Managers of a hall (and admins): oversight alerts go here, never to clerks' consoles or public screens. */
export const managersRoom = (hallId: string) => `hall:${hallId}:managers`;
/** The clerk consoles (role `window`, staff token) open at one window. */
export const windowRoom = (windowId: string) => `window:${windowId}`;

/** Where the publisher sends: `io.local`, this instance's own sockets (other instances publish to theirs). */
type IO = Pick<BroadcastOperator<ServerToClientEvents, any>, 'to'>;

/**
 * Turns committed domain events into socket messages, in hall-wide `seq` order. Transactions
 * commit in seq order but their callers resume in any order, so an event that arrives early
 * waits (briefly) for the ones before it: displays never see a call out of order.
 */
export class Publisher {
  private expected = new Map<string, number>();
  private held = new Map<string, Map<number, Sequenced>>();
  private timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly io: IO, private readonly holdMs = 1000) {}

  /** The last seq already in the database for a hall (read at start). */
  prime(hallId: string, lastSeq: number): void {
    this.expected.set(hallId, lastSeq + 1);
  }

  publish(events: readonly Sequenced[]): void {
    for (const e of events) {
      // Ticket events belong to one phone, not the hall, and take no hall seq (see unit-of-work).
      if (isHallWide(e)) this.enqueue(e);
      else this.emit(e);
    }
  }

  private enqueue(e: Sequenced): void {
    const exp = this.expected.get(e.hallId);
    if (exp === undefined || e.seq === exp) {
      this.emit(e);
      this.expected.set(e.hallId, e.seq + 1);
      this.drain(e.hallId);
      return;
    }
    if (e.seq < exp) return this.emit(e); // late after a flush: still deliver; clients resync on the gap
    let h = this.held.get(e.hallId);
    if (!h) this.held.set(e.hallId, (h = new Map()));
    h.set(e.seq, e);
    if (!this.timers.has(e.hallId)) {
      this.timers.set(e.hallId, setTimeout(() => this.flush(e.hallId), this.holdMs).unref());
    }
  }

  private drain(hallId: string): void {
    const h = this.held.get(hallId);
    let exp = this.expected.get(hallId)!;
    while (h?.has(exp)) {
      this.emit(h.get(exp)!);
      h.delete(exp);
      exp += 1;
    }
    this.expected.set(hallId, exp);
    if (!h || h.size === 0) this.clearTimer(hallId);
  }

  /** The missing events never came (should not happen): deliver what is held; clients see the gap and resync. */
  private flush(hallId: string): void {
    this.timers.delete(hallId);
    const h = this.held.get(hallId);
    if (!h || h.size === 0) return;
    const seqs = [...h.keys()].sort((a, b) => a - b);
    this.expected.set(hallId, seqs[0]);
    this.drain(hallId);
  }

  private clearTimer(hallId: string): void {
    const t = this.timers.get(hallId);
    if (t) clearTimeout(t);
    this.timers.delete(hallId);
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private emit(e: Sequenced): void {
    switch (e.type) {
      case 'call': {
        const { type: _t, hallId, ...msg } = e;
        // The ticket's own room may see its id (its holder proved the key).
        this.io.to(hallRoom(hallId, 'staff')).to(ticketRoom(e.ticketId)).emit('call', msg);
        this.io.to(hallRoom(hallId, 'public')).emit('call', callFor(msg, 'public'));
        break;
      }
      case 'queue': {
        const { type: _t, hallId, ...msg } = e;
        this.io.to(hallRoom(hallId, 'staff')).to(hallRoom(hallId, 'public')).emit('queue', msg);
        break;
      }
      case 'window': {
        const { type: _t, hallId, ...msg } = e;
        this.io.to(hallRoom(hallId, 'staff')).to(hallRoom(hallId, 'public')).emit('window', msg);
        break;
      }
      case 'printer': {
        const { type: _t, hallId, ...msg } = e;
        this.io.to(hallRoom(hallId, 'staff')).to(hallRoom(hallId, 'public')).emit('printer', msg);
        break;
      }
      case 'alert':
        this.io.to(managersRoom(e.hallId)).emit('alert', e.alert);
        break;
      case 'alert_cleared':
        this.io.to(managersRoom(e.hallId)).emit('alert:cleared', e.cleared);
        break;
      case 'display_sound': {
        const { type: _t, hallId, seq: _s, ...msg } = e;
        this.io.to(managersRoom(hallId)).emit('display:sound', msg);
        break;
      }
      case 'scan': {
        // No seq: not a hall-wide event, and a client reading a seq would take it for a gap.
        const { type: _t, hallId: _h, seq: _s, ...msg } = e;
        this.io.to(windowRoom(e.windowId)).emit('scan', msg);
        break;
      }
      case 'ticket': {
        const { type: _t, hallId: _h, ...msg } = e;
        this.io.to(ticketRoom(e.ticketId)).emit('ticket', msg);
        break;
      }
    }
  }
}
