/**
 * The hall-day simulator: a county hall's busy weekday (about 1,500 visitors) run through the real
 * engine over a fresh SQLite database with the demo hall, the clock moved from event to event.
 *
 *   npm run simulate                         1,500 visitors on 40 windows, seed 1
 *   npm run simulate -- --visitors 3000 --windows 80 --seed 7
 *   npm run simulate -- --postgres           the same day on PostgreSQL too (BENCH_POSTGRES_URL)
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../server/clock.ts';
import { migrateToLatest, openDatabase } from '../server/db/index.ts';
import { seedDemoHall } from '../server/seed/seed.ts';
import { addWindows, countyHallDay, formatReport, simulateDay } from '../server/simulator/index.ts';
import { onThrowawayPostgres } from './pg-database.ts';

const { values } = parseArgs({ options: { visitors: { type: 'string', default: '1500' }, windows: { type: 'string', default: '40' }, seed: { type: 'string', default: '1' }, day: { type: 'string', default: '2026-11-23' } } });

async function once(label: string, databaseUrl?: string): Promise<void> {
  const db = openDatabase({ sqliteFile: ':memory:', databaseUrl });
  await migrateToLatest(db);
  const clock = new ManualClock(Date.parse(`${values.day}T07:00:00+08:00`));
  const ctx = { clock, idHashKey: Buffer.alloc(32, 1), publicUrl: 'http://hallq.local' };
  await seedDemoHall(db, ctx, 'simulated-day-only');
  await addWindows(db, 'demo', Number(values.windows), clock.now());
  const plan = countyHallDay(values.day, Number(values.seed), Number(values.windows), Number(values.visitors));
  const t0 = performance.now();
  const r = await simulateDay(db, ctx, plan);
  const seconds = (performance.now() - t0) / 1000;
  await db.destroy();
  console.log(formatReport(`${label}: ${values.day}, ${r.visitors} visitors, seed ${values.seed}, simulated in ${seconds.toFixed(1)} s`, r));
  if (r.refused.size) console.log(`refused: ${[...r.refused].map(([c, n]) => `${c} ${n}`).join(', ')}`);
}

await once('SQLite');
await onThrowawayPostgres('hallq_sim', async (url) => {
  await once('PostgreSQL', url);
});
