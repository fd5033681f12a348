import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../../helpers/server.ts';

/**
 * Case numbers are counted per hall; before they said their hall, a second hall's first case
 * took the number the first hall already had and every try answered 500.
 */
describe('a second hall accepts cases all day', () => {
  let s: TestServer;
  const clock = new ManualClock(Date.parse('2026-11-20T08:30:00+08:00'));
  beforeAll(async () => {
    s = await startServer({ clock });
  });
  afterAll(async () => {
    await s.close();
  });

  async function acceptAll(hallId: string, windowId: string, username: string, n: number) {
    const clerk = bearer(await login(s.url, username));
    expect((await api(s.url, 'POST', `/api/windows/${windowId}/open`, undefined, clerk)).status).toBe(200);
    const matters = (await api(s.url, 'GET', `/api/halls/${hallId}/matters`, undefined, clerk)).body;
    const numbers: string[] = [];
    for (let i = 0; i < n; i++) {
      clock.advance(20 * 60_000);
      const r = await api(s.url, 'POST', `/api/windows/${windowId}/cases`, { matterId: matters[i % matters.length].id, applicantName: '王五' }, clerk);
      expect([r.status, r.body.error]).toEqual([201, undefined]);
      numbers.push(r.body.caseNo);
      codes.set(r.body.caseNo, r.body.pickupCode);
    }
    return numbers;
  }

  /** Each slip's pickup code: the public lookup needs what the slip carries. */
  const codes = new Map<string, string>();
  const slip = (caseNo: string) => ({ 'x-pickup-code': codes.get(caseNo)! });

  it('the county centre and a town centre both number their cases from 1, each with its own code, all day', async () => {
    const county = await acceptAll('demo', 'win_1', 'clerk01', 3);
    // 东关镇 accepts the county's matters sent down to towns (下沉事项) at its own window.
    const town = await acceptAll('dongguan', 'win_dongguan_1', 'dongguan01', 20);
    expect(county).toEqual(['DEMO-SL202611200001', 'DEMO-SL202611200002', 'DEMO-SL202611200003']);
    expect(town).toEqual(Array.from({ length: 20 }, (_, i) => `DG-SL20261120${String(i + 1).padStart(4, '0')}`));
    // The public lookup finds each by its own number.
    expect((await api(s.url, 'GET', `/api/cases/${town[19]}`, undefined, slip(town[19]!))).status).toBe(200);
    expect((await api(s.url, 'GET', `/api/cases/${county[0]}`, undefined, slip(county[0]!))).status).toBe(200);
  });

  it('a town accepts only the matters sent down to it, not the rest of the county catalogue', async () => {
    const all = (await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; name: string }>;
    const town = (await api(s.url, 'GET', '/api/halls/dongguan/matters')).body as Array<{ id: string; name: string; hallId: string }>;
    const village = (await api(s.url, 'GET', '/api/halls/liuzhuang/matters')).body as Array<{ id: string; name: string }>;
    expect(town.map((m) => m.name).sort()).toEqual(['个体工商户设立登记', '城乡居民养老保险参保登记', '残疾人证新办', '老年人优待证办理'].sort());
    expect(village.map((m) => m.name).sort()).toEqual(['城乡居民养老保险参保登记', '残疾人证新办', '老年人优待证办理'].sort());
    expect(town.every((m) => m.hallId === 'demo')).toBe(true);
    const notSunk = all.find((m) => m.name === '二手房转移登记')!;
    const sunk = town.find((m) => m.name === '个体工商户设立登记')!;
    const ticket = await api(s.url, 'POST', '/api/halls/dongguan/tickets', { categoryId: 'cat_dongguan_A', matterId: sunk.id });
    expect(ticket.status).toBe(201);
    const wrong = await api(s.url, 'POST', '/api/halls/dongguan/tickets', { categoryId: 'cat_dongguan_A', matterId: notSunk.id });
    expect([wrong.status, wrong.body.error.code]).toEqual([404, 'MATTER_NOT_FOUND']);
    const clerk = bearer(await login(s.url, 'dongguan01'));
    const r = await api(s.url, 'POST', '/api/windows/win_dongguan_1/cases', { matterId: notSunk.id }, clerk);
    expect([r.status, r.body.error.code]).toEqual([404, 'MATTER_NOT_FOUND']);
  });
});
