import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countyHallDay, simulateDay } from '../../server/simulator/index.ts';
import { simulateOversight } from '../../server/simulator/oversight.ts';
import { callbackList } from '../../server/services/callbacks.ts';
import { staffReview } from '../../server/services/reviews.ts';
import { freshHall, type Hall } from '../helpers/services.ts';

describe('a simulated day fills the 四位一体 review (the demo hall is not empty)', () => {
  let h: Hall;
  beforeEach(async () => {
    h = await freshHall(Date.parse('2026-11-23T00:00:00+08:00'));
  });
  afterEach(() => h.close());

  it('ratings, attendance, an inspection and the 回访 calls come out of one simulated Monday', async () => {
    const ctx = { ...h.ctx, clock: h.clock };
    await simulateDay(h.db, ctx, { ...countyHallDay('2026-11-23', 7, 3), visitors: 40 });
    await simulateOversight(h.db, ctx, 'demo', '2026-11-23', 7);
    const rows = (await staffReview(h.db, h.ctx, 'demo', '2026-11')).filter((r) => r.attendance.daysWorked > 0);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.satisfaction.ratings > 0)).toBe(true);
    expect(rows.every((r) => r.score !== null && r.attendance.openMinutes > 0)).toBe(true);
    expect((await h.db.selectFrom('inspections').select('id').execute()).length).toBe(1);
    const calls = await callbackList(h.db, h.ctx, 'demo', '2026-11-23');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.outcome !== null)).toBe(true);
    // A whole simulated hall day through the real services: slow on PostgreSQL on a busy machine.
  }, 180_000);
});
