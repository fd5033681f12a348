import type { Queryable } from '../db/index.ts';
import { blendServiceMinutes } from '../domain/wait-estimate.ts';
import { forecastArrivals, hourlyWindowsNeeded, type HourAdvice } from '../domain/staffing.ts';
import { instantOf, minuteOfDay, serviceDay } from '../domain/time.ts';
import type { ServiceContext } from './context.ts';
import { loadHall } from './queue.ts';

export interface CategoryStaffing {
  categoryId: string;
  name: string;
  serviceMinutes: number;
  /** Windows open now that serve the category (each counted for every category it serves). */
  openWindows: number;
  hours: HourAdvice[];
}

export interface StaffingAdvice {
  hallId: string;
  serviceDay: string;
  targetMinutes: number;
  /** How many past same weekdays the usual pattern comes from. */
  usualDays: number;
  categories: CategoryStaffing[];
}

const WEEKS = 8;

/** GET /api/halls/:hallId/staffing: windows needed per category and hour today, beside those open now. */
export async function staffingAdvice(db: Queryable, ctx: ServiceContext, hallId: string): Promise<StaffingAdvice> {
  const hall = await loadHall(db, hallId);
  const now = ctx.clock.now();
  const day = serviceDay(now, hall.timeZone);
  const hourOf = (ms: number) => Math.floor(minuteOfDay(ms, hall.timeZone) / 60);
  // The same weekday in each of the last WEEKS weeks.
  const sameDays = Array.from({ length: WEEKS }, (_, i) => serviceDay(instantOf(day, 12 * 60, hall.timeZone) - (i + 1) * 7 * 86_400_000, hall.timeZone));
  const rows = await db
    .selectFrom('tickets')
    .select(['category_id', 'service_day', 'issued_at', 'status', 'called_at', 'finished_at'])
    .where('hall_id', '=', hallId)
    .where('service_day', 'in', [day, ...sameDays])
    .execute();
  const cats = await db.selectFrom('categories').select(['id', 'name', 'avg_service_minutes']).where('hall_id', '=', hallId).where('active', '=', 1).orderBy('sort_order').execute();
  const open = await db
    .selectFrom('window_categories')
    .innerJoin('windows', 'windows.id', 'window_categories.window_id')
    .select(['window_categories.category_id'])
    .where('windows.hall_id', '=', hallId)
    .where('windows.status', '=', 'open')
    .execute();
  const usualDays = new Set(rows.filter((r) => r.service_day !== day).map((r) => r.service_day)).size;

  return {
    hallId,
    serviceDay: day,
    targetMinutes: hall.rules.waitTargetMinutes,
    usualDays,
    categories: cats.map((c) => {
      const mine = rows.filter((r) => r.category_id === c.id);
      const today = Array.from({ length: 24 }, () => 0);
      const usual = Array.from({ length: 24 }, () => 0);
      for (const r of mine) {
        if (r.service_day === day) today[hourOf(Number(r.issued_at))]++;
        else usual[hourOf(Number(r.issued_at))] += 1 / Math.max(1, usualDays);
      }
      // Window time per called ticket, served or 过号, today and on the usual days.
      const taken = mine.filter((r) => (r.status === 'done' || r.status === 'no_show') && r.called_at !== null && r.finished_at !== null);
      const minutes = taken.reduce((s, r) => s + (Number(r.finished_at) - Number(r.called_at)) / 60_000, 0);
      const serviceMinutes = Math.round(blendServiceMinutes(c.avg_service_minutes, taken.length, minutes) * 10) / 10;
      return {
        categoryId: c.id,
        name: c.name,
        serviceMinutes,
        openWindows: open.filter((o) => o.category_id === c.id).length,
        hours: hourlyWindowsNeeded(forecastArrivals(today, usual, hourOf(now)), serviceMinutes, hall.rules.waitTargetMinutes),
      };
    }),
  };
}
