import type { Queryable } from '../db/index.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { isBadRating } from '../domain/rating.ts';
import { instantOf, serviceDay } from '../domain/time.ts';
import { percentile } from '../domain/wait-estimate.ts';
import type { PeriodReport } from '../../protocol/services.ts';
import type { ServiceContext } from './context.ts';

/**
 * 月调度、季通报: a period's numbers for the hall manager — visitors and waits per day and per
 * category, 好差评 satisfaction, cases accepted, decided and overdue. At most a year at a time.
 */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const round1 = (x: number) => Math.round(x * 10) / 10;
const minutes = (ms: number) => round1(ms / 60000);

export async function periodReport(db: Queryable, ctx: ServiceContext, hallId: string, from: string, to: string): Promise<PeriodReport> {
  const hall = await db.selectFrom('halls').select(['id', 'time_zone']).where('id', '=', hallId).executeTakeFirst();
  if (!hall) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  if (!DAY.test(from) || !DAY.test(to) || from > to) throw invalid('BAD_PERIOD', '请给出起止日期 from ≤ to（YYYY-MM-DD）');
  if (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) > 366 * 86_400_000) throw invalid('PERIOD_TOO_LONG', '一次最多统计一年');
  const tz = hall.time_zone;
  const tickets = await db
    .selectFrom('tickets')
    .select(['service_day', 'category_id', 'status', 'issued_at', 'first_called_at'])
    .where('hall_id', '=', hallId)
    .where('service_day', '>=', from)
    .where('service_day', '<=', to)
    .execute();
  const cats = await db.selectFrom('categories').select(['id', 'name']).where('hall_id', '=', hallId).orderBy('sort_order').execute();
  const start = instantOf(from, 0, tz);
  const end = instantOf(to, 24 * 60, tz);
  const ratings = await db.selectFrom('ratings').select(['score']).where('hall_id', '=', hallId).where('created_at', '>=', start).where('created_at', '<', end).execute();
  const cases = await db.selectFrom('cases').select(['id', 'status', 'promised_date', 'accepted_at', 'bundle_id']).where('hall_id', '=', hallId).where('accepted_at', '>=', start).where('accepted_at', '<', end).execute();

  const bundles = await db.selectFrom('bundles').select(['id', 'name']).where('hall_id', '=', hallId).orderBy('sort_order').orderBy('created_at').orderBy('id').execute();
  const bundleCases = cases.filter((c) => c.bundle_id !== null);
  const partCounts = new Map<string, number>();
  if (bundleCases.length) {
    const rows = await db
      .selectFrom('case_parts')
      .innerJoin('cases', 'cases.id', 'case_parts.case_id')
      .select((eb) => ['cases.bundle_id', eb.fn.countAll<number>().as('n')])
      .where('cases.hall_id', '=', hallId)
      .where('cases.accepted_at', '>=', start)
      .where('cases.accepted_at', '<', end)
      .groupBy('cases.bundle_id')
      .execute();
    for (const r of rows) partCounts.set(r.bundle_id!, Number(r.n));
  }

  const waitOf = (t: (typeof tickets)[number]) => (t.first_called_at === null ? null : Number(t.first_called_at) - Number(t.issued_at));
  const summarize = (list: typeof tickets) => {
    const waits = list.map(waitOf).filter((w): w is number => w !== null);
    const p90 = percentile(waits, 90);
    return {
      issued: list.length,
      served: list.filter((t) => t.status === 'done').length,
      noShow: list.filter((t) => t.status === 'no_show').length,
      abandoned: list.filter((t) => t.status === 'abandoned').length,
      avgWaitMinutes: waits.length ? minutes(waits.reduce((a, b) => a + b, 0) / waits.length) : null,
      p90WaitMinutes: p90 === null ? null : minutes(p90),
    };
  };
  // Every day of the period, the quiet ones too, so a chart of it has no holes.
  const days: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) days.push(new Date(ms).toISOString().slice(0, 10));
  const today = serviceDay(ctx.clock.now(), tz);
  const decided = (s: string) => s === 'decided' || s === 'collected';
  return {
    hallId,
    from,
    to,
    totals: summarize(tickets),
    days: days.map((day) => ({ day, ...summarize(tickets.filter((t) => t.service_day === day)) })),
    categories: cats.map((c) => ({ categoryId: c.id, name: c.name, ...summarize(tickets.filter((t) => t.category_id === c.id)) })),
    ratings: {
      count: ratings.length,
      average: ratings.length ? round1(ratings.reduce((a, r) => a + r.score, 0) / ratings.length) : null,
      satisfiedPercent: ratings.length ? round1((100 * ratings.filter((r) => r.score >= 3).length) / ratings.length) : null,
      bad: ratings.filter((r) => isBadRating(r.score)).length,
    },
    cases: {
      accepted: cases.length,
      decided: cases.filter((c) => decided(c.status)).length,
      overdue: cases.filter((c) => !decided(c.status) && today > c.promised_date).length,
    },
    bundles: bundles.map((b) => {
      const mine = bundleCases.filter((c) => c.bundle_id === b.id);
      return { bundleId: b.id, name: b.name, accepted: mine.length, decided: mine.filter((c) => decided(c.status)).length, parts: partCounts.get(b.id) ?? 0 };
    }),
  };
}
