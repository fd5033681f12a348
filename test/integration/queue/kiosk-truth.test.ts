import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { connectRecorder } from '../../helpers/queue.ts';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../../helpers/server.ts';

describe('the kiosk tells the truth before the tap; transfers and phone numbers are refused with a code', () => {
  let s: TestServer;
  let clerk1: string;
  let clerk2: string;
  const clock = new ManualClock(Date.parse('2026-11-20T10:00:00+08:00'));
  const take = (body: Record<string, unknown>) => api(s.url, 'POST', '/api/halls/demo/tickets', body);

  beforeAll(async () => {
    s = await startServer({ clock });
    [clerk1, clerk2] = await Promise.all([login(s.url, 'clerk01'), login(s.url, 'clerk02')]);
  });
  afterAll(async () => s.close());

  it('the hall view and the kiosk feed carry numbers taken and the wait a number taken now would have', async () => {
    const kiosk = await connectRecorder(s.url, { hallId: 'demo', role: 'kiosk' });
    onTestFinished(() => kiosk.close());
    const before = (await api(s.url, 'GET', '/api/halls/demo')).body.categories.find((c: { id: string }) => c.id === 'cat_A');
    expect(before).toMatchObject({ issuedToday: 0, waiting: 0, estimatedWaitMinutes: expect.any(Number) });
    for (let i = 0; i < 3; i++) expect((await take({ categoryId: 'cat_A' })).status).toBe(201);
    const q = await kiosk.waitFor((e) => e.event === 'queue' && e.msg.categoryId === 'cat_A' && e.msg.waiting === 3);
    expect(q.msg).toMatchObject({ issuedToday: 3, estimatedWaitMinutes: expect.any(Number) });
    expect(q.msg.ticketId).toBeUndefined();
    const after = (await api(s.url, 'GET', '/api/halls/demo')).body.categories.find((c: { id: string }) => c.id === 'cat_A');
    expect(after.estimatedWaitMinutes).toBe(q.msg.estimatedWaitMinutes);
    expect(after.estimatedWaitMinutes).toBeGreaterThan(before.estimatedWaitMinutes);
    // A window opening changes every wait it serves (here: one open window instead of the five that
    // serve A expected to open), and the kiosk hears it without a new ticket.
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(clerk1))).status).toBe(200);
    const opened = await kiosk.waitFor((e) => e.event === 'queue' && e.msg.categoryId === 'cat_A' && e.msg.seq > q.msg.seq);
    expect(opened.msg.estimatedWaitMinutes).not.toBe(q.msg.estimatedWaitMinutes);
    expect(opened.msg.estimatedWaitMinutes).toBe((await api(s.url, 'GET', '/api/halls/demo')).body.categories.find((c: { id: string }) => c.id === 'cat_A').estimatedWaitMinutes);
    expect(opened.msg.waiting).toBe(3);
  });

  it("a period's own quota (上午限 2 号) is in the hall view and on the kiosk feed, as the tap then says", async () => {
    const admin = bearer(await login(s.url, 'admin'));
    const periods = [{ name: '上午', start: '08:30', end: '12:00', quota: 2 }, { name: '下午', start: '13:30', end: '17:00' }];
    const kept = (await api(s.url, 'GET', '/api/halls/demo')).body.categories.find((c: { id: string }) => c.id === 'cat_D').periods;
    expect((await api(s.url, 'PATCH', '/api/halls/demo/categories/cat_D', { periods }, admin)).status).toBe(200);
    onTestFinished(async () => void (await api(s.url, 'PATCH', '/api/halls/demo/categories/cat_D', { periods: kept }, admin)));
    const kiosk = await connectRecorder(s.url, { hallId: 'demo', role: 'kiosk' });
    onTestFinished(() => kiosk.close());
    const viewOf = async () => (await api(s.url, 'GET', '/api/halls/demo')).body.categories.find((c: { id: string }) => c.id === 'cat_D');
    expect((await viewOf()).issuedByPeriod).toEqual([0, 0]);
    for (let i = 0; i < 2; i++) expect((await take({ categoryId: 'cat_D' })).status).toBe(201);
    const q = await kiosk.waitFor((e) => e.event === 'queue' && e.msg.categoryId === 'cat_D' && e.msg.issuedToday === 2);
    expect(q.msg.issuedInPeriod).toEqual({ index: 0, n: 2 });
    expect((await viewOf()).issuedByPeriod).toEqual([2, 0]);
    const refused = await take({ categoryId: 'cat_D' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'QUOTA_EXHAUSTED']);
    expect((await viewOf()).issuedByPeriod).toEqual([2, 0]);
  });

  it('a transfer to a closed window is refused with a code and the ticket stays at the window; a paused one takes it', async () => {
    const called = await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(clerk1));
    expect(called.status).toBe(200);
    const refused = await api(s.url, 'POST', '/api/windows/win_1/transfer', { windowId: 'win_3' }, bearer(clerk1));
    expect([refused.status, refused.body.error.code, refused.body.error.details]).toEqual([409, 'TRANSFER_TARGET_CLOSED', { windowNo: 3 }]);
    const win1 = (await api(s.url, 'GET', '/api/halls/demo')).body.windows.find((w: { id: string }) => w.id === 'win_1');
    expect(win1.currentNumber).toBe(called.body.ticket.number);
    expect((await s.app.db.selectFrom('tickets').select(['status', 'target_window_id']).where('id', '=', called.body.ticket.id).executeTakeFirstOrThrow())).toEqual({ status: 'called', target_window_id: null });

    await api(s.url, 'POST', '/api/windows/win_2/open', undefined, bearer(clerk2));
    await api(s.url, 'POST', '/api/windows/win_2/pause', { reason: '业务学习' }, bearer(clerk2));
    const moved = await api(s.url, 'POST', '/api/windows/win_1/transfer', { windowId: 'win_2' }, bearer(clerk1));
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await s.app.db.selectFrom('tickets').select('target_window_id').where('id', '=', called.body.ticket.id).executeTakeFirstOrThrow()).target_window_id).toBe('win_2');
  });

  it('a short phone number is refused as INVALID_PHONE, on tickets and bookings; a landline with area code is taken', async () => {
    for (const phone of ['1380000', '12345678', '0531-123']) {
      const r = await take({ categoryId: 'cat_C', phone });
      expect([r.status, r.body.error.code], phone).toEqual([400, 'INVALID_PHONE']);
    }
    expect((await take({ categoryId: 'cat_C', phone: '0531-12345678' })).status).toBe(201);
    expect((await take({ categoryId: 'cat_D', phone: '13800001234' })).status).toBe(201);
    const slots = (await api(s.url, 'GET', '/api/halls/demo/appointment-slots?categoryId=cat_B&date=2026-11-23')).body as Array<{ slotStart: string }>;
    const book = (phone: string) => api(s.url, 'POST', '/api/halls/demo/appointments', { categoryId: 'cat_B', date: '2026-11-23', slotStart: slots[0].slotStart, phone });
    const bad = await book('138000');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_PHONE']);
    expect((await book('138 0000 1234')).status).toBe(201);
  });

  it('a hall gives category and matter names in 繁體 and English; empty clears them back to the Chinese name', async () => {
    const admin = await login(s.url, 'admin');
    const r = await api(s.url, 'PATCH', '/api/halls/demo/categories/cat_A', { nameEn: 'General Services', nameZhTw: '綜合受理服務' }, bearer(admin));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const catA = async () => (await api(s.url, 'GET', '/api/halls/demo')).body.categories.find((c: { id: string }) => c.id === 'cat_A');
    expect((await catA()).names).toEqual({ en: 'General Services', 'zh-TW': '綜合受理服務' });
    const m = (await api(s.url, 'GET', '/api/halls/demo/matters')).body[0];
    expect((await api(s.url, 'PATCH', `/api/halls/demo/matters/${m.id}`, { nameEn: 'Disability card' }, bearer(admin))).status).toBe(200);
    expect((await api(s.url, 'GET', '/api/halls/demo/matters')).body.find((x: { id: string }) => x.id === m.id).names).toEqual({ en: 'Disability card' });
    await api(s.url, 'PATCH', '/api/halls/demo/categories/cat_A', { nameZhTw: '', nameEn: null }, bearer(admin));
    expect((await catA()).names).toEqual({});
    const bad = await api(s.url, 'PATCH', '/api/halls/demo/categories/cat_A', { nameEn: 'x'.repeat(61) }, bearer(admin));
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
