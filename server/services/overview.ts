import type { Queryable } from '../db/index.ts';
import { serviceDay } from '../domain/time.ts';
import { notFound } from '../domain/errors.ts';
import type { ServiceContext } from './context.ts';
import { hallsBelow } from './regions.ts';

export interface HallOverview {
  hallId: string;
  name: string;
  level: string;
  waiting: number;
  longestWaitMinutes: number;
  openWindows: number;
  idleWindows: number;
  overdueCases: number;
  /** 三级代办 hand-overs held here past their due time. */
  overdueHandovers: number;
  devicesDown: number;
}

// A printer in these states cannot print: the kiosk or window it serves is down (报障).
const DOWN = ['paper_out', 'cover_open', 'offline', 'error', 'unreachable'];
const OPEN_CASE = ['accepted', 'in_review'];

/** One hall's live figures for the county board; the same counts its own dashboard shows. */
export async function hallOverview(db: Queryable, ctx: ServiceContext, hall: { id: string; name: string; level: string; time_zone: string }): Promise<HallOverview> {
  const now = ctx.clock.now();
  const day = serviceDay(now, hall.time_zone);
  const waiting = await db.selectFrom('tickets').select('issued_at').where('hall_id', '=', hall.id).where('service_day', '=', day).where('status', '=', 'waiting').execute();
  const windows = await db.selectFrom('windows').select(['status', 'current_ticket_id']).where('hall_id', '=', hall.id).execute();
  const open = windows.filter((w) => w.status === 'open');
  const count = (rows: Array<{ n: number | string | bigint }>) => Number(rows[0]?.n ?? 0);
  const overdueCases = count(await db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).where('hall_id', '=', hall.id).where('status', 'in', OPEN_CASE).where('promised_date', '<', day).execute());
  const overdueHandovers = count(await db.selectFrom('proxy_cases').select((eb) => eb.fn.countAll().as('n')).where('hall_id', '=', hall.id).where('status', '!=', 'delivered').where('due_at', '<', now).execute());
  const devicesDown = count(await db.selectFrom('printer_states').select((eb) => eb.fn.countAll().as('n')).where('hall_id', '=', hall.id).where('state', 'in', DOWN).execute());
  const oldest = waiting.reduce((m, t) => Math.min(m, Number(t.issued_at)), Infinity);
  return {
    hallId: hall.id,
    name: hall.name,
    level: hall.level,
    waiting: waiting.length,
    longestWaitMinutes: waiting.length === 0 ? 0 : Math.floor((now - oldest) / 60000),
    openWindows: open.length,
    idleWindows: open.filter((w) => !w.current_ticket_id).length,
    overdueCases,
    overdueHandovers,
    devicesDown,
  };
}

/** Every hall below the region, live: the county board (县级监管). */
export async function regionOverview(db: Queryable, ctx: ServiceContext, regionId: string): Promise<{ regionId: string; halls: HallOverview[] }> {
  if (!(await db.selectFrom('regions').select('id').where('id', '=', regionId).executeTakeFirst())) throw notFound('REGION_NOT_FOUND', `没有这个区域：${regionId}`);
  const halls = await hallsBelow(db, regionId);
  return { regionId, halls: await Promise.all(halls.map((h) => hallOverview(db, ctx, h))) };
}
