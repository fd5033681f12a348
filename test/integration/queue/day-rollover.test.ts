import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../../helpers/server.ts';

describe('day rollover (弃号 and numbering per service day)', () => {
  const clock = new ManualClock(Date.parse('2026-11-23T23:50:00+08:00'));
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ clock });
  });
  afterAll(() => s.close());

  it('yesterday’s tickets are abandoned but kept; today starts at A001; call-next skips yesterday', async () => {
    const token = await login(s.url, 'clerk01');
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(token))).status).toBe(200);
    const old = [];
    for (let i = 0; i < 3; i++) old.push((await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body);
    expect(old.map((t) => [t.number, t.serviceDay])).toEqual([['A001', '2026-11-23'], ['A002', '2026-11-23'], ['A003', '2026-11-23']]);
    expect((await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(token))).body.ticket.number).toBe('A001');

    clock.set('2026-11-24T00:05:00+08:00');
    expect(await s.app.closePastDays()).toBe(3);
    for (const t of old) {
      const r = await api(s.url, 'GET', `/api/tickets/${t.id}`, undefined, { 'x-ticket-key': t.key });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: t.id, number: t.number, status: 'abandoned', waitingAhead: 0 });
    }
    const closeDay = await s.app.db.selectFrom('ticket_events').select('ticket_id').where('type', '=', 'close_day').execute();
    expect(closeDay.map((e) => e.ticket_id).sort()).toEqual(old.map((t) => t.id).sort());

    const hall = (await api(s.url, 'GET', '/api/halls/demo')).body;
    expect(hall.serviceDay).toBe('2026-11-24');
    expect(hall.categories.find((c: { id: string }) => c.id === 'cat_A')).toMatchObject({ waiting: 0, issuedToday: 0 });
    expect(hall.windows.find((w: { id: string }) => w.id === 'win_1')).toMatchObject({ status: 'open', currentNumber: null });

    expect((await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(token))).status).toBe(204);
    const fresh = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
    expect(fresh.status).toBe(201);
    expect(fresh.body).toMatchObject({ number: 'A001', serviceDay: '2026-11-24', waitingAhead: 0 });
    expect(fresh.body.id).not.toBe(old[0].id);
    const called = await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(token));
    expect(called.body.ticket).toMatchObject({ id: fresh.body.id, number: 'A001', serviceDay: '2026-11-24' });
    expect((await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(token))).status).toBe(204);
    expect(await s.app.closePastDays()).toBe(0);
  });
});
