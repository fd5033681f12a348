/**
 * 考勤 from a window's status log: who had the window open, for how long within the hall's hours,
 * who opened late or closed early, and how long it was paused for which reason. Pure: the
 * service reads the log and the hours, this counts.
 */
export interface WindowLogEntry {
  at: number;
  /** open | paused | closed */
  status: string;
  /** The clerk at the window after this entry; null on a close. */
  staffId: string | null;
  reason: string | null;
}

export interface Attendance {
  /** Days on which the person had a window open at all. */
  daysWorked: number;
  openMinutes: number;
  pausedMinutes: number;
  pausesByReason: Record<string, number>;
  lateOpens: number;
  earlyCloses: number;
}

export const emptyAttendance = (): Attendance => ({ daysWorked: 0, openMinutes: 0, pausedMinutes: 0, pausesByReason: {}, lateOpens: 0, earlyCloses: 0 });

export interface DayHours {
  opensAt: number;
  closesAt: number;
  graceMs: number;
  /** Today: count only up to now (the rest of the day has not happened). */
  until?: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * One window's day: `before` is the last entry before the day (a window left open overnight
 * counts from the opening), `log` the day's entries in order. Returns attendance per person.
 * Only time within the hall's hours counts; a person's first opening after the grace is a late
 * open, and a closing (or hand-over) of theirs before closing time minus the grace an early close.
 */
export function windowDayAttendance(before: WindowLogEntry | null, log: readonly WindowLogEntry[], hours: DayHours): Map<string, Attendance> {
  const out = new Map<string, Attendance>();
  const of = (id: string) => {
    let a = out.get(id);
    if (!a) out.set(id, (a = emptyAttendance()));
    return a;
  };
  const seenOpen = new Set<string>();
  let state: WindowLogEntry = before && before.status !== 'closed' ? { ...before, at: hours.opensAt } : { at: hours.opensAt, status: 'closed', staffId: null, reason: null };
  if (state.staffId && state.status !== 'closed') seenOpen.add(state.staffId);
  const add = (from: number, to: number) => {
    const a = Math.max(from, hours.opensAt);
    const b = Math.min(to, hours.closesAt, hours.until ?? Infinity);
    if (b <= a || !state.staffId || state.status === 'closed') return;
    const att = of(state.staffId);
    const mins = (b - a) / 60_000;
    if (state.status === 'open') att.openMinutes += mins;
    else {
      att.pausedMinutes += mins;
      const reason = state.reason || '暂停服务';
      att.pausesByReason[reason] = (att.pausesByReason[reason] ?? 0) + mins;
    }
  };
  for (const e of log) {
    add(state.at, e.at);
    const leaving = state.staffId && state.status !== 'closed' && (e.status === 'closed' || e.staffId !== state.staffId);
    if (leaving && e.at < hours.closesAt - hours.graceMs && e.at > hours.opensAt) of(state.staffId!).earlyCloses += 1;
    if (e.status !== 'closed' && e.staffId && !seenOpen.has(e.staffId)) {
      seenOpen.add(e.staffId);
      // A take-over by the B clerk is not their late arrival: only an opening from closed is.
      if (state.status === 'closed' && e.at > hours.opensAt + hours.graceMs && e.at < hours.closesAt) of(e.staffId).lateOpens += 1;
    }
    state = e;
  }
  add(state.at, hours.closesAt);
  for (const id of seenOpen) of(id).daysWorked = 1;
  for (const a of out.values()) {
    a.openMinutes = round1(a.openMinutes);
    a.pausedMinutes = round1(a.pausedMinutes);
    for (const k of Object.keys(a.pausesByReason)) a.pausesByReason[k] = round1(a.pausesByReason[k]);
  }
  return out;
}

/** Sums attendance (days of several windows, a month); days worked are summed too, the caller counts distinct days. */
export function addAttendance(into: Attendance, a: Attendance): Attendance {
  into.daysWorked += a.daysWorked;
  into.openMinutes = round1(into.openMinutes + a.openMinutes);
  into.pausedMinutes = round1(into.pausedMinutes + a.pausedMinutes);
  into.lateOpens += a.lateOpens;
  into.earlyCloses += a.earlyCloses;
  for (const [k, v] of Object.entries(a.pausesByReason)) into.pausesByReason[k] = round1((into.pausesByReason[k] ?? 0) + v);
  return into;
}
