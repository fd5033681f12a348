import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../helpers/server.ts';

/** 月调度: a period's figures, across days, from real tickets, ratings and cases. */
describe('GET /api/halls/:id/stats/period', () => {
  let s: TestServer;
  const clock = new ManualClock(Date.parse('2026-11-19T09:00:00+08:00'));
  const min = 60_000;
  beforeAll(async () => {
    s = await startServer({ clock });
  });
  afterAll(() => s.close());

  it('counts two days of a hall', async () => {
    let clerk = bearer(await login(s.url, 'clerk01'));
    await api(s.url, 'POST', '/api/windows/win_1/open', undefined, clerk);
    const issue = async () => (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body;
    const a1 = await issue();
    await issue();
    await issue();
    clock.advance(10 * min);
    await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, clerk); // A001 waited 10 min
    clock.advance(10 * min);
    await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, clerk); // A002 waited 20 min; A001 done
    await api(s.url, 'POST', '/api/windows/win_1/complete', undefined, clerk);
    expect((await api(s.url, 'POST', `/api/tickets/${a1.id}/rating`, { score: 5 }, { 'x-ticket-key': a1.key })).status).toBe(201);
    const matter = (await api(s.url, 'GET', '/api/halls/demo/matters')).body.find((m: { name: string }) => m.name === '老年人优待证办理');
    expect((await api(s.url, 'POST', '/api/windows/win_1/cases', { matterId: matter.id }, clerk)).status).toBe(201); // 即办: promised today

    clock.set('2026-11-20T09:00:00+08:00');
    await s.app.closePastDays(); // A003 abandoned
    clerk = bearer(await login(s.url, 'clerk01'));
    const b1 = await issue();
    clock.advance(5 * min);
    await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, clerk);
    await api(s.url, 'POST', '/api/windows/win_1/no-show', undefined, clerk);
    expect(b1.number).toBe('A001');

    const manager = bearer(await login(s.url, 'manager'));
    const r = await api(s.url, 'GET', '/api/halls/demo/stats/period?from=2026-11-19&to=2026-11-20', undefined, manager);
    expect(r.status).toBe(200);
    expect(r.body.totals).toEqual({ issued: 4, served: 2, noShow: 1, abandoned: 1, avgWaitMinutes: 11.7, p90WaitMinutes: 20 });
    expect(r.body.days).toEqual([
      { day: '2026-11-19', issued: 3, served: 2, noShow: 0, abandoned: 1, avgWaitMinutes: 15, p90WaitMinutes: 20 },
      { day: '2026-11-20', issued: 1, served: 0, noShow: 1, abandoned: 0, avgWaitMinutes: 5, p90WaitMinutes: 5 },
    ]);
    expect(r.body.categories.find((c: { categoryId: string }) => c.categoryId === 'cat_A').issued).toBe(4);
    expect(r.body.ratings).toEqual({ count: 1, average: 5, satisfiedPercent: 100, bad: 0 });
    expect(r.body.cases).toEqual({ accepted: 1, decided: 0, overdue: 1 });

    const bad = [
      ['from=2026-11-20&to=2026-11-19', 'BAD_PERIOD'],
      ['from=2025-01-01&to=2026-11-20', 'PERIOD_TOO_LONG'],
      ['from=yesterday&to=2026-11-20', 'VALIDATION_FAILED'],
    ];
    for (const [q, code] of bad) expect((await api(s.url, 'GET', `/api/halls/demo/stats/period?${q}`, undefined, manager)).body.error.code).toBe(code);
    expect((await api(s.url, 'GET', '/api/halls/demo/stats/period?from=2026-11-19&to=2026-11-20', undefined, clerk)).status).toBe(403);
  });
});
