import type { Queryable } from '../db/index.ts';
import { notFound } from '../domain/errors.ts';
import { instantOf, serviceDay } from '../domain/time.ts';
import { percentile } from '../domain/wait-estimate.ts';
import type { ServiceContext } from './context.ts';

export interface CategoryStats {
  categoryId: string;
  name: string;
  issued: number;
  waiting: number;
  served: number;
  noShow: number;
  avgWaitMinutes: number | null;
  p90WaitMinutes: number | null;
  avgServiceMinutes: number | null;
}

export interface WindowStats {
  windowId: string;
  no: number;
  name: string;
  status: string;
  served: number;
  avgServiceMinutes: number | null;
  idleMinutes: number;
}

const minutes = (ms: number) => Math.round((ms / 60000) * 10) / 10;
const avg = (xs: number[]) => (xs.length === 0 ? null : minutes(xs.reduce((a, b) => a + b, 0) / xs.length));

/** Today's numbers for the hall manager: waits from issue to first call, service from start to finish. */
export async function todayStats(db: Queryable, ctx: ServiceContext, hallId: string) {
  const hall = await db.selectFrom('halls').select(['id', 'time_zone']).where('id', '=', hallId).executeTakeFirst();
  if (!hall) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  const now = ctx.clock.now();
  const day = serviceDay(now, hall.time_zone);
  const dayStart = instantOf(day, 0, hall.time_zone);
  const tickets = await db.selectFrom('tickets').selectAll().where('hall_id', '=', hallId).where('service_day', '=', day).execute();
  const cats = await db.selectFrom('categories').select(['id', 'name']).where('hall_id', '=', hallId).orderBy('sort_order').execute();

  const serviceMs = (t: (typeof tickets)[number]) =>
    t.status === 'done' && t.finished_at !== null ? Number(t.finished_at) - Number(t.serving_at ?? t.called_at ?? t.finished_at) : null;

  const categories: CategoryStats[] = cats.map((c) => {
    const mine = tickets.filter((t) => t.category_id === c.id);
    const waits = mine.filter((t) => t.first_called_at !== null).map((t) => Number(t.first_called_at) - Number(t.issued_at));
    const p90 = percentile(waits, 90);
    return {
      categoryId: c.id,
      name: c.name,
      issued: mine.length,
      waiting: mine.filter((t) => t.status === 'waiting').length,
      served: mine.filter((t) => t.status === 'done').length,
      noShow: mine.filter((t) => t.status === 'no_show').length,
      avgWaitMinutes: avg(waits),
      p90WaitMinutes: p90 === null ? null : minutes(p90),
      avgServiceMinutes: avg(mine.map(serviceMs).filter((x): x is number => x !== null)),
    };
  });

  const wins = await db.selectFrom('windows').select(['id', 'no', 'name', 'status']).where('hall_id', '=', hallId).orderBy('no').execute();
  const windows: WindowStats[] = [];
  for (const w of wins) {
    const mine = tickets.filter((t) => t.window_id === w.id && t.called_at !== null);
    const busy = mine.reduce((sum, t) => sum + Math.max(0, Number(t.finished_at ?? now) - Number(t.called_at)), 0);
    const open = await openMillis(db, w.id, dayStart, now);
    windows.push({
      windowId: w.id,
      no: w.no,
      name: w.name,
      status: w.status,
      served: mine.filter((t) => t.status === 'done').length,
      avgServiceMinutes: avg(mine.map(serviceMs).filter((x): x is number => x !== null)),
      idleMinutes: Math.max(0, Math.round((open - busy) / 60000)),
    });
  }
  return { hallId, serviceDay: day, categories, windows };
}

/** How long the window was open (not paused, not closed) between `from` and `to`, from its status log. */
async function openMillis(db: Queryable, windowId: string, from: number, to: number): Promise<number> {
  const before = await db.selectFrom('window_events').select(['status']).where('window_id', '=', windowId).where('at', '<', from).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const log = await db.selectFrom('window_events').select(['status', 'at']).where('window_id', '=', windowId).where('at', '>=', from).where('at', '<=', to).orderBy('at').orderBy('id').execute();
  let status = before?.status ?? 'closed';
  let since = from;
  let total = 0;
  for (const e of log) {
    if (status === 'open') total += Number(e.at) - since;
    status = e.status;
    since = Number(e.at);
  }
  if (status === 'open') total += to - since;
  return total;
}
