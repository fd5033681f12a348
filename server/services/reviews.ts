import type { Queryable } from '../db/index.ts';
import { addAttendance, emptyAttendance, windowDayAttendance, type Attendance, type WindowLogEntry } from '../domain/attendance.ts';
import { attendanceScore, complaintScore, inspectionScore, reviewScore, satisfactionScore } from '../domain/review.ts';
import { parseHhMm, instantOf, serviceDay } from '../domain/time.ts';
import type { ReviewWeights } from '../domain/rules.ts';
import type { ServiceContext } from './context.ts';
import { complaintOverdue, monthRange } from './complaints.ts';
import { loadHall } from './queue.ts';

/**
 * 四位一体 monthly review: satisfaction (好差评), attendance (the window log, minus the 进厅不办事
 * alerts charged), complaints and inspections, per clerk or per window, with the hall's weights.
 */
export interface ReviewParts {
  score: number | null;
  satisfaction: { score: number | null; ratings: number; satisfied: number; average: number | null };
  attendance: { score: number | null; alerts: number } & Attendance;
  complaints: { score: number; count: number; upheld: number; overdue: number };
  inspections: { score: number | null; count: number; minor: number; serious: number };
}
export type StaffReview = { staffId: string; name: string; staffNo: string } & ReviewParts;
export type WindowReview = { windowId: string; no: number; name: string } & ReviewParts;

const ALERT_KINDS = ['idle_window', 'absent_window', 'pause_overrun'] as const;
const round1 = (x: number) => Math.round(x * 10) / 10;

function daysOf(month: string): string[] {
  const [y, m] = month.split('-').map(Number);
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

interface Acc {
  ratings: number[];
  att: Attendance;
  alerts: number;
  complaints: number;
  upheld: number;
  overdue: number;
  insp: number;
  minor: number;
  serious: number;
  /** Days worked, so two windows (or two clerks of a window) on one day count it once. */
  days: Set<string>;
}
const acc = (): Acc => ({ days: new Set(), ratings: [], att: emptyAttendance(), alerts: 0, complaints: 0, upheld: 0, overdue: 0, insp: 0, minor: 0, serious: 0 });

async function collect(db: Queryable, ctx: ServiceContext, hallId: string, month: string, by: 'staff' | 'window'): Promise<{ parts: Map<string, Acc>; weights: ReviewWeights }> {
  const hall = await loadHall(db, hallId);
  const tz = hall.timeZone;
  const [from, to] = monthRange(month, tz);
  const parts = new Map<string, Acc>();
  const of = (key: string | null) => {
    if (!key) return null;
    let a = parts.get(key);
    if (!a) parts.set(key, (a = acc()));
    return a;
  };
  const keyOf = (r: { staff_id: string | null; window_id: string | null }) => (by === 'staff' ? r.staff_id : r.window_id);

  for (const r of await db.selectFrom('ratings').select(['staff_id', 'window_id', 'score']).where('hall_id', '=', hallId).where('created_at', '>=', from).where('created_at', '<', to).execute()) {
    of(keyOf(r))?.ratings.push(r.score);
  }
  for (const r of await db.selectFrom('hall_alerts').select(['staff_id', 'window_id']).where('hall_id', '=', hallId).where('kind', 'in', [...ALERT_KINDS]).where('since', '>=', from).where('since', '<', to).execute()) {
    const a = of(keyOf(r));
    if (a) a.alerts += 1;
  }
  const now = ctx.clock.now();
  const today = serviceDay(now, tz);
  for (const r of await db.selectFrom('complaints').select(['staff_id', 'window_id', 'upheld', 'status', 'due_date', 'answered_at']).where('hall_id', '=', hallId).where('created_at', '>=', from).where('created_at', '<', to).execute()) {
    const a = of(keyOf(r));
    if (!a) continue;
    a.complaints += 1;
    if (Number(r.upheld) === 1) a.upheld += 1;
    if (complaintOverdue({ ...r, answered_at: r.answered_at === null ? null : Number(r.answered_at) }, today, tz)) a.overdue += 1;
  }
  for (const r of await db.selectFrom('inspections').select(['staff_id', 'window_id', 'result']).where('hall_id', '=', hallId).where('at', '>=', from).where('at', '<', to).execute()) {
    const a = of(keyOf(r));
    if (!a) continue;
    a.insp += 1;
    if (r.result === 'minor') a.minor += 1;
    if (r.result === 'serious') a.serious += 1;
  }

  // Attendance: each window's log, day by day, against the hall's hours.
  // Each period of the hall's hours on its own: closing for the lunch break between two periods is
  // no early close, and opening late after it is a late open.
  const periods = hall.rules.hallHours.map((p) => ({ opens: parseHhMm(p.start), closes: parseHhMm(p.end) }));
  const graceMs = hall.rules.lateGraceMinutes * 60_000;
  const windows = await db.selectFrom('windows').select('id').where('hall_id', '=', hallId).execute();
  for (const w of windows) {
    const prior = await db.selectFrom('window_events').select(['status', 'staff_id', 'reason', 'at']).where('window_id', '=', w.id).where('at', '<', from).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const events: WindowLogEntry[] = (await db.selectFrom('window_events').select(['status', 'staff_id', 'reason', 'at']).where('window_id', '=', w.id).where('at', '>=', from).where('at', '<', to).orderBy('at').orderBy('id').execute())
      .map((e) => ({ at: Number(e.at), status: e.status, staffId: e.staff_id, reason: e.reason }));
    let before: WindowLogEntry | null = prior ? { at: Number(prior.at), status: prior.status, staffId: prior.staff_id, reason: prior.reason } : null;
    let i = 0;
    for (const day of daysOf(month)) {
      // Days to come have no attendance yet; today counts up to now.
      if (day > today) break;
      for (const period of periods) {
        const hours = { opensAt: instantOf(day, period.opens, tz), closesAt: instantOf(day, period.closes, tz), graceMs, until: day === today ? now : undefined };
        if (hours.until !== undefined && hours.until <= hours.opensAt) continue;
        while (i < events.length && events[i].at < hours.opensAt) before = events[i++];
        const log: WindowLogEntry[] = [];
        while (i < events.length && events[i].at <= hours.closesAt) log.push(events[i++]);
        const dayAtt = windowDayAttendance(before, log, hours);
        if (log.length) before = log[log.length - 1];
        for (const [staffId, a] of dayAtt) {
          const target = of(by === 'staff' ? staffId : w.id)!;
          addAttendance(target.att, a);
          if (a.daysWorked) target.days.add(day);
        }
      }
    }
  }
  return { parts, weights: hall.rules.reviewWeights };
}

function partsOf(a: Acc, weights: ReviewWeights): ReviewParts {
  const satisfied = a.ratings.filter((s) => s >= 3).length;
  const satisfaction = { score: satisfactionScore(a.ratings.length, satisfied), ratings: a.ratings.length, satisfied, average: a.ratings.length ? round1(a.ratings.reduce((x, y) => x + y, 0) / a.ratings.length) : null };
  const attendance = { ...a.att, daysWorked: a.days.size, alerts: a.alerts, score: attendanceScore({ ...a.att, daysWorked: a.days.size, alerts: a.alerts }) };
  const complaints = { score: complaintScore(a), count: a.complaints, upheld: a.upheld, overdue: a.overdue };
  const inspections = { score: inspectionScore({ count: a.insp, minor: a.minor, serious: a.serious }), count: a.insp, minor: a.minor, serious: a.serious };
  // Someone nothing was measured on this month (never at a window, never rated or inspected, no
  // complaint) gets no score rather than a full mark from the complaints part alone.
  const idle = satisfaction.score === null && attendance.score === null && inspections.score === null && complaints.count === 0;
  const score = idle ? null : reviewScore({ satisfaction: satisfaction.score, attendance: attendance.score, complaints: complaints.score, inspections: inspections.score }, weights);
  return { score, satisfaction, attendance, complaints, inspections };
}

/** Every active clerk of the hall (and anyone else the month's records name), best score first. */
export async function staffReview(db: Queryable, ctx: ServiceContext, hallId: string, month: string): Promise<StaffReview[]> {
  const { parts, weights } = await collect(db, ctx, hallId, month, 'staff');
  const staff = await db.selectFrom('staff').select(['id', 'name', 'staff_no', 'role', 'active']).where('hall_id', '=', hallId).execute();
  const out = staff
    .filter((s) => parts.has(s.id) || (s.role === 'clerk' && s.active === 1))
    .map((s) => ({ staffId: s.id, name: s.name, staffNo: s.staff_no, ...partsOf(parts.get(s.id) ?? acc(), weights) }));
  return out.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.staffNo.localeCompare(b.staffNo));
}

export async function windowReview(db: Queryable, ctx: ServiceContext, hallId: string, month: string): Promise<WindowReview[]> {
  const { parts, weights } = await collect(db, ctx, hallId, month, 'window');
  const windows = await db.selectFrom('windows').select(['id', 'no', 'name']).where('hall_id', '=', hallId).orderBy('no').execute();
  return windows.map((w) => ({ windowId: w.id, no: w.no, name: w.name, ...partsOf(parts.get(w.id) ?? acc(), weights) }));
}
