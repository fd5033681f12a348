import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { erlangCMeanWait } from '../../server/domain/erlang-c.ts';
import { instantOf } from '../../server/domain/time.ts';
import { countyHallDay, simulateDay } from '../../server/simulator/index.ts';
import { poissonVisitors } from '../../server/simulator/visitors.ts';
import { onPostgres } from '../helpers/pg.ts';
import { freshHall, type Hall } from '../helpers/services.ts';

describe('the hall-day simulator drives the real engine', () => {
  let h: Hall;
  beforeEach(async () => {
    h = await freshHall();
  });
  afterEach(() => h.close());

  it('M/M/c: Poisson arrivals, exponential service on c windows wait as long as Erlang C says', async () => {
    // 3 of the demo's 综窗 serve 综合受理 (cat_A) first; nobody else comes, so they form one
    // first-come-first-served queue of c = 3 windows. 8-minute services, 13.5 arrivals an hour:
    // ρ = 0.6, Erlang C mean wait ≈ 2.4 min. Open all day, no pauses, no no-shows, no priority.
    const plan = {
      ...countyHallDay('2026-10-11', 42, 3),
      categories: [{ id: 'cat_A', share: 1, serviceMinutes: 8, serviceCv: 1, appointmentShare: 0 }],
      windows: ['win_1', 'win_2', 'win_3'].map((id) => ({ id, opensAt: 0, closesAt: 24 * 60, pauses: [] })),
      priorityShare: 0,
      noShowShare: 0,
      exponential: true,
    };
    const perHour = 13.5;
    // One 23-hour day holds ~310 customers; sixteen independent seeded days are pooled.
    let total = 0;
    let count = 0;
    for (let seed = 1; seed <= 16; seed++) {
      const dayPlan = { ...plan, day: `2026-10-${String(10 + seed).padStart(2, '0')}`, seed };
      const visitors = poissonVisitors(dayPlan, 'Asia/Shanghai', perHour, 0, 23 * 60);
      const r = await simulateDay(h.db, { ...h.ctx, clock: h.clock }, dayPlan, visitors);
      expect(r.all.called).toBe(r.visitors);
      // A day starts with an empty hall: only arrivals after a 2-hour warm-up see the steady state.
      const steady = r.tickets.filter((t) => t.issuedAt >= instantOf(dayPlan.day, 120, 'Asia/Shanghai'));
      total += steady.reduce((sum, t) => sum + t.wait!, 0);
      count += steady.length;
    }
    const simulated = total / count;
    const expected = erlangCMeanWait(perHour / 60, 1 / 8, 3);
    console.log(`M/M/3 mean wait: simulated ${simulated.toFixed(2)} min over ${count} customers, Erlang C ${expected.toFixed(2)} min`);
    expect(count).toBeGreaterThan(4000);
    // Waits of one queue are strongly correlated: over ~4,500 customers at ρ 0.6 the sample mean
    // still has a standard error near 6%; 15% is more than two of them, and a window count or a
    // service time off by one step (c = 2, or 20% longer services) lands far outside it.
    expect(Math.abs(simulated - expected) / expected).toBeLessThan(0.15);
  }, onPostgres ? 480_000 : 120_000); // ~20,000 transactions: a few minutes on a busy PostgreSQL
});
