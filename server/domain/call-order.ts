import type { Priority } from './rules.ts';

/**
 * The call order of the contract, as a pure function:
 * tickets transferred to this window itself, then the green channel, then priority classes
 * (at most `maxConsecutivePriority` in a row while a normal ticket waits), then checked-in
 * appointments whose slot has begun, then the window's categories in order of preference,
 * then earliest arrival (sort key, then number).
 */
export interface QueuedTicket {
  id: string;
  categoryId: string;
  seq: number;
  priority: Priority | null;
  /** Original arrival time (ms), moved only by 过号重排. */
  sortKey: number;
  targetWindowId: string | null;
  appointmentSlotStart: number | null;
}

export interface CallingWindow {
  id: string;
  /** categoryId -> rank, 1 = most preferred. */
  categoryRanks: ReadonlyMap<string, number>;
  priorityStreak: number;
}

export interface CallDecision<T extends QueuedTicket> {
  ticket: T;
  /** The window's streak of consecutive priority calls after this call. */
  priorityStreak: number;
}

const enum Band {
  Transferred = 0,
  Green = 1,
  Priority = 2,
  Appointment = 3,
  Normal = 4,
  /** Priority tickets held back by the interleave rule. */
  HeldPriority = 5,
}

export const isPriorityClass = (t: QueuedTicket) => t.priority !== null && t.priority !== 'green';

export function eligibleAt(t: QueuedTicket, w: CallingWindow): boolean {
  if (t.targetWindowId !== null) return t.targetWindowId === w.id;
  return w.categoryRanks.has(t.categoryId);
}

function band(t: QueuedTicket, w: CallingWindow, holdPriority: boolean, now: number): Band {
  if (t.targetWindowId === w.id) return Band.Transferred;
  if (t.priority === 'green') return Band.Green;
  if (isPriorityClass(t)) return holdPriority ? Band.HeldPriority : Band.Priority;
  if (t.appointmentSlotStart !== null && t.appointmentSlotStart <= now) return Band.Appointment;
  return Band.Normal;
}

function compareArrival(a: QueuedTicket, b: QueuedTicket): number {
  return a.sortKey - b.sortKey || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Orders the tickets a window may call, first to be called first. */
export function orderForWindow<T extends QueuedTicket>(
  tickets: readonly T[],
  w: CallingWindow,
  maxConsecutivePriority: number,
  now: number,
): T[] {
  const eligible = tickets.filter((t) => eligibleAt(t, w));
  const normalWaits = eligible.some((t) => !isPriorityClass(t) && t.priority !== 'green');
  const hold = normalWaits && w.priorityStreak >= maxConsecutivePriority;
  const rank = (t: T) => w.categoryRanks.get(t.categoryId) ?? Number.MAX_SAFE_INTEGER;
  return eligible
    .map((t) => ({ t, b: band(t, w, hold, now), r: rank(t) }))
    .sort((x, y) => {
      if (x.b !== y.b) return x.b - y.b;
      // Preference order decides among ordinary tickets; privileged bands go by arrival alone.
      if (x.b >= Band.Appointment && x.r !== y.r) return x.r - y.r;
      return compareArrival(x.t, y.t);
    })
    .map((x) => x.t);
}

export function nextStreak(t: QueuedTicket, streak: number): number {
  if (t.priority === 'green') return streak;
  return isPriorityClass(t) ? streak + 1 : 0;
}

export function pickNext<T extends QueuedTicket>(
  tickets: readonly T[],
  w: CallingWindow,
  maxConsecutivePriority: number,
  now: number,
): CallDecision<T> | null {
  const [first] = orderForWindow(tickets, w, maxConsecutivePriority, now);
  return first ? { ticket: first, priorityStreak: nextStreak(first, w.priorityStreak) } : null;
}

/**
 * How many waiting tickets of the same queue come before `t` (for 您前面还有 N 人):
 * the category's own order (green, priority, started appointments, arrival), without the
 * per-window interleave, which depends on who calls next.
 */
/**
 * The band a ticket is counted ahead by (green, priority class, appointment begun, the rest);
 * services/queue.ts countAhead applies it to the few privileged tickets and counts the plain ones
 * in the database, so the count needs no queue in memory.
 */
export const aheadBand = (x: QueuedTicket, now: number): number =>
  x.priority === 'green' ? 0 : isPriorityClass(x) ? 1 : x.appointmentSlotStart !== null && x.appointmentSlotStart <= now ? 2 : 3;

export function waitingAhead(t: QueuedTicket, waiting: readonly QueuedTicket[], now: number): number {
  const key = (x: QueuedTicket) => aheadBand(x, now);
  const sameQueue = (x: QueuedTicket) =>
    x.id !== t.id && (t.targetWindowId !== null ? x.targetWindowId === t.targetWindowId : x.targetWindowId === null && x.categoryId === t.categoryId);
  const kt = key(t);
  return waiting.filter((x) => sameQueue(x) && (key(x) < kt || (key(x) === kt && compareArrival(x, t) < 0))).length;
}

/**
 * 过号重排: the sort key that puts a returning no-show after the first `n` waiting tickets of
 * its queue. `keys` are those tickets' sort keys, ascending.
 */
export function requeueSortKey(keys: readonly number[], n: number, now: number): number {
  if (keys.length === 0) return now;
  if (keys.length <= n) return keys[keys.length - 1] + 0.001;
  const after = keys[n - 1] ?? keys[0] - 0.002;
  const before = keys[n];
  return before - after > 0.002 ? (after + before) / 2 : after + 0.001;
}
