import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../../helpers/server.ts';

const at = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00+08:00`);

describe('GET /api/halls/demo/stats/today', () => {
  const clock = new ManualClock(at('09:00'));
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ clock });
  });
  afterAll(() => s.close());

  it('counts and times a morning: issued, waiting, served, no-show, average and p90 wait, service time, idle minutes', async () => {
    const c1 = bearer(await login(s.url, 'clerk01'));
    const c2 = bearer(await login(s.url, 'clerk02'));
    const manager = bearer(await login(s.url, 'manager'));
    const post = async (url: string, headers: Record<string, string> = {}, body?: unknown) => {
      const r = await api(s.url, 'POST', url, body, headers);
      if (r.status >= 300) throw new Error(`${url}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const issue = () => post('/api/halls/demo/tickets', {}, { categoryId: 'cat_A' });
    const step = (what: string, who = c1, win = 'win_1', body?: unknown) => post(`/api/windows/${win}/${what}`, who, body);

    // 09:00 window 1 opens; A001 and A002 arrive; 09:02 A003.
    await step('open');
    await issue();
    await issue();
    clock.set(at('09:02'));
    await issue();
    clock.set(at('09:05'));
    expect((await step('call-next')).ticket.number).toBe('A001'); // waited 5
    clock.set(at('09:06'));
    await step('start');
    clock.set(at('09:10'));
    await step('open', c2, 'win_2'); // window 2 opens at 09:10 ...
    clock.set(at('09:16'));
    await step('complete'); // A001 served 10 minutes (start 09:06 → 09:16)
    clock.set(at('09:20'));
    expect((await step('call-next')).ticket.number).toBe('A002'); // waited 20
    clock.set(at('09:22'));
    await step('no-show');
    clock.set(at('09:25'));
    await step('pause', c2, 'win_2', { reason: '临时离岗' }); // ... pauses 09:25 ...
    clock.set(at('09:30'));
    expect((await step('call-next')).ticket.number).toBe('A003'); // waited 28
    await step('start');
    clock.set(at('09:35'));
    await step('resume', c2, 'win_2'); // ... and is open again from 09:35
    await issue(); // A004 still waiting
    await post('/api/halls/demo/tickets', {}, { categoryId: 'cat_B' }); // B001 waiting
    clock.set(at('09:40'));
    await step('complete'); // A003 served 10 minutes
    clock.set(at('09:45'));

    const r = await api(s.url, 'GET', '/api/halls/demo/stats/today', undefined, manager);
    expect(r.status).toBe(200);
    expect(r.body.serviceDay).toBe('2026-11-23');
    const cat = (id: string) => r.body.categories.find((c: { categoryId: string }) => c.categoryId === id);
    expect(cat('cat_A')).toEqual({
      categoryId: 'cat_A', name: '综合受理', issued: 4, waiting: 1, served: 2, noShow: 1,
      avgWaitMinutes: 17.7, // (5 + 20 + 28) / 3
      p90WaitMinutes: 28,
      avgServiceMinutes: 10,
    });
    expect(cat('cat_B')).toMatchObject({ issued: 1, waiting: 1, served: 0, noShow: 0, avgWaitMinutes: null, p90WaitMinutes: null, avgServiceMinutes: null });
    expect(cat('cat_C')).toMatchObject({ issued: 0, waiting: 0 });

    const win = (id: string) => r.body.windows.find((w: { windowId: string }) => w.windowId === id);
    // Open 09:00-09:45 = 45 min; at a ticket 09:05-09:16, 09:20-09:22, 09:30-09:40 = 23 min.
    expect(win('win_1')).toEqual({ windowId: 'win_1', no: 1, name: '综合受理窗口', status: 'open', served: 2, avgServiceMinutes: 10, idleMinutes: 22 });
    // Open 09:10-09:25 and 09:35-09:45, never calling: 25 idle minutes, the pause not counted.
    expect(win('win_2')).toMatchObject({ status: 'open', served: 0, avgServiceMinutes: null, idleMinutes: 25 });
    expect(win('win_3')).toMatchObject({ status: 'closed', served: 0, idleMinutes: 0 });
    expect(r.body.windows).toHaveLength(10);
  });

  it('is for managers only', async () => {
    expect((await api(s.url, 'GET', '/api/halls/demo/stats/today')).status).toBe(401);
    expect((await api(s.url, 'GET', '/api/halls/demo/stats/today', undefined, bearer(await login(s.url, 'clerk03')))).status).toBe(403);
    expect((await api(s.url, 'GET', '/api/halls/demo/stats/today', undefined, bearer(await login(s.url, 'admin')))).status).toBe(200);
    expect((await api(s.url, 'GET', '/api/halls/nowhere/stats/today', undefined, bearer(await login(s.url, 'manager')))).status).toBe(404);
  });
});
