import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, DEMO_PASSWORD, login, ManualClock, startServer, type TestServer } from '../../helpers/server.ts';
import { addStaff, hashPassword } from '../../../server/services/staff.ts';

type Node = { id: string; level: string; halls: Array<{ id: string; level: string }>; children: Node[] };
const flat = (ns: Node[]): Node[] => ns.flatMap((n) => [n, ...flat(n.children)]);

describe('the region tree and the county overview', () => {
  let s: TestServer;
  const clock = new ManualClock(Date.parse('2026-11-20T09:00:00+08:00'));
  let bureau: Record<string, string>;
  let countyAdmin: Record<string, string>;
  let root: Record<string, string>;
  beforeAll(async () => {
    s = await startServer({ clock });
    const hash = await hashPassword(DEMO_PASSWORD);
    await s.app.db.transaction().execute(async (trx) => {
      await addStaff(trx, s.app.ctx, { username: 'root', name: '系统管理员', staffNo: 'SYS', role: 'admin', password: '', hallId: null }, hash);
      await addStaff(trx, s.app.ctx, { username: 'county-admin', name: '县局管理员', staffNo: 'XA1', role: 'admin', password: '', hallId: null, regionId: 'qinghe' }, hash);
      await addStaff(trx, s.app.ctx, { username: 'xiyuan-mgr', name: '西园镇主任', staffNo: 'XY1', role: 'manager', password: '', hallId: null, regionId: 'xiyuan' }, hash);
    });
    bureau = bearer(await login(s.url, 'bureau'));
    countyAdmin = bearer(await login(s.url, 'county-admin'));
    root = bearer(await login(s.url, 'root'));
  });
  afterAll(async () => {
    await s.close();
  });

  it('GET /api/regions: the whole tree for the system, the county for its bureau, the own hall for hall staff', async () => {
    const all = (await api(s.url, 'GET', '/api/regions', undefined, root)).body as Node[];
    expect(all.map((n) => [n.id, n.level])).toEqual([['lincheng', 'city']]);
    expect(flat(all).map((n) => n.id).sort()).toEqual(['dongguan', 'lincheng', 'liuzhuang', 'nanwan', 'qinghe', 'xiyuan', 'zhaojia']);
    const county = (await api(s.url, 'GET', '/api/regions', undefined, bureau)).body as Node[];
    expect(county.map((n) => n.id)).toEqual(['qinghe']);
    expect(county[0].halls).toEqual([{ id: 'demo', name: '清河县政务服务中心', level: 'county' }]);
    expect(flat(county).flatMap((n) => n.halls.map((h) => `${h.id}:${h.level}`)).sort()).toEqual(['demo:county', 'dongguan:town', 'liuzhuang:village', 'nanwan:village', 'xiyuan:town', 'zhaojia:village']);
    const clerk = (await api(s.url, 'GET', '/api/regions', undefined, bearer(await login(s.url, 'dongguan01')))).body as Node[];
    expect(clerk).toEqual([{ id: 'dongguan', name: '东关镇', level: 'town', parentId: 'qinghe', halls: [{ id: 'dongguan', name: '东关镇便民服务中心', level: 'town' }], children: [] }]);
    expect((await api(s.url, 'GET', '/api/regions')).status).toBe(401);
  });

  it('POST /api/regions and POST /api/halls: an admin of the county adds below it, not above or beside', async () => {
    const town = await api(s.url, 'POST', '/api/regions', { id: 'beishan', name: '北山镇', level: 'town', parentId: 'qinghe' }, countyAdmin);
    expect([town.status, town.body]).toEqual([201, { id: 'beishan' }]);
    const above = await api(s.url, 'POST', '/api/regions', { name: '另一个县', level: 'county', parentId: 'lincheng' }, countyAdmin);
    expect([above.status, above.body.error.code]).toEqual([403, 'OTHER_HALL']);
    const top = await api(s.url, 'POST', '/api/regions', { name: '另一个市', level: 'city' }, countyAdmin);
    expect([top.status, top.body.error.code]).toEqual([403, 'SYSTEM_ADMIN_ONLY']);
    const badLevel = await api(s.url, 'POST', '/api/regions', { name: '镇下设县', level: 'county', parentId: 'beishan' }, countyAdmin);
    expect([badLevel.status, badLevel.body.error.code]).toEqual([400, 'BAD_REGION_LEVEL']);
    const byHallAdmin = await api(s.url, 'POST', '/api/regions', { name: '村', level: 'village', parentId: 'beishan' }, bearer(await login(s.url, 'admin')));
    expect([byHallAdmin.status, byHallAdmin.body.error.code]).toEqual([403, 'OTHER_HALL']);
    expect((await api(s.url, 'POST', '/api/regions', { name: '市', level: 'city' }, root)).status).toBe(201);

    const hall = await api(s.url, 'POST', '/api/halls', { id: 'beishan', name: '北山镇便民服务中心', regionId: 'beishan' }, countyAdmin);
    expect([hall.status, hall.body]).toEqual([201, { id: 'beishan', name: '北山镇便民服务中心', regionId: 'beishan', level: 'town', code: 'BEISHA' }]);
    const noRegion = await api(s.url, 'POST', '/api/halls', { name: '无区域大厅' }, countyAdmin);
    expect([noRegion.status, noRegion.body.error.code]).toEqual([403, 'SYSTEM_ADMIN_ONLY']);
    const wrongLevel = await api(s.url, 'POST', '/api/halls', { name: '镇里的县中心', regionId: 'beishan', level: 'county' }, countyAdmin);
    expect([wrongLevel.status, wrongLevel.body.error.code]).toEqual([400, 'BAD_HALL_LEVEL']);
    const townManager = await api(s.url, 'POST', '/api/regions/beishan/staff', { username: 'beishan-mgr', name: '北山镇主任', staffNo: 'BS1', role: 'manager', password: 'secret-123' }, countyAdmin);
    expect([townManager.status, townManager.body.regionId]).toEqual([201, 'beishan']);
    const seen = (await api(s.url, 'GET', '/api/regions', undefined, bearer(await login(s.url, 'beishan-mgr', 'secret-123')))).body as Node[];
    expect(seen.map((n) => [n.id, n.halls.map((h) => h.id)])).toEqual([['beishan', ['beishan']]]);
    const cityStaff = await api(s.url, 'POST', '/api/regions/lincheng/staff', { username: 'city-mgr', name: '市局', staffNo: 'C1', role: 'manager', password: 'secret-123' }, countyAdmin);
    expect([cityStaff.status, cityStaff.body.error.code]).toEqual([403, 'OTHER_HALL']);
    const tree = flat((await api(s.url, 'GET', '/api/regions', undefined, bureau)).body);
    expect(tree.find((n) => n.id === 'beishan')!.halls).toEqual([{ id: 'beishan', name: '北山镇便民服务中心', level: 'town' }]);
  });

  it("the overview's figures are each hall's own: waiting, longest wait, open and idle windows, overdue cases, devices down", async () => {
    for (let i = 0; i < 3; i++) expect((await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).status).toBe(201);
    clock.advance(7 * 60_000);
    expect((await api(s.url, 'POST', '/api/halls/dongguan/tickets', { categoryId: 'cat_dongguan_A' })).status).toBe(201);
    const clerk01 = bearer(await login(s.url, 'clerk01'));
    const clerk02 = bearer(await login(s.url, 'clerk02'));
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, clerk01)).status).toBe(200);
    expect((await api(s.url, 'POST', '/api/windows/win_2/open', undefined, clerk02)).status).toBe(200);
    expect((await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, clerk01)).status).toBe(200);
    // A matter promised the same day, accepted and not decided: overdue from tomorrow.
    const matters = (await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; promisedDays: number }>;
    const kase = await api(s.url, 'POST', '/api/windows/win_1/cases', { matterId: matters.find((m) => m.promisedDays === 0)!.id }, clerk01);
    expect(kase.status).toBe(201);
    const agent = await api(s.url, 'POST', '/api/devices', { hallId: 'dongguan', kind: 'agent', name: '东关镇打印代理' }, root);
    expect((await api(s.url, 'POST', '/api/agent/printer', { state: 'paper_out' }, { 'x-device-token': agent.body.token })).status).toBe(204);
    const compare = async () => {
      const overview = await api(s.url, 'GET', '/api/regions/qinghe/overview', undefined, bureau);
      expect(overview.status).toBe(200);
      const byHall = new Map((overview.body.halls as Array<Record<string, any>>).map((h) => [h.hallId, h]));
      expect([...byHall.keys()].sort()).toEqual(['beishan', 'demo', 'dongguan', 'liuzhuang', 'nanwan', 'xiyuan', 'zhaojia']);
      for (const hallId of byHall.keys()) {
        const o = byHall.get(hallId)!;
        const hall = (await api(s.url, 'GET', `/api/halls/${hallId}`, undefined, bureau)).body;
        const stats = (await api(s.url, 'GET', `/api/halls/${hallId}/stats/today`, undefined, bureau)).body;
        expect([hallId, o.waiting]).toEqual([hallId, stats.categories.reduce((n: number, c: { waiting: number }) => n + c.waiting, 0)]);
        expect([hallId, o.openWindows]).toEqual([hallId, hall.windows.filter((w: { status: string }) => w.status === 'open').length]);
        expect([hallId, o.idleWindows]).toEqual([hallId, hall.windows.filter((w: { status: string; currentNumber: string | null }) => w.status === 'open' && !w.currentNumber).length]);
      }
      return byHall;
    };
    const live = await compare();
    expect(live.get('demo')).toMatchObject({ waiting: 2, longestWaitMinutes: 7, openWindows: 2, idleWindows: 1, overdueCases: 0 });
    expect(live.get('dongguan')).toMatchObject({ waiting: 1, longestWaitMinutes: 0, devicesDown: 1 });

    clock.advance(24 * 3600_000);
    bureau = bearer(await login(s.url, 'bureau'));
    root = bearer(await login(s.url, 'root'));
    const byHall = await compare();
    // The day rolled over: yesterday's tickets no longer wait; the case is overdue, the printer down.
    expect(byHall.get('demo')).toMatchObject({ waiting: 0, openWindows: 2, idleWindows: 1, overdueCases: 1, devicesDown: 0 });
    expect((await api(s.url, 'GET', `/api/cases/${kase.body.caseNo}`, undefined, { 'x-pickup-code': kase.body.pickupCode })).body.overdue).toBe(true);
    expect(byHall.get('dongguan')).toMatchObject({ devicesDown: 1, overdueCases: 0 });
  });

  it('live waits: the longest wait is the oldest waiting ticket of today', async () => {
    expect((await api(s.url, 'POST', '/api/halls/xiyuan/tickets', { categoryId: 'cat_xiyuan_A' })).status).toBe(201);
    clock.advance(12 * 60_000 + 30_000);
    expect((await api(s.url, 'POST', '/api/halls/xiyuan/tickets', { categoryId: 'cat_xiyuan_A' })).status).toBe(201);
    const town = await api(s.url, 'GET', '/api/regions/xiyuan/overview', undefined, bearer(await login(s.url, 'xiyuan-mgr')));
    expect(town.body.halls.map((h: { hallId: string; waiting: number; longestWaitMinutes: number }) => [h.hallId, h.waiting, h.longestWaitMinutes])).toEqual([['xiyuan', 2, 12], ['nanwan', 0, 0]]);
    const refused = await api(s.url, 'GET', '/api/regions/qinghe/overview', undefined, bearer(await login(s.url, 'xiyuan-mgr')));
    expect([refused.status, refused.body.error.code]).toEqual([403, 'OTHER_HALL']);
    const clerk = await api(s.url, 'GET', '/api/regions/xiyuan/overview', undefined, bearer(await login(s.url, 'xiyuan01')));
    expect(clerk.status).toBe(403);
  });
});
