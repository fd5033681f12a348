import { ManualClock } from '../clock.ts';
import type { Database } from '../db/index.ts';
import { serviceDay } from '../domain/time.ts';
import { DEMO_HALL } from '../seed/demo-hall.ts';
import { simulateOversight } from './oversight.ts';
import { countyHallDay, pastWorkingDays, simulateDay, weekdayVisitors } from './index.ts';

/**
 * `hallq simulate --days n`: the demo hall's last n calendar days up to yesterday, each working day
 * simulated on its ten windows (about 375 visitors on a Monday, fewer later in the week), so a
 * newcomer's dashboard and 月调度 report show real-looking figures
 * (and its 四位一体 review: ratings, phones for 回访, complaints, inspections; see oversight.ts). Returns the exit code.
 */
export async function simulateMonth(db: Database, days: number, seed: number, say: (line: string) => void): Promise<number> {
  const hall = await db.selectFrom('halls').select(['id', 'time_zone']).where('id', '=', DEMO_HALL.id).executeTakeFirst();
  if (!hall) {
    say(`no demo hall in this database: start hallq once with the demo hall (npm start), then simulate`);
    return 2;
  }
  const yesterday = serviceDay(Date.now() - 86_400_000, hall.time_zone);
  const clock = new ManualClock(Date.now());
  const ctx = { clock, idHashKey: Buffer.alloc(32), publicUrl: '' };
  const windows = (await db.selectFrom('windows').select('id').where('hall_id', '=', hall.id).execute()).length;
  for (const [i, day] of pastWorkingDays(yesterday, days).entries()) {
    const had = await db.selectFrom('tickets').select('id').where('hall_id', '=', hall.id).where('service_day', '=', day).limit(1).executeTakeFirst();
    if (had) {
      say(`${day}: has tickets already, kept`);
      continue;
    }
    const plan = countyHallDay(day, seed * 1000 + i, Math.min(10, windows));
    const r = await simulateDay(db, ctx, { ...plan, visitors: weekdayVisitors(day, plan.visitors) });
    await simulateOversight(db, ctx, hall.id, day, seed * 1000 + i);
    say(`${day}: ${r.visitors} visitors, mean wait ${r.all.mean ?? '-'} min, p90 ${r.all.p90 ?? '-'} min, max ${r.all.max ?? '-'} min`);
  }
  return 0;
}
