import { addWorkingDays, type WorkCalendar } from './working-days.ts';
import { instantOf } from './time.ts';

/**
 * 三级代办 "1153": a village passes the materials up within 1 working day, each hall on the way
 * within 1 more, the county decides within the matter's promised time, and the result goes back
 * down within 1 working day a hand. A due time is the end of its working day, hall time.
 */
export const HAND_OVER_WORKING_DAYS = 1;

export type ProxyStatus = 'received' | 'forwarded' | 'accepted' | 'returned' | 'delivered';
export type ProxyAction = 'record' | 'forward' | 'accept' | 'return' | 'deliver';

/** The end (24:00) of the working day `n` working days after `day`. */
export function dueAfter(day: string, n: number, cal: WorkCalendar, timeZone: string): number {
  return instantOf(addWorkingDays(day, n, cal), 24 * 60, timeZone);
}

/** A hand-over after its due time is late (flagged on every board). */
export const isLate = (at: number, dueAt: number | null) => dueAt !== null && at > dueAt;

const NEXT: Record<Exclude<ProxyAction, 'record'>, ProxyStatus[]> = {
  forward: ['received', 'forwarded'],
  accept: ['received', 'forwarded'],
  return: ['accepted', 'returned'],
  deliver: ['returned', 'accepted'],
};

/** Whether an action may follow the status (forward while going up, return once accepted …). */
export const canDo = (action: Exclude<ProxyAction, 'record'>, status: string) => NEXT[action].includes(status as ProxyStatus);
