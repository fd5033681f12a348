import type { Database, Queryable } from '../db/index.ts';
import type { Hall, Matter } from '../../protocol/schemas.ts';
import { notFound } from '../domain/errors.ts';
import type { IssuingPeriod } from '../domain/issuing.ts';
import { serviceDay } from '../domain/time.ts';
import { parseRules } from '../domain/rules.ts';
import type { ServiceContext } from './context.ts';
import { windowViews } from './window-view.ts';
import { mattersOffered } from './sinking.ts';
import { newTicketWaits } from './wait-estimate.ts';
import { namesOf } from '../domain/names.ts';

export type HallView = Hall;

export async function listHalls(db: Database): Promise<Array<{ id: string; name: string }>> {
  // Halls seeded together share a time: the id settles the order, the same on every dialect.
  return db.selectFrom('halls').select(['id', 'name']).orderBy('created_at').orderBy('id').execute();
}

export async function getHall(trx: Queryable, ctx: ServiceContext, hallId: string): Promise<HallView> {
  const hall = await trx.selectFrom('halls').select(['id', 'name', 'time_zone', 'rules']).where('id', '=', hallId).executeTakeFirst();
  if (!hall) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  const day = serviceDay(ctx.clock.now(), hall.time_zone);
  const cats = await trx.selectFrom('categories').selectAll().where('hall_id', '=', hallId).where('active', '=', 1).orderBy('sort_order').execute();
  const counters = await trx.selectFrom('number_counters').select(['category_id', 'last_seq', 'waiting']).where('hall_id', '=', hallId).where('service_day', '=', day).execute();
  const wins = await trx.selectFrom('windows').selectAll().where('hall_id', '=', hallId).orderBy('no').execute();
  const waits = await newTicketWaits(trx, hallId, day, cats.map((c) => c.id));
  // Per issuing period (上午/下午 quotas): the kiosk tile says 上午已取完 before the tap.
  const byPeriod = await trx
    .selectFrom('tickets')
    .select(['category_id', 'period_index', (eb) => eb.fn.countAll<number>().as('n')])
    .where('hall_id', '=', hallId)
    .where('service_day', '=', day)
    .where('period_index', '>=', 0)
    .groupBy(['category_id', 'period_index'])
    .execute();
  const issuedByPeriod = (categoryId: string, periods: IssuingPeriod[]) =>
    periods.map((_, i) => Number(byPeriod.find((r) => r.category_id === categoryId && Number(r.period_index) === i)?.n ?? 0));
  return {
    id: hall.id,
    name: hall.name,
    timeZone: hall.time_zone,
    serviceDay: day,
    rules: parseRules(hall.rules),
    categories: cats.map((c) => ({
      id: c.id,
      prefix: c.prefix,
      name: c.name,
      waiting: Number(counters.find((x) => x.category_id === c.id)?.waiting ?? 0),
      dailyQuota: c.daily_quota,
      issuedToday: counters.find((x) => x.category_id === c.id)?.last_seq ?? 0,
      periods: JSON.parse(c.periods) as IssuingPeriod[],
      issuedByPeriod: issuedByPeriod(c.id, JSON.parse(c.periods) as IssuingPeriod[]),
      avgServiceMinutes: c.avg_service_minutes,
      estimatedWaitMinutes: waits.get(c.id) ?? 0,
      names: namesOf(c),
    })),
    windows: await windowViews(trx, wins),
  };
}

export type MatterView = Matter;

/** The hall's own matters and the 下沉事项 the halls above it sent down (the kiosk and the 代办 desk show these). */
export async function listMatters(db: Database, hallId: string): Promise<MatterView[]> {
  return mattersOffered(db, hallId);
}
