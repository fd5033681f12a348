// The package is minified CommonJS: Node's ESM loader sees no named exports in it, but its default
// export (the same functions) is there under every loader (Node, esbuild, vitest).
import chineseDays from 'chinese-days';
import type { WorkCalendar } from './working-days.ts';

/**
 * The State Council's yearly arrangement (法定节假日 and the 调休 weekend days worked), as the
 * `chinese-days` package publishes it; kept current by updating the package, never typed in by a
 * hall. Only the departures from Monday-to-Friday are listed: weekday days off and weekend days worked.
 */
const byYear = new Map<number, WorkCalendar>();

export function nationalCalendar(year: number): WorkCalendar {
  const known = byYear.get(year);
  if (known) return known;
  const holidays: string[] = [];
  const workdays: string[] = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 86_400_000) {
    const day = new Date(ms).toISOString().slice(0, 10);
    const weekend = [0, 6].includes(new Date(ms).getUTCDay());
    const { work } = chineseDays.getDayDetail(day);
    if (!work && !weekend) holidays.push(day);
    else if (work && weekend) workdays.push(day);
  }
  const cal = { holidays, workdays };
  byYear.set(year, cal);
  return cal;
}

/** The national days of the years `from` to `to` (inclusive), one calendar. */
export function nationalCalendarOf(from: number, to: number): WorkCalendar {
  const years = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => nationalCalendar(from + i));
  return { holidays: years.flatMap((c) => c.holidays), workdays: years.flatMap((c) => c.workdays) };
}

/**
 * The hall's own days win over the national ones: a day the hall marks as worked is worked even
 * when the nation rests, and a day it marks off is off even when it is a national 调休 day.
 */
export function withHallDays(national: WorkCalendar, own: WorkCalendar): WorkCalendar {
  return {
    holidays: [...national.holidays.filter((d) => !own.workdays.includes(d)), ...own.holidays],
    workdays: [...national.workdays.filter((d) => !own.holidays.includes(d)), ...own.workdays],
  };
}

/** The package's data starts in 2004; years it does not know yet list nothing (weekends only). */
const FIRST_YEAR = 2004;
const LAST_YEAR = 2100;
let everyYear: WorkCalendar | null = null;

/** The calendar a hall counts working days on: the national arrangement with the hall's own days on top. */
export function hallWorkCalendar(own: WorkCalendar): WorkCalendar {
  everyYear ??= nationalCalendarOf(FIRST_YEAR, LAST_YEAR);
  return withHallDays(everyYear, own);
}

/** The stored JSON of halls.calendar: the hall's own days only. */
export function parseOwnDays(json: string | null | undefined): WorkCalendar {
  const raw = json ? (JSON.parse(json) as Partial<WorkCalendar>) : {};
  return { holidays: [...(raw.holidays ?? [])], workdays: [...(raw.workdays ?? [])] };
}
