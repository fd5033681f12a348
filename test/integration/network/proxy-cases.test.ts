import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../../helpers/server.ts';

/** 三级代办 over working days: 柳庄村 -> 东关镇 -> the county centre, and back; a late hand-over is flagged. */
describe('a proxy case end to end ("1153")', () => {
  let s: TestServer;
  const clock = new ManualClock(Date.parse('2026-11-19T10:00:00+08:00')); // a Thursday
  const at = (iso: string) => clock.set(Date.parse(iso));
  // Sessions last 12 hours and the case takes days: each hand signs in when it acts.
  const as = async (username: string) => bearer(await login(s.url, username));
  beforeAll(async () => {
    s = await startServer({ clock });
  });
  afterAll(async () => {
    await s.close();
  });

  it('records at the village, goes up hand by hand, is accepted at the county, comes back down and is delivered', async () => {
    const village = await as('liuzhuang01');
    const matters = (await api(s.url, 'GET', '/api/halls/liuzhuang/matters', undefined, village)).body as Array<{ id: string; name: string; materials: string[] }>;
    const matter = matters.find((m) => m.name === '残疾人证新办')!;
    const recorded = await api(s.url, 'POST', '/api/halls/liuzhuang/proxy-cases', { matterId: matter.id, applicantName: '柳大山', phone: '13800001234', materials: [matter.materials[0]], consent: true }, village);
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ proxyNo: 'LZ-DB202611190001', status: 'received', hallId: 'liuzhuang', applicantName: '柳*山', dueAt: '2026-11-21T00:00:00.000+08:00' });
    expect(recorded.body.missing).toEqual(matter.materials.slice(1));
    const id = recorded.body.id as string;

    // Friday afternoon: passed up in time; the town has until the end of Monday.
    at('2026-11-20T16:00:00+08:00');
    const up1 = await api(s.url, 'POST', `/api/proxy-cases/${id}/forward`, undefined, await as('liuzhuang01'));
    expect(up1.body).toMatchObject({ status: 'forwarded', hallId: 'dongguan', dueAt: '2026-11-24T00:00:00.000+08:00' });
    const again = await api(s.url, 'POST', `/api/proxy-cases/${id}/forward`, undefined, await as('liuzhuang01'));
    expect([again.status, again.body.error.code]).toEqual([403, 'OTHER_HALL']);
    const notHere = await api(s.url, 'POST', `/api/proxy-cases/${id}/accept`, undefined, await as('dongguan01'));
    expect([notHere.status, notHere.body.error.code]).toEqual([409, 'NOT_A_COUNTY_HALL']);

    // Tuesday morning: the town is late, and every board says so.
    at('2026-11-24T09:00:00+08:00');
    const town = await as('dongguan01');
    const overdue = (await api(s.url, 'GET', '/api/halls/dongguan/proxy-cases?overdue=true', undefined, town)).body;
    expect(overdue.map((p: { id: string; overdue: boolean }) => [p.id, p.overdue])).toEqual([[id, true]]);
    const board = (await api(s.url, 'GET', '/api/regions/qinghe/overview', undefined, await as('bureau'))).body.halls as Array<{ hallId: string; overdueHandovers: number }>;
    expect(board.filter((h) => h.overdueHandovers > 0).map((h) => [h.hallId, h.overdueHandovers])).toEqual([['dongguan', 1]]);
    expect((await api(s.url, 'POST', `/api/proxy-cases/${id}/forward`, undefined, town)).body).toMatchObject({ status: 'forwarded', hallId: 'demo', dueAt: '2026-11-26T00:00:00.000+08:00' });

    // The village that began it follows it at the county; another village cannot.
    expect((await api(s.url, 'GET', `/api/proxy-cases/${id}`, undefined, await as('liuzhuang01'))).body.hallId).toBe('demo');
    const stranger = await api(s.url, 'GET', `/api/proxy-cases/${id}`, undefined, await as('zhaojia01'));
    expect([stranger.status, stranger.body.error.code]).toEqual([403, 'OTHER_HALL']);

    // Wednesday: the county accepts it as a case (受理) within the day.
    at('2026-11-25T10:00:00+08:00');
    const county = await as('clerk01');
    const accepted = await api(s.url, 'POST', `/api/proxy-cases/${id}/accept`, undefined, county);
    expect(accepted.body).toMatchObject({ status: 'accepted', hallId: 'demo', caseNo: 'DEMO-SL202611250001', promisedDate: '2026-12-16' });
    const early = await api(s.url, 'POST', `/api/proxy-cases/${id}/return`, undefined, county);
    expect([early.status, early.body.error.code]).toEqual([409, 'CASE_NOT_DECIDED']);
    expect((await api(s.url, 'GET', '/api/cases/DEMO-SL202611250001', undefined, await as('clerk01'))).body).toMatchObject({ matterName: '残疾人证新办', status: 'accepted' });

    at('2026-12-10T15:00:00+08:00');
    const county2 = await as('clerk01');
    expect((await api(s.url, 'POST', '/api/cases/DEMO-SL202611250001/status', { status: 'decided' }, county2)).status).toBe(200);
    expect((await api(s.url, 'POST', `/api/proxy-cases/${id}/return`, undefined, county2)).body).toMatchObject({ status: 'returned', hallId: 'dongguan', dueAt: '2026-12-12T00:00:00.000+08:00' });
    at('2026-12-11T09:00:00+08:00');
    expect((await api(s.url, 'POST', `/api/proxy-cases/${id}/return`, undefined, await as('dongguan01'))).body).toMatchObject({ status: 'returned', hallId: 'liuzhuang' });
    const atOrigin = await api(s.url, 'POST', `/api/proxy-cases/${id}/return`, undefined, await as('liuzhuang01'));
    expect([atOrigin.status, atOrigin.body.error.code]).toEqual([409, 'AT_ORIGIN']);
    at('2026-12-11T11:00:00+08:00');
    const done = await api(s.url, 'POST', `/api/proxy-cases/${id}/deliver`, undefined, await as('liuzhuang01'));
    expect(done.body).toMatchObject({ status: 'delivered', hallId: 'liuzhuang', dueAt: null, overdue: false });
    expect(done.body.steps.map((st: { action: string; hallId: string; late: boolean; by: string }) => [st.action, st.hallId, st.late, st.by])).toEqual([
      ['record', 'liuzhuang', false, '柳玉兰'],
      ['forward', 'liuzhuang', false, '柳玉兰'],
      ['forward', 'dongguan', true, '孙红'],
      ['accept', 'demo', false, '李晓梅'],
      ['return', 'demo', false, '李晓梅'],
      ['return', 'dongguan', false, '孙红'],
      ['deliver', 'liuzhuang', false, '柳玉兰'],
    ]);
    // The citizen follows it with the slip's number and its follow code, without an account; staff names stay inside.
    const followCode = recorded.body.followCode as string;
    expect(followCode).toMatch(/^[A-Z2-9]{8}$/);
    const noCode = await api(s.url, 'GET', '/api/proxy/LZ-DB202611190001');
    expect([noCode.status, noCode.body.error.code]).toEqual([401, 'PICKUP_CODE_REQUIRED']);
    // The numbers are sequential: a wrong code answers exactly as a number that does not exist.
    const wrong = await api(s.url, 'GET', '/api/proxy/LZ-DB202611190001', undefined, { 'x-pickup-code': followCode === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA' });
    const unknown = await api(s.url, 'GET', '/api/proxy/LZ-DB202611190099', undefined, { 'x-pickup-code': followCode });
    expect([wrong.status, wrong.body]).toEqual([unknown.status, unknown.body]);
    expect(wrong.status).toBe(404);
    const followed = await api(s.url, 'GET', '/api/proxy/LZ-DB202611190001', undefined, { 'x-pickup-code': followCode.toLowerCase() });
    expect(followed.body).toMatchObject({ status: 'delivered', matterName: '残疾人证新办', hallName: '柳庄村便民服务站', caseNo: 'DEMO-SL202611250001' });
    expect(followed.body.steps.map((st: { hallName: string }) => st.hallName)).toEqual(['柳庄村便民服务站', '柳庄村便民服务站', '东关镇便民服务中心', '清河县政务服务中心', '清河县政务服务中心', '东关镇便民服务中心', '柳庄村便民服务站']);
    expect(JSON.stringify(followed.body)).not.toContain('柳玉兰');
    const closed = await api(s.url, 'POST', `/api/proxy-cases/${id}/deliver`, undefined, await as('liuzhuang01'));
    expect([closed.status, closed.body.error.code]).toEqual([409, 'INVALID_STATE']);
  });

  it('refuses a matter not sent down to the station and a citizen who did not consent', async () => {
    const village = await as('liuzhuang01');
    const county = (await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; name: string }>;
    const notSunk = await api(s.url, 'POST', '/api/halls/liuzhuang/proxy-cases', { matterId: county.find((m) => m.name === '二手房转移登记')!.id, applicantName: '柳二', materials: [] }, village);
    expect([notSunk.status, notSunk.body.error.code]).toEqual([404, 'MATTER_NOT_FOUND']);
    const sunk = county.find((m) => m.name === '老年人优待证办理')!;
    const noConsent = await api(s.url, 'POST', '/api/halls/liuzhuang/proxy-cases', { matterId: sunk.id, applicantName: '柳二', materials: [], consent: false }, village);
    expect([noConsent.status, noConsent.body.error.code]).toEqual([400, 'CONSENT_REQUIRED']);
  });
});
