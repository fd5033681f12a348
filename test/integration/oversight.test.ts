import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../helpers/server.ts';
import { connectRecorder, type Recorder } from '../helpers/queue.ts';

const MORNING = Date.parse('2026-11-23T09:00:00+08:00');
const MINUTE = 60_000;

describe('alerts and bundles over HTTP and socket.io (a real server)', () => {
  let s: TestServer;
  const clock = new ManualClock(MORNING);
  let manager = '';
  let clerk = '';
  let admin = '';
  const recorders: Recorder[] = [];
  beforeAll(async () => {
    s = await startServer({ clock });
    [manager, clerk, admin] = await Promise.all([login(s.url, 'manager'), login(s.url, 'clerk01'), login(s.url, 'admin')]);
  });
  afterAll(async () => {
    for (const r of recorders) r.close();
    await s.close();
  });
  const connect = async (auth: Record<string, unknown>) => {
    const r = await connectRecorder(s.url, auth);
    recorders.push(r);
    return r;
  };

  it('GET alerts: managers only, the hall in scope', async () => {
    expect((await api(s.url, 'GET', '/api/halls/demo/alerts')).status).toBe(401);
    expect((await api(s.url, 'GET', '/api/halls/demo/alerts', undefined, bearer(clerk))).body.error.code).toBe('ROLE_NOT_ALLOWED');
    expect((await api(s.url, 'GET', '/api/halls/nope/alerts', undefined, bearer(manager))).status).toBe(404);
    const r = await api(s.url, 'GET', '/api/halls/demo/alerts', undefined, bearer(manager));
    expect(r.status).toBe(200);
    expect(r.body).toEqual([]);
  });

  it('idle_window: raised once (two evaluations at once), listed, pushed to managers only, cleared live', async () => {
    const boss = await connect({ hallId: 'demo', role: 'manager', token: manager });
    const desk = await connect({ hallId: 'demo', role: 'window', windowId: 'win_1', token: clerk });
    const wall = await connect({ hallId: 'demo', role: 'display' });
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(clerk))).status).toBe(200);
    expect((await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).status).toBe(201);
    clock.advance(10 * MINUTE);
    // The leader's timer and an evaluation on an event landing together: one alert.
    const both = await Promise.all([s.app.evaluateAlerts(), s.app.evaluateAlerts()]);
    expect(both.reduce((n, r) => n + r.raised, 0)).toBe(1);
    const list = (await api(s.url, 'GET', '/api/halls/demo/alerts', undefined, bearer(manager))).body;
    expect(list).toEqual([expect.objectContaining({ kind: 'idle_window', windowId: 'win_1', windowNo: 1, staffName: '李晓梅', since: '2026-11-23T09:10:00.000+08:00' })]);
    const pushed = await boss.waitFor((e) => e.event === 'alert' && e.msg.kind === 'idle_window');
    expect(pushed.msg).toEqual(list[0]);

    clock.advance(MINUTE);
    expect((await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(clerk))).status).toBe(200);
    await s.app.evaluateAlerts();
    const cleared = await boss.waitFor((e) => e.event === 'alert:cleared');
    expect(cleared.msg).toEqual({ id: list[0].id, kind: 'idle_window', windowId: 'win_1', clearedAt: '2026-11-23T09:11:00.000+08:00' });
    expect((await api(s.url, 'GET', '/api/halls/demo/alerts', undefined, bearer(manager))).body).toEqual([]);
    // Published after the manager's cleared event: the clerk's console and the wall display heard neither.
    for (const r of [desk, wall]) expect(r.events.filter((e) => e.event === 'alert' || e.event === 'alert:cleared')).toEqual([]);
  });

  it('thresholds are admin-editable hall rules, validated', async () => {
    const put = (body: unknown, token = admin) => api(s.url, 'PUT', '/api/halls/demo/rules', body, bearer(token));
    expect((await put({ idleAlertMinutes: 5 }, manager)).status).toBe(403);
    expect((await put({ idleAlertMinutes: 0 })).status).toBe(400);
    expect((await put({ hallHours: [{ start: '14:00', end: '12:00' }] })).body.error.code).toBe('BAD_PERIODS');
    expect((await put({ pauseLimits: [{ reason: '午休', minutes: 60 }, { reason: '午休', minutes: 90 }] })).body.error.code).toBe('DUPLICATE_PAUSE_REASON');
    const ok = await put({ idleAlertMinutes: 5, absentGraceMinutes: 10, pauseLimits: [{ reason: '午休', minutes: 120 }], defaultPauseMinutes: 10, hallHours: [{ start: '09:00', end: '12:00' }] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ idleAlertMinutes: 5, absentGraceMinutes: 10, defaultPauseMinutes: 10, pauseLimits: [{ reason: '午休', minutes: 120 }], hallHours: [{ start: '09:00', end: '12:00' }] });
  });

  it('一件事: listed for anyone, one ticket, one case with parts at the window, case warnings on the clerk console', async () => {
    const bundles = (await api(s.url, 'GET', '/api/halls/demo/bundles')).body;
    expect(bundles.map((b: { name: string }) => b.name)).toEqual(['残疾人服务', '企业开办', '信用修复']);
    const credit = bundles[2];
    expect(credit).toMatchObject({ categoryId: 'cat_F', matterIds: [expect.any(String), expect.any(String)] });
    expect(credit.matters.map((m: { department: string }) => m.department)).toEqual(['县市场监督管理局', '县税务局']);

    expect((await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A', bundleId: credit.id })).body.error.code).toBe('BUNDLE_CATEGORY_MISMATCH');
    const t = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_F', bundleId: credit.id });
    expect(t.status).toBe(201);
    expect(t.body).toMatchObject({ number: 'F001', bundleId: credit.id });
    await api(s.url, 'POST', '/api/windows/win_1/complete', undefined, bearer(clerk));
    expect((await api(s.url, 'POST', '/api/windows/win_1/call', { ticketId: t.body.id }, bearer(clerk))).status).toBe(200);
    const c = await api(s.url, 'POST', '/api/windows/win_1/cases', { applicantName: '王小二' }, bearer(clerk));
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ bundleId: credit.id, bundleName: '信用修复', matterName: '移出经营异常名录（信用修复）', promisedDate: '2026-12-14' });
    expect(c.body.parts).toHaveLength(2);
    expect((await api(s.url, 'POST', '/api/windows/win_1/cases', { bundleId: 'bun_none' }, bearer(clerk))).body.error.code).toBe('BUNDLE_NOT_FOUND');

    // Five working days before: nothing; the working day before the promise: case_due for its clerk.
    expect((await api(s.url, 'GET', '/api/windows/win_1/case-alerts', undefined, bearer(clerk))).body).toEqual([]);
    clock.set(Date.parse('2026-12-11T09:30:00+08:00'));
    // Sessions last 12 hours: sign in again on the later day.
    [manager, clerk, admin] = await Promise.all([login(s.url, 'manager'), login(s.url, 'clerk01'), login(s.url, 'admin')]);
    await s.app.evaluateAlerts();
    const mine = (await api(s.url, 'GET', '/api/windows/win_1/case-alerts', undefined, bearer(clerk))).body;
    expect(mine).toEqual([expect.objectContaining({ kind: 'case_due', caseNo: c.body.caseNo, since: '2026-12-11T00:00:00.000+08:00' })]);
    const other = await login(s.url, 'clerk02');
    expect((await api(s.url, 'GET', '/api/windows/win_1/case-alerts', undefined, bearer(other))).body).toEqual([]);
    expect((await api(s.url, 'GET', '/api/halls/demo/alerts', undefined, bearer(manager))).body.some((a: { kind: string; caseNo?: string }) => a.kind === 'case_due' && a.caseNo === c.body.caseNo)).toBe(true);

    const report = await api(s.url, 'GET', '/api/halls/demo/stats/period?from=2026-11-01&to=2026-11-30', undefined, bearer(manager));
    expect(report.body.bundles.find((b: { name: string }) => b.name === '信用修复')).toEqual({ bundleId: credit.id, name: '信用修复', accepted: 1, decided: 0, parts: 2 });
  });

  it('bundles admin: create, change, delete an unused one, withdraw a used one; bad input is a 4xx', async () => {
    const matters = (await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; name: string }>;
    const ids = ['二手房转移登记', '房产交易契税申报'].map((n) => matters.find((m) => m.name === n)!.id);
    expect((await api(s.url, 'POST', '/api/halls/demo/bundles', { name: '二手房交易', matterIds: ids }, bearer(manager))).status).toBe(403);
    expect((await api(s.url, 'POST', '/api/halls/demo/bundles', { name: '二手房交易', matterIds: [ids[0]] }, bearer(admin))).status).toBe(400);
    expect((await api(s.url, 'POST', '/api/halls/demo/bundles', { name: '二手房交易', matterIds: [ids[0], 'mat_nope'] }, bearer(admin))).body.error.code).toBe('MATTER_NOT_FOUND');
    const made = await api(s.url, 'POST', '/api/halls/demo/bundles', { name: '二手房交易', matterIds: ids, categoryId: 'cat_B' }, bearer(admin));
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: '二手房交易', matterIds: ids, categoryId: 'cat_B' });
    const renamed = await api(s.url, 'PUT', `/api/halls/demo/bundles/${made.body.id}`, { name: '二手房买卖' }, bearer(admin));
    expect(renamed.body.name).toBe('二手房买卖');
    expect((await api(s.url, 'DELETE', `/api/halls/demo/bundles/${made.body.id}`, undefined, bearer(admin))).body).toEqual({ id: made.body.id, deleted: true });
    expect((await api(s.url, 'GET', '/api/halls/demo/bundles')).body).toHaveLength(3);
    // 信用修复 has a case: withdrawn, not deleted; gone from the kiosk, kept for admin.
    expect((await api(s.url, 'DELETE', '/api/halls/demo/bundles/bun_3', undefined, bearer(admin))).body).toEqual({ id: 'bun_3', deleted: false });
    expect((await api(s.url, 'GET', '/api/halls/demo/bundles')).body.map((b: { id: string }) => b.id)).toEqual(['bun_1', 'bun_2']);
    const all = (await api(s.url, 'GET', '/api/halls/demo/bundles/all', undefined, bearer(admin))).body;
    expect(all.find((b: { id: string }) => b.id === 'bun_3')).toMatchObject({ active: false });
  });
});
