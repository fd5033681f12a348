import type { Queryable, Trx } from '../db/index.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { nationalCalendar, parseOwnDays } from '../domain/national-calendar.ts';
import type { WorkCalendar } from '../domain/working-days.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome, type Outcome } from './events.ts';
import { audit } from './window-view.ts';

/**
 * 工作日历: the national arrangement is read from the package (never stored, so an update of the
 * package corrects every hall); the hall stores only its own departures from it.
 */
type Days = { holidays: string[]; workdays: string[] };
export interface HallCalendarView {
  year: number;
  /** 法定节假日 on weekdays and 调休 weekend days worked, as the State Council set them. */
  national: Days;
  /** The hall's own days off and days worked, over every year. */
  own: Days;
}
const copy = (c: WorkCalendar): Days => ({ holidays: [...c.holidays], workdays: [...c.workdays] });

async function ownDays(db: Queryable, hallId: string): Promise<WorkCalendar> {
  const h = await db.selectFrom('halls').select('calendar').where('id', '=', hallId).executeTakeFirst();
  if (!h) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  return parseOwnDays(h.calendar);
}

export async function getHallCalendar(db: Queryable, hallId: string, year: number): Promise<HallCalendarView> {
  return { year, national: copy(nationalCalendar(year)), own: copy(await ownDays(db, hallId)) };
}

const isDay = (d: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const [y, m, day] = d.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, day)).toISOString().slice(0, 10) === d;
};

/** Replaces the hall's own days; a day cannot be both off and worked. */
export async function setHallCalendar(trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string, own: WorkCalendar, year: number): Promise<Outcome<HallCalendarView>> {
  await ownDays(trx, hallId);
  const bad = [...own.holidays, ...own.workdays].find((d) => !isDay(d));
  if (bad !== undefined) throw invalid('BAD_DAY', `日期格式应为 YYYY-MM-DD：${bad}`);
  const both = own.holidays.find((d) => own.workdays.includes(d));
  if (both) throw invalid('BAD_DAY', `${both} 不能既放假又上班`);
  const clean = { holidays: [...new Set(own.holidays)].sort(), workdays: [...new Set(own.workdays)].sort() };
  await trx.updateTable('halls').set({ calendar: JSON.stringify(clean) }).where('id', '=', hallId).execute();
  await audit(trx, actor, hallId, 'hall.calendar', hallId, clean, ctx.clock.now());
  return outcome({ year, national: copy(nationalCalendar(year)), own: clean });
}
