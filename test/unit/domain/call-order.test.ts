import { describe, expect, it } from 'vitest';
import { orderForWindow, pickNext, requeueSortKey, waitingAhead, type CallingWindow, type QueuedTicket } from '../../../server/domain/call-order.ts';
import type { Priority } from '../../../server/domain/rules.ts';

/** A ticket in a table row: `A3` means category A, seq 3, arriving at minute 3 unless told otherwise. */
function tk(id: string, o: { at?: number; priority?: Priority; to?: string; slot?: number; seq?: number } = {}): QueuedTicket {
  const seq = o.seq ?? Number(id.replace(/\D/g, ''));
  return {
    id,
    categoryId: id.replace(/[^A-Z]/g, '').slice(0, 1),
    seq,
    priority: o.priority ?? null,
    sortKey: o.at ?? seq * 60_000,
    targetWindowId: o.to ?? null,
    appointmentSlotStart: o.slot ?? null,
  };
}
const win = (serves: string[], streak = 0, id = 'w1'): CallingWindow => ({ id, categoryRanks: new Map(serves.map((c, i) => [c, i + 1])), priorityStreak: streak });
const NOW = 100 * 60_000;
const MAX = 2;

describe('orderForWindow: the call order of one window', () => {
  it.each<[string, CallingWindow, QueuedTicket[], string[]]>([
    ['earliest arrival within a category', win(['A']), [tk('A2'), tk('A1'), tk('A3')], ['A1', 'A2', 'A3']],
    ['preferred category before an earlier ticket of a less preferred one', win(['A', 'F']), [tk('F1', { at: 1 }), tk('A1', { at: 5 })], ['A1', 'F1']],
    ['the window’s own preference, not the category’s', win(['F', 'A']), [tk('A1', { at: 1 }), tk('F1', { at: 5 })], ['F1', 'A1']],
    ['categories the window does not serve are not eligible', win(['A']), [tk('B1', { at: 1 }), tk('A1', { at: 5 })], ['A1']],
    ['transferred to this window comes first, even of an unserved category', win(['A']), [tk('A1', { at: 1 }), tk('A2', { at: 2, priority: 'green' }), tk('B9', { at: 50, to: 'w1' })], ['B9', 'A2', 'A1']],
    ['a ticket transferred to another window is not eligible here', win(['A']), [tk('A1', { at: 1, to: 'w2' }), tk('A2', { at: 2 })], ['A2']],
    ['green channel before priority and normal', win(['A']), [tk('A1', { at: 1 }), tk('A2', { at: 2, priority: 'elderly' }), tk('A3', { at: 3, priority: 'green' })], ['A3', 'A2', 'A1']],
    ['green of a less preferred category still first', win(['A', 'F']), [tk('A1', { at: 1 }), tk('F1', { at: 9, priority: 'green' })], ['F1', 'A1']],
    ['priority classes before normal while the streak is short', win(['A'], 1), [tk('A1', { at: 1 }), tk('A2', { at: 2, priority: 'military' })], ['A2', 'A1']],
    ['priority held back after maxConsecutivePriority calls in a row', win(['A'], 2), [tk('A1', { at: 5 }), tk('A2', { at: 1, priority: 'pregnant' })], ['A1', 'A2']],
    ['a priority-only queue is still called after the streak', win(['A'], 2), [tk('A2', { at: 2, priority: 'elderly' }), tk('A1', { at: 1, priority: 'disabled' })], ['A1', 'A2']],
    ['a waiting green ticket does not hold priority back', win(['A'], 2), [tk('A1', { at: 1, priority: 'green' }), tk('A2', { at: 2, priority: 'elderly' })], ['A1', 'A2']],
    ['priority tickets go by arrival, not category preference', win(['A', 'F']), [tk('A1', { at: 5, priority: 'elderly' }), tk('F1', { at: 1, priority: 'elderly' })], ['F1', 'A1']],
    ['an appointment whose slot began comes before walk-ins', win(['A']), [tk('A1', { at: 1 }), tk('A2', { at: 2, slot: NOW - 1 })], ['A2', 'A1']],
    ['an appointment whose slot begins exactly now counts as begun', win(['A']), [tk('A1', { at: 1 }), tk('A2', { at: 2, slot: NOW })], ['A2', 'A1']],
    ['an appointment whose slot has not begun waits like a walk-in', win(['A']), [tk('A2', { at: 2, slot: NOW + 60_000 }), tk('A1', { at: 1 })], ['A1', 'A2']],
    ['a begun appointment of a less preferred category before walk-ins', win(['A', 'F']), [tk('A1', { at: 1 }), tk('F1', { at: 2, slot: NOW - 1 })], ['F1', 'A1']],
    ['priority before a begun appointment', win(['A']), [tk('A1', { at: 1, slot: NOW - 1 }), tk('A2', { at: 2, priority: 'elderly' })], ['A2', 'A1']],
    ['equal arrival times broken by number', win(['A']), [tk('A3', { at: 7 }), tk('A1', { at: 7 }), tk('A2', { at: 7 })], ['A1', 'A2', 'A3']],
    ['a re-queued key between two tickets', win(['A']), [tk('A1', { at: 10 }), tk('A5', { at: 10.5 }), tk('A2', { at: 11 })], ['A1', 'A5', 'A2']],
    ['nothing eligible: empty', win(['C']), [tk('A1'), tk('B1')], []],
  ])('%s', (_name, w, tickets, expected) => {
    expect(orderForWindow(tickets, w, MAX, NOW).map((t) => t.id)).toEqual(expected);
  });
});

/** Calls a window dry, one pickNext at a time, carrying the priority streak as the service does. */
function drain(tickets: QueuedTicket[], w: CallingWindow, max = MAX): string[] {
  const left = [...tickets];
  const order: string[] = [];
  let streak = w.priorityStreak;
  for (;;) {
    const d = pickNext(left, { ...w, priorityStreak: streak }, max, NOW);
    if (!d) return order;
    order.push(d.ticket.id);
    streak = d.priorityStreak;
    left.splice(left.indexOf(d.ticket), 1);
  }
}

describe('pickNext: priority interleave over a whole queue (maxConsecutivePriority = 2)', () => {
  const P = (n: number, p: Priority = 'elderly') => tk(`A${n}`, { at: n, priority: p });
  const N = (n: number) => tk(`A${n}`, { at: n });
  it.each<[string, QueuedTicket[], number, string[]]>([
    ['P,P,N,P,P,N,…', [N(1), N(2), N(3), P(11), P(12), P(13), P(14), P(15)], 0, ['A11', 'A12', 'A1', 'A13', 'A14', 'A2', 'A15', 'A3']],
    ['the streak carried by the window counts', [N(1), P(11), P(12)], 1, ['A11', 'A1', 'A12']],
    ['only priority waiting: all called in arrival order', [P(3), P(1), P(2), P(4)], 2, ['A1', 'A2', 'A3', 'A4']],
    ['green neither counts nor resets the streak', [N(1), N(2), P(11), P(12), tk('A20', { at: 20, priority: 'green' }), P(13)], 0, ['A20', 'A11', 'A12', 'A1', 'A13', 'A2']],
    ['green at a full streak, then the held normal', [N(1), P(11), tk('A20', { at: 20, priority: 'green' })], 2, ['A20', 'A1', 'A11']],
    ['a normal call resets the streak', [N(1), N(2), P(11), P(12), P(13)], 2, ['A1', 'A11', 'A12', 'A2', 'A13']],
  ])('%s', (_name, tickets, streak, expected) => {
    expect(drain(tickets, win(['A'], streak))).toEqual(expected);
  });

  it('reports the streak after the call', () => {
    expect(pickNext([tk('A1', { priority: 'elderly' })], win(['A'], 1), MAX, NOW)?.priorityStreak).toBe(2);
    expect(pickNext([tk('A1')], win(['A'], 2), MAX, NOW)?.priorityStreak).toBe(0);
    expect(pickNext([tk('A1', { priority: 'green' })], win(['A'], 1), MAX, NOW)?.priorityStreak).toBe(1);
    expect(pickNext([tk('B1')], win(['A']), MAX, NOW)).toBeNull();
  });
});

describe('waitingAhead: 您前面还有 N 人', () => {
  const q = [tk('A1'), tk('A2'), tk('A3'), tk('B1'), tk('A4', { to: 'w2' }), tk('A5', { priority: 'elderly' }), tk('A6', { priority: 'green' }), tk('A7', { slot: NOW - 1 }), tk('A8', { slot: NOW + 1 })];
  const byId = (id: string) => q.find((t) => t.id === id)!;
  it.each<[string, string, number]>([
    ['the first walk-in has the privileged ones ahead', 'A1', 3],
    ['a later walk-in also has earlier walk-ins ahead', 'A3', 5],
    ['a walk-in whose appointment has not begun waits by arrival', 'A8', 6],
    ['green has nobody ahead', 'A6', 0],
    ['priority has only green ahead', 'A5', 1],
    ['a begun appointment has green and priority ahead', 'A7', 2],
    ['another category is its own queue', 'B1', 0],
    ['a ticket sent to a window counts only that window’s tickets', 'A4', 0],
  ])('%s', (_name, id, ahead) => {
    expect(waitingAhead(byId(id), q, NOW)).toBe(ahead);
  });
});

describe('requeueSortKey: 过号重排 after N waiting tickets', () => {
  it.each<[string, number[], number, number]>([
    ['no one waiting: now', [], 3, NOW],
    ['fewer than N waiting: after the last', [10, 20], 3, 20.001],
    ['exactly N waiting: after the last', [10, 20, 30], 3, 30.001],
    ['more than N: between the Nth and the next', [10, 20, 30, 40, 50], 3, 35],
    ['same-millisecond neighbours: just after the Nth', [10, 20, 30, 30, 50], 3, 30.001],
    ['N = 0: before the first', [10, 20], 0, 9.999],
  ])('%s', (_name, keys, n, expected) => {
    expect(requeueSortKey(keys, n, NOW)).toBeCloseTo(expected, 6);
  });

  it.each([0, 1, 2, 3, 5])('a re-queued ticket lands after %i waiting tickets in the call order', (n) => {
    const waiting = [1, 2, 3, 4, 5, 6].map((i) => tk(`A${i + 1}`, { at: i * 60_000 }));
    const back = tk('A1', { at: requeueSortKey(waiting.map((t) => t.sortKey), n, NOW) });
    const order = orderForWindow([...waiting, back], win(['A']), MAX, NOW).map((t) => t.id);
    expect(order.indexOf('A1')).toBe(n);
  });

  // issueTicket keeps sort keys 0.01 ms apart within a day, even for one millisecond's burst.
  it('lands after N tickets issued within one millisecond', () => {
    const waiting = [2, 3, 4, 5].map((i) => tk(`A${i}`, { at: 1000 + (i - 2) * 0.01 }));
    const back = tk('A1', { at: requeueSortKey(waiting.map((t) => t.sortKey), 2, NOW) });
    expect(orderForWindow([...waiting, back], win(['A']), MAX, NOW).map((t) => t.id)).toEqual(['A2', 'A3', 'A1', 'A4', 'A5']);
  });
});
