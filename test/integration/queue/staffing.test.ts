import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock as SimClock } from '../../../server/clock.ts';
import { windowsNeeded } from '../../../server/domain/erlang-c.ts';
import { countyHallDay, simulateDay } from '../../../server/simulator/index.ts';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../../helpers/server.ts';

const at = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);

describe('GET /api/halls/demo/staffing (窗口配置建议)', () => {
  const clock = new ManualClock(at('2026-11-23', '09:10'));
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ clock });
    // Last Monday, simulated through the engine into the same records: the usual pattern.
    const simClock = new SimClock(at('2026-11-16', '00:00'));
    await simulateDay(s.app.db, { clock: simClock, idHashKey: Buffer.alloc(32), publicUrl: '' }, countyHallDay('2026-11-16', 5, 10, 300));
  }, 60_000);
  afterAll(() => s.close());

  it("counts today's hours so far, forecasts the rest from the same weekday, and says how many windows each hour needs", async () => {
    const manager = bearer(await login(s.url, 'manager'));
    for (let i = 0; i < 6; i++) expect((await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).status).toBe(201);
    clock.set(at('2026-11-23', '10:30'));
    await api(s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(await login(s.url, 'clerk01')));

    const r = await api(s.url, 'GET', '/api/halls/demo/staffing', undefined, manager);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ hallId: 'demo', serviceDay: '2026-11-23', targetMinutes: 15, usualDays: 1 });
    const a = r.body.categories.find((c: { categoryId: string }) => c.categoryId === 'cat_A');
    expect(a.openWindows).toBe(1);
    expect(a.hours[9]).toMatchObject({ hour: 9, arrivals: 6, forecast: false });
    expect(a.hours[8]).toMatchObject({ arrivals: 0, forecast: false });
    // The afternoon peak comes from last Monday, so it is forecast and needs windows.
    const peak = a.hours[15];
    expect(peak.forecast).toBe(true);
    expect(peak.arrivals).toBeGreaterThan(5);
    expect(peak.windows).toBe(windowsNeeded(peak.arrivals / 60, 1 / a.serviceMinutes, 15));
    expect(peak.windows).toBeGreaterThan(0);
    // Night hours: nobody came last Monday, nobody is forecast.
    expect(a.hours[3]).toMatchObject({ arrivals: 0, windows: 0 });
  });

  it('is for the hall manager only', async () => {
    expect((await api(s.url, 'GET', '/api/halls/demo/staffing')).status).toBe(401);
    expect((await api(s.url, 'GET', '/api/halls/demo/staffing', undefined, bearer(await login(s.url, 'clerk02')))).status).toBe(403);
  });
});
