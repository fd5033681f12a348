/**
 * 承诺时限 are counted in working days (行政许可法 art. 82): weekends and public holidays are
 * skipped, and the 调休 Saturdays or Sundays a hall works count. The hall keeps both lists.
 */
export interface WorkCalendar {
  /** 'YYYY-MM-DD' days off that would otherwise be working days. */
  holidays: readonly string[];
  /** 'YYYY-MM-DD' weekend days that are worked (调休). */
  workdays: readonly string[];
}

export const EMPTY_CALENDAR: WorkCalendar = { holidays: [], workdays: [] };

const toUtc = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
};
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function isWorkingDay(day: string, cal: WorkCalendar): boolean {
  if (cal.workdays.includes(day)) return true;
  if (cal.holidays.includes(day)) return false;
  const dow = new Date(toUtc(day)).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The date `n` working days after `day` (the day of acceptance itself does not count); n = 0 is the same day (即办). */
export function addWorkingDays(day: string, n: number, cal: WorkCalendar = EMPTY_CALENDAR): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number >= 0, got ${n}`);
  let ms = toUtc(day);
  let left = n;
  while (left > 0) {
    ms += 86_400_000;
    if (isWorkingDay(fromUtc(ms), cal)) left -= 1;
  }
  return fromUtc(ms);
}

/** `day` itself when it is worked, else the next working day: a deadline a citizen is given never falls on a day off. */
export function workingDayOnOrAfter(day: string, cal: WorkCalendar = EMPTY_CALENDAR): string {
  let ms = toUtc(day);
  while (!isWorkingDay(fromUtc(ms), cal)) ms += 86_400_000;
  return fromUtc(ms);
}

/** A case is overdue (超时) once its promised date has passed without a decision. */
export function isOverdue(promisedDate: string, today: string, decided: boolean): boolean {
  return !decided && today > promisedDate;
}

/** How many working days come after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysAfter(from: string, to: string, cal: WorkCalendar = EMPTY_CALENDAR): number {
  let n = 0;
  for (let ms = toUtc(from) + 86_400_000; ms <= toUtc(to); ms += 86_400_000) if (isWorkingDay(fromUtc(ms), cal)) n += 1;
  return n;
}

/** The last working day before `day`. */
export function previousWorkingDay(day: string, cal: WorkCalendar = EMPTY_CALENDAR): string {
  let ms = toUtc(day) - 86_400_000;
  // A calendar of nothing but days off would never end; a year back is as far as a promise reaches.
  for (let i = 0; i < 366 && !isWorkingDay(fromUtc(ms), cal); i++) ms -= 86_400_000;
  return fromUtc(ms);
}
