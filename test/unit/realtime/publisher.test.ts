import { describe, expect, it } from 'vitest';
import type { Server } from 'socket.io';
import { Publisher } from '../../../server/realtime/publisher.ts';
import type { Sequenced } from '../../../server/services/events.ts';

/** A stand-in for socket.io's server that records what would be emitted to which rooms. */
function fakeIo() {
  const sent: Array<{ rooms: string[]; event: string; seq: number; ticketId?: string }> = [];
  const io = {
    to(room: string) {
      const rooms = [room];
      const chain = {
        to(r: string) {
          rooms.push(r);
          return chain;
        },
        emit(event: string, msg: { seq: number; ticketId?: string }) {
          sent.push({ rooms, event, seq: msg.seq, ...(msg.ticketId ? { ticketId: msg.ticketId } : {}) });
          return true;
        },
      };
      return chain;
    },
  };
  return { io: io as unknown as Server, sent };
}

const queue = (seq: number): Sequenced => ({ type: 'queue', hallId: 'h', categoryId: 'c', waiting: seq, seq });

describe('Publisher: committed events reach sockets in seq order', () => {
  it('emits in order even when transactions resume out of order', () => {
    const { io, sent } = fakeIo();
    const p = new Publisher(io, 1000);
    p.prime('h', 10);
    p.publish([queue(12)]);
    expect(sent).toEqual([]); // 11 has not been published yet: 12 waits
    p.publish([queue(11)]);
    expect(sent.map((s) => s.seq)).toEqual([11, 12]);
    p.close();
  });

  it('lets held events go after the hold time when the missing one never comes (clients then resync)', async () => {
    const { io, sent } = fakeIo();
    const p = new Publisher(io, 30);
    p.prime('h', 0);
    p.publish([queue(2), queue(3)]);
    expect(sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(sent.map((s) => s.seq)).toEqual([2, 3]);
    p.publish([queue(4)]);
    expect(sent.map((s) => s.seq)).toEqual([2, 3, 4]);
    p.close();
  });

  it('sends a call with its id to staff and the ticket, by number to anonymous screens; ticket events only to the ticket', () => {
    const { io, sent } = fakeIo();
    const p = new Publisher(io);
    p.prime('h', 0);
    p.publish([
      { type: 'call', hallId: 'h', ticketId: 't1', number: 'A001', windowId: 'w', windowNo: 1, windowName: '综窗', categoryName: '综合受理', recall: false, at: '', seq: 1 },
      { type: 'ticket', hallId: 'h', ticketId: 't1', status: 'called', number: 'A001', windowNo: 1, seq: 0 },
    ]);
    expect(sent).toEqual([
      { rooms: ['hall:h:staff', 'ticket:t1'], event: 'call', seq: 1, ticketId: 't1' },
      { rooms: ['hall:h:public'], event: 'call', seq: 1 },
      { rooms: ['ticket:t1'], event: 'ticket', seq: 0, ticketId: 't1' },
    ]);
    p.close();
  });
});
