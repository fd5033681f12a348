import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../server/services/staff.ts';
import { api, bearer, DEMO_PASSWORD, login, startServer, type TestServer } from '../helpers/server.ts';

/** Two halls on one server: numbers, staff and statistics stay within their hall. */
describe('a second hall', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
    const db = s.app.db;
    await db.insertInto('halls').values({ id: 'town', name: '城关镇便民服务中心', time_zone: 'Asia/Shanghai', rules: '{}', print_settings: '{}', event_seq: 0, created_at: Date.now() }).execute();
    await db.insertInto('categories').values({ id: 'town_A', hall_id: 'town', department_id: null, prefix: 'A', name: '社保代办', daily_quota: null, periods: '[]', avg_service_minutes: 5, sort_order: 0, active: 1 }).execute();
    await db.transaction().execute((trx) => addStaff(trx, s.app.ctx, { username: 'town.manager', name: '镇主任', staffNo: 'T001', role: 'manager', password: DEMO_PASSWORD, hallId: 'town' }));
  });
  afterAll(() => s.close());

  it('numbers each hall on its own; a manager sees only the own hall', async () => {
    expect((await api(s.url, 'GET', '/api/halls')).body.map((h: { id: string }) => h.id).sort()).toEqual(['demo', 'dongguan', 'liuzhuang', 'nanwan', 'town', 'xiyuan', 'zhaojia']);
    expect((await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).body.number).toBe('A001');
    expect((await api(s.url, 'POST', '/api/halls/town/tickets', { categoryId: 'town_A' })).body.number).toBe('A001');
    // A category of another hall is unknown here.
    expect((await api(s.url, 'POST', '/api/halls/town/tickets', { categoryId: 'cat_A' })).body.error.code).toBe('CATEGORY_NOT_FOUND');

    const town = bearer(await login(s.url, 'town.manager'));
    expect((await api(s.url, 'GET', '/api/halls/town/stats/today', undefined, town)).body.categories[0]).toMatchObject({ issued: 1, waiting: 1 });
    const other = await api(s.url, 'GET', '/api/halls/demo/stats/today', undefined, town);
    expect([other.status, other.body.error.code]).toEqual([403, 'OTHER_HALL']);
    expect((await api(s.url, 'GET', '/api/halls/demo/print-jobs', undefined, town)).status).toBe(403);
    expect((await api(s.url, 'GET', '/api/halls/demo/ratings', undefined, town)).status).toBe(403);
    // The system admin of the demo seed belongs to the demo hall; the demo manager cannot see the town.
    const demo = bearer(await login(s.url, 'manager'));
    expect((await api(s.url, 'GET', '/api/halls/town/stats/today', undefined, demo)).status).toBe(403);
  });
});
