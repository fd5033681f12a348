import type { HallRules } from './rules.ts';
import { instantOf, parseHhMm } from './time.ts';
import { isWorkingDay, workingDaysAfter, previousWorkingDay, type WorkCalendar } from './working-days.ts';

/**
 * 进厅不办事 and 效能监察 as one pure rule: given what the hall looks like now, which alerts
 * should be open. The evaluator (services/oversight.ts) diffs this against the open alerts, so
 * an alert is raised once when its condition starts and cleared when it ends. Each alert's
 * `since` is when its condition began (not when a timer noticed it), so the record the
 * attendance review reads does not depend on how often the rule runs.
 */

export const ALERT_KINDS = ['idle_window', 'absent_window', 'pause_overrun', 'case_due', 'case_overdue'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type OversightRules = Pick<HallRules, 'hallHours' | 'idleAlertMinutes' | 'absentGraceMinutes' | 'pauseLimits' | 'defaultPauseMinutes'>;

export interface WindowSnapshot {
  id: string;
  no: number;
  status: string;
  pauseReason: string | null;
  clerkId: string | null;
  aClerkId: string | null;
  bClerkId: string | null;
  statusChangedAt: number;
  /** Its current ticket is called or being served. */
  busy: boolean;
  /** The last time it called or finished a ticket today. */
  lastServedAt: number | null;
  /** Tickets waiting today in its categories (or sent to it). */
  waiting: number;
  /** When the longest-waiting of them was issued. */
  oldestWaitingAt: number | null;
}

export interface CaseSnapshot {
  id: string;
  caseNo: string;
  clerkId: string | null;
  windowId: string;
  acceptedAt: number;
  promisedDate: string;
}

export interface HallSnapshot {
  now: number;
  /** Service day in the hall's zone, and the zone. */
  today: string;
  timeZone: string;
  calendar: WorkCalendar;
  rules: OversightRules;
  windows: WindowSnapshot[];
  /** Cases not yet decided (受理 or 审核). */
  cases: CaseSnapshot[];
}

export interface WantedAlert {
  kind: AlertKind;
  windowId: string | null;
  caseId: string | null;
  caseNo: string | null;
  /** Who it is charged to (see `chargedTo`). */
  staffId: string | null;
  since: number;
  detail: Record<string, unknown>;
}

const MINUTE = 60_000;

/** An alert's identity: a new clerk at the window, or a case moving from due to overdue, is a new alert. */
export const alertKey = (a: { kind: string; windowId: string | null; caseId: string | null; staffId: string | null }) =>
  [a.kind, a.windowId ?? '', a.caseId ?? '', a.staffId ?? ''].join('|');

export function pauseLimitMinutes(rules: OversightRules, reason: string | null): number {
  return rules.pauseLimits.find((p) => p.reason === (reason ?? '').trim())?.minutes ?? rules.defaultPauseMinutes;
}

/** The hall-hours period `now` falls in, as instants, or null outside the hours or on a day off. */
export function hallPeriodAt(s: Pick<HallSnapshot, 'now' | 'today' | 'timeZone' | 'calendar' | 'rules'>): { start: number; end: number } | null {
  if (!isWorkingDay(s.today, s.calendar)) return null;
  for (const p of s.rules.hallHours) {
    const start = instantOf(s.today, parseHhMm(p.start), s.timeZone);
    const end = instantOf(s.today, parseHhMm(p.end), s.timeZone);
    if (s.now >= start && s.now < end) return { start, end };
  }
  return null;
}

export function wantedAlerts(s: HallSnapshot): WantedAlert[] {
  const out: WantedAlert[] = [];
  const present = new Set(s.windows.filter((w) => w.status !== 'closed' && w.clerkId).map((w) => w.clerkId!));
  const period = hallPeriodAt(s);
  const base = { caseId: null, caseNo: null };
  for (const w of s.windows) {
    if (w.status === 'open' && !w.busy && w.waiting > 0) {
      // Idle while people wait: from the later of its last service (or opening) and the oldest waiting arrival.
      const idleFrom = Math.max(w.statusChangedAt, w.lastServedAt ?? 0, w.oldestWaitingAt ?? 0);
      const since = idleFrom + s.rules.idleAlertMinutes * MINUTE;
      if (s.now >= since) out.push({ ...base, kind: 'idle_window', windowId: w.id, staffId: w.clerkId, since, detail: { windowNo: w.no, waiting: w.waiting, idleFrom, minutes: s.rules.idleAlertMinutes } });
    }
    if (w.status === 'paused') {
      const limit = pauseLimitMinutes(s.rules, w.pauseReason);
      const since = w.statusChangedAt + limit * MINUTE;
      if (s.now >= since) out.push({ ...base, kind: 'pause_overrun', windowId: w.id, staffId: w.clerkId, since, detail: { windowNo: w.no, reason: w.pauseReason, limitMinutes: limit, pausedAt: w.statusChangedAt } });
    }
    if (w.status === 'closed' && period && (w.aClerkId || w.bClerkId)) {
      const away = [w.aClerkId, w.bClerkId].every((c) => !c || !present.has(c));
      const since = Math.max(period.start, w.statusChangedAt) + s.rules.absentGraceMinutes * MINUTE;
      if (away && s.now >= since) {
        out.push({ ...base, kind: 'absent_window', windowId: w.id, staffId: chargedTo(w), since, detail: { windowNo: w.no, aClerkId: w.aClerkId, bClerkId: w.bClerkId } });
      }
    }
  }
  for (const c of s.cases) {
    const common = { windowId: c.windowId, caseId: c.id, caseNo: c.caseNo, staffId: c.clerkId };
    if (s.today > c.promisedDate) {
      // 超时: from the first moment after the promised day.
      const since = instantOf(c.promisedDate, 24 * 60, s.timeZone);
      out.push({ ...common, kind: 'case_overdue', since, detail: { promisedDate: c.promisedDate } });
    } else if (workingDaysAfter(s.today, c.promisedDate, s.calendar) <= 1) {
      // 预警: one working day (or less) left; from the start of the working day before the promise.
      const since = Math.max(c.acceptedAt, instantOf(previousWorkingDay(c.promisedDate, s.calendar), 0, s.timeZone));
      out.push({ ...common, kind: 'case_due', since, detail: { promisedDate: c.promisedDate, workingDaysLeft: workingDaysAfter(s.today, c.promisedDate, s.calendar) } });
    }
  }
  return out;
}

/** A closed window is charged to its A clerk (the post's holder), or its B clerk when it has no A. */
export const chargedTo = (w: Pick<WindowSnapshot, 'aClerkId' | 'bClerkId'>) => w.aClerkId ?? w.bClerkId ?? null;

export interface OpenAlertRef {
  id: string;
  kind: string;
  windowId: string | null;
  caseId: string | null;
  staffId: string | null;
}

/** What to raise and what to clear: never a second open alert for the same thing. */
export function diffAlerts<O extends OpenAlertRef>(open: O[], wanted: WantedAlert[]): { raise: WantedAlert[]; clear: O[] } {
  const openKeys = new Set(open.map(alertKey));
  const wantedKeys = new Set(wanted.map(alertKey));
  const seen = new Set<string>();
  const raise = wanted.filter((w) => {
    const k = alertKey(w);
    if (openKeys.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { raise, clear: open.filter((o) => !wantedKeys.has(alertKey(o))) };
}
