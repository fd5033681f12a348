/**
 * startUiServer with a settable clock, for pages whose rules depend on the hour (预约 check-in within
 * 30 minutes of the slot, cases past their promised date). Pair it with `page.clock.setFixedTime`
 * so the browser and the server agree on "now".
 */
import type { Clock } from '../../server/clock.ts';
import { ManualClock, type TestServer } from '../helpers/server.ts';
import { startUiServer } from './helpers.ts';

export { ManualClock };

/** The real clock, shifted: time runs as usual, and a test can jump days ahead (a follow-up falls due). */
export class ShiftedClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
}

export function startUiServerAt(clock: Clock): Promise<TestServer> {
  return startUiServer({ clock });
}

/** Today in the hall's zone (Asia/Shanghai) at a given wall time, as an instant. */
export function hallTodayAt(hhmm: string, from: Date = new Date()): Date {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(from);
  return new Date(`${day}T${hhmm}:00+08:00`);
}
