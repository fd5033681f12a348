import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../server/services/staff.ts';
import { api, bearer, DEMO_PASSWORD, login, ManualClock, startServer, type TestServer } from '../helpers/server.ts';

/** A real hall set up from nothing over the API: hall, rules, categories with hours and quotas, a window, a matter. */
describe('setting up a hall', () => {
  let s: TestServer;
  let root: Record<string, string>;
  const clock = new ManualClock(Date.parse('2026-11-23T08:00:00+08:00'));
  beforeAll(async () => {
    s = await startServer({ empty: true, clock });
    expect((await api(s.url, 'GET', '/api/halls')).body).toEqual([]);
    await s.app.db.transaction().execute((trx) => addStaff(trx, s.app.ctx, { username: 'root', name: '系统管理员', staffNo: 'S0', role: 'admin', password: DEMO_PASSWORD, hallId: null }));
    root = bearer(await login(s.url, 'root'));
  });
  afterAll(() => s.close());

  it('builds a hall that issues and calls within its hours and quotas', async () => {
    expect((await api(s.url, 'POST', '/api/halls', { id: 'town', name: '城关镇便民服务中心' }, root)).status).toBe(201);
    expect((await api(s.url, 'POST', '/api/halls', { id: 'town', name: 'again' }, root)).body.error.code).toBe('HALL_EXISTS');
    expect((await api(s.url, 'PUT', '/api/halls/town/rules', { maxRecalls: 2, bookingDaysAhead: 7 }, root)).body).toMatchObject({ maxRecalls: 2, bookingDaysAhead: 7, requeueAfter: 3 });

    const cat = await api(s.url, 'POST', '/api/halls/town/categories', {
      prefix: 'S', name: '社保代办', dailyQuota: 3, avgServiceMinutes: 6,
      periods: [{ name: '上午', start: '08:30', end: '12:00', quota: 2 }, { name: '下午', start: '14:30', end: '17:30' }],
      appointmentSlots: { from: '09:00', to: '11:00', minutes: 30, capacity: 2 },
    }, root);
    expect(cat.status).toBe(201);
    const catId = cat.body.id;
    expect((await api(s.url, 'POST', '/api/halls/town/categories', { prefix: 'S', name: '重复' }, root)).body.error.code).toBe('PREFIX_TAKEN');
    expect((await api(s.url, 'POST', '/api/halls/town/categories', { prefix: 'T', name: 'x', periods: [{ name: 'a', start: '12:00', end: '08:00' }] }, root)).body.error.code).toBe('BAD_PERIODS');

    const win = await api(s.url, 'POST', '/api/halls/town/windows', { no: 1, name: '综合窗口', kind: 'comprehensive', categoryIds: [catId] }, root);
    expect(win.status).toBe(201);
    expect(win.body).toMatchObject({ no: 1, status: 'closed', categoryIds: [catId] });
    expect((await api(s.url, 'POST', '/api/halls/town/windows', { no: 1, name: 'x', kind: 'dedicated' }, root)).body.error.code).toBe('WINDOW_NO_TAKEN');
    const matter = await api(s.url, 'POST', '/api/halls/town/matters', { categoryId: catId, name: '城乡居民养老保险参保', materials: ['居民身份证', '户口簿'], promisedDays: 0 }, root);
    expect(matter.status).toBe(201);
    expect((await api(s.url, 'GET', '/api/halls/town/matters')).body).toEqual([{ id: matter.body.id, categoryId: catId, name: '城乡居民养老保险参保', materials: ['居民身份证', '户口簿'], promisedDays: 0, hallId: 'town', offeredLevels: [], offeredHalls: [], names: {} }]);
    expect((await api(s.url, 'GET', `/api/halls/town/appointment-slots?categoryId=${catId}&date=2026-11-23`)).body).toHaveLength(4);

    const take = () => api(s.url, 'POST', '/api/halls/town/tickets', { categoryId: catId });
    expect((await take()).body.error.code).toBe('OUTSIDE_HOURS'); // 08:00
    clock.set('2026-11-23T09:00:00+08:00');
    expect((await take()).body.number).toBe('S001');
    expect((await take()).body.number).toBe('S002');
    expect((await take()).body.error.code).toBe('QUOTA_EXHAUSTED'); // 上午 quota 2
    clock.set('2026-11-23T15:00:00+08:00');
    expect((await take()).body.number).toBe('S003');
    expect((await take()).body.error.code).toBe('QUOTA_EXHAUSTED'); // daily quota 3

    // A clerk of the new hall works its window.
    await s.app.db.transaction().execute((trx) => addStaff(trx, s.app.ctx, { username: 'town01', name: '何敏', staffNo: 'T01', role: 'clerk', password: DEMO_PASSWORD, hallId: 'town' }));
    const clerk = bearer(await login(s.url, 'town01'));
    await api(s.url, 'POST', `/api/windows/${win.body.id}/open`, undefined, clerk);
    expect((await api(s.url, 'POST', `/api/windows/${win.body.id}/call-next`, undefined, clerk)).body.ticket.number).toBe('S001');

    // A hall's own admin cannot create halls; a clerk cannot change the setup.
    expect((await api(s.url, 'PATCH', `/api/halls/town/categories/${catId}`, { dailyQuota: 10 }, clerk)).status).toBe(403);
    expect((await api(s.url, 'PATCH', `/api/halls/town/categories/${catId}`, { dailyQuota: 10, active: true }, root)).status).toBe(200);
    expect((await take()).body.number).toBe('S004');
    expect((await api(s.url, 'PATCH', `/api/halls/town/categories/${catId}`, { active: false }, root)).status).toBe(200);
    expect((await api(s.url, 'GET', '/api/halls/town')).body.categories).toEqual([]);
    expect((await api(s.url, 'GET', '/api/halls/town/categories/inactive', undefined, root)).body).toEqual([{ id: catId, prefix: 'S', name: '社保代办' }]);
    expect((await take()).body.error.code).toBe('CATEGORY_NOT_FOUND');
    expect((await api(s.url, 'PATCH', `/api/halls/town/windows/${win.body.id}`, { categoryIds: ['nope'] }, root)).body.error.code).toBe('CATEGORY_NOT_FOUND');
  });
});
