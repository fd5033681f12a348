import { conflict } from './errors.ts';
import type { HallRules } from './rules.ts';
import { instantOf, parseHhMm } from './time.ts';

/** A bookable slot of a category, the same every day, hall time. */
export interface AppointmentSlot {
  start: string; // 'HH:MM'
  end: string; // 'HH:MM'
  capacity: number;
}

/** Builds equal slots between two times, e.g. every 30 minutes from 09:00 to 12:00. */
export function evenSlots(from: string, to: string, minutes: number, capacity: number): AppointmentSlot[] {
  const out: AppointmentSlot[] = [];
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  for (let m = parseHhMm(from); m + minutes <= parseHhMm(to); m += minutes) out.push({ start: hhmm(m), end: hhmm(m + minutes), capacity });
  return out;
}

export type CheckIn = 'too_early' | 'open' | 'missed';

/** 签到: within [start − early, start + grace]; after that the booking is a no-show. */
export function checkInState(now: number, day: string, slot: { start: string }, timeZone: string, rules: HallRules): CheckIn {
  const start = instantOf(day, parseHhMm(slot.start), timeZone);
  if (now < start - rules.checkInEarlyMinutes * 60_000) return 'too_early';
  if (now > start + rules.appointmentGraceMinutes * 60_000) return 'missed';
  return 'open';
}

export function assertCanCheckIn(state: CheckIn, slotStart: string, rules: HallRules): void {
  if (state === 'too_early') {
    throw conflict('CHECK_IN_TOO_EARLY', `预约时段 ${slotStart} 开始前${rules.checkInEarlyMinutes}分钟内方可签到`, { slotStart, checkInEarlyMinutes: rules.checkInEarlyMinutes });
  }
  if (state === 'missed') throw conflict('APPOINTMENT_MISSED', '已超过预约签到时间，请现场取号');
}
