/** Calendar days ('YYYY-MM-DD') and clock times ('HH:MM') in the hall's time zone. */

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The hall's wall-clock time now, 'HH:MM'. */
export function hallNowHhmm(timeZone: string, at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** '6月10日' / 'Jun 10' and the weekday, for a hall day (no time zone shift: the day is already the hall's). */
export function dayParts(day: string, locale: string): { date: string; weekday: string } {
  const at = new Date(`${day}T12:00:00Z`);
  return {
    date: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(at),
    weekday: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short' }).format(at),
  };
}

/** A full hall day for a summary line: '2025年6月10日 星期二'. */
export function dayLong(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(new Date(`${day}T12:00:00Z`));
}

/** An ISO time the server wrote with the hall's offset, read as hall wall time: 'YYYY-MM-DD HH:MM'. */
export const isoHallTime = (iso: string): string => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso);
