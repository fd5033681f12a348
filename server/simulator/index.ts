import { ManualClock } from '../clock.ts';
import type { Database } from '../db/index.ts';
import { instantOf } from '../domain/time.ts';
import { EMPTY_CALENDAR, isWorkingDay } from '../domain/working-days.ts';
import type { ServiceContext } from '../services/context.ts';
import { hashPassword } from '../services/staff.ts';
import crypto from 'node:crypto';
import type { DayPlan } from './day-plan.ts';
import { dayReport, type DayReport } from './report.ts';
import { runDay } from './run-day.ts';
import { drawVisitors, type Visitor } from './visitors.ts';

export { countyHallDay } from './day-plan.ts';
export { formatReport } from './report.ts';

/**
 * The staff account that opens each window of the plan: its A角 clerk, or else a simulated clerk
 * (模拟坐席, inactive: it cannot log in) added once to the hall, so every window can be staffed.
 */
export async function simulationClerks(db: Database, plan: DayPlan, now: number): Promise<Map<string, string>> {
  const wins = await db.selectFrom('windows').select(['id', 'no', 'a_clerk_id']).where('hall_id', '=', plan.hallId).execute();
  const out = new Map<string, string>();
  const used = new Set<string>();
  let hash: string | null = null;
  for (const p of plan.windows) {
    const w = wins.find((x) => x.id === p.id);
    if (!w) throw new Error(`the plan's window ${p.id} is not in hall ${plan.hallId}`);
    if (w.a_clerk_id && !used.has(w.a_clerk_id)) {
      out.set(w.id, w.a_clerk_id);
      used.add(w.a_clerk_id);
      continue;
    }
    const id = `sim_${w.id}`;
    if (!(await db.selectFrom('staff').select('id').where('id', '=', id).executeTakeFirst())) {
      hash ??= await hashPassword(crypto.randomBytes(24).toString('base64'));
      await db.insertInto('staff').values({ id, hall_id: plan.hallId, username: id, name: `模拟坐席${w.no}`, staff_no: `SIM${w.no}`, role: 'clerk', password_hash: hash, active: 0, created_at: now }).execute();
    }
    out.set(w.id, id);
  }
  return out;
}

/**
 * Windows win_11 … win_N beside the demo hall's ten, each serving what demo window ((i-1) mod 10)+1
 * serves, in its order: a county hall's 40 front seats for a 1,500-visitor day.
 */
export async function addWindows(db: Database, hallId: string, total: number, now: number): Promise<void> {
  const existing = await db.selectFrom('windows').select(['id', 'no', 'name', 'kind']).where('hall_id', '=', hallId).orderBy('no').execute();
  const links = await db.selectFrom('window_categories').selectAll().execute();
  for (let no = existing.length + 1; no <= total; no++) {
    const model = existing[(no - 1) % existing.length];
    const id = `win_${no}`;
    await db.insertInto('windows').values({ id, hall_id: hallId, no, name: model.name, kind: model.kind, status: 'closed', pause_reason: null, clerk_id: null, a_clerk_id: null, b_clerk_id: null, current_ticket_id: null, priority_streak: 0, status_changed_at: now }).execute();
    for (const l of links.filter((x) => x.window_id === model.id)) await db.insertInto('window_categories').values({ window_id: id, category_id: l.category_id, rank: l.rank }).execute();
  }
}

/** Simulates one day of the plan (visitors drawn from it unless given) and reports it. */
export async function simulateDay(db: Database, ctx: ServiceContext & { clock: ManualClock }, plan: DayPlan, visitors?: Visitor[]): Promise<DayReport & { refused: Map<string, number>; visitors: number }> {
  const hall = await db.selectFrom('halls').select('time_zone').where('id', '=', plan.hallId).executeTakeFirstOrThrow();
  ctx.clock.set(instantOf(plan.day, 0, hall.time_zone));
  const clerks = await simulationClerks(db, plan, ctx.clock.now());
  const list = visitors ?? drawVisitors(plan, hall.time_zone);
  const run = await runDay(db, ctx, plan, list, clerks);
  return { ...(await dayReport(db, plan.hallId, run.issued)), refused: run.refused, visitors: list.length };
}

/** The working days among the `days` calendar days ending with `lastDay`, oldest first (a hall is shut at weekends). */
export function pastWorkingDays(lastDay: string, days: number): string[] {
  const [y, m, d] = lastDay.split('-').map(Number);
  return Array.from({ length: days }, (_, i) => new Date(Date.UTC(y, m - 1, d - days + 1 + i)).toISOString().slice(0, 10)).filter((day) => isWorkingDay(day, EMPTY_CALENDAR));
}

/** Mondays are the busiest, Fridays the quietest: the day's visitors from the peak day's. */
export function weekdayVisitors(day: string, peak: number): number {
  const [y, m, d] = day.split('-').map(Number);
  const share = [0, 1, 0.85, 0.8, 0.8, 0.7, 0][new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return Math.round(peak * share);
}
