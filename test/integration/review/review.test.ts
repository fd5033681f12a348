import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../../helpers/server.ts';

const download = async (base: string, url: string, headers: Record<string, string>) => {
  const res = await fetch(base + url, { headers });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: Buffer.from(await res.arrayBuffer()) };
};
const fileName = (disposition: string | null) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition ?? '')?.[1] ?? '');

describe('四位一体 review, 办不成事, 回访, 巡查 and the exports, over HTTP', () => {
  let s: TestServer;
  let clerk: Record<string, string>;
  let manager: Record<string, string>;
  const clock = new ManualClock(Date.parse('2026-11-23T08:30:00+08:00')); // a Monday

  beforeAll(async () => {
    s = await startServer({ clock, rateLimit: 1000 });
    clerk = bearer(await login(s.url, 'clerk01'));
    manager = bearer(await login(s.url, 'manager'));
    await api(s.url, 'POST', '/api/windows/win_1/open', undefined, clerk);
    for (let i = 0; i < 3; i++) {
      const t = (await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A', phone: `1380000000${i}` })).body;
      await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, clerk);
      await api(s.url, 'POST', '/api/windows/win_1/complete', undefined, clerk);
      await api(s.url, 'POST', `/api/tickets/${t.id}/rating`, { score: i === 0 ? 1 : 5 }, { 'x-ticket-key': t.key });
    }
  });
  afterAll(() => s.close());

  it('anyone files a complaint (201 {id, dueDate}); the manager lists, assigns and answers it; a clerk may not list', async () => {
    const r = await api(s.url, 'POST', '/api/halls/demo/complaints', { text: '材料齐全却说办不了', windowId: 'win_1', phone: '13912345678' });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ id: expect.any(String), dueDate: '2026-11-30' });
    const list = await api(s.url, 'GET', '/api/halls/demo/complaints?status=open', undefined, manager);
    expect(list.body[0]).toMatchObject({ id: r.body.id, source: 'phone', windowNo: 1, staffName: '李晓梅', phone: '139****5678', overdue: false });
    expect((await api(s.url, 'GET', '/api/halls/demo/complaints', undefined, clerk)).status).toBe(403);
    const assigned = await api(s.url, 'POST', `/api/complaints/${r.body.id}/assign`, { assignedTo: list.body[0].staffId }, manager);
    expect([assigned.status, assigned.body.assignedName]).toEqual([200, '李晓梅']);
    expect((await api(s.url, 'POST', `/api/complaints/${r.body.id}/assign`, { assignedTo: 'nobody' }, manager)).status).toBe(404);
    const answered = await api(s.url, 'POST', `/api/complaints/${r.body.id}/answer`, { outcome: '已当场补办' }, manager);
    expect(answered.body).toMatchObject({ status: 'answered', outcome: '已当场补办', upheld: true });
    const again = await api(s.url, 'POST', `/api/complaints/${r.body.id}/answer`, { outcome: '再答' }, manager);
    expect([again.status, again.body.error.code]).toEqual([409, 'COMPLAINT_CLOSED']);
    const bad = await api(s.url, 'POST', '/api/halls/demo/complaints', { text: 'x' });
    expect(bad.status).toBe(400);
    const noWin = await api(s.url, 'POST', '/api/halls/demo/complaints', { text: '窗口不存在', windowId: 'nope' });
    expect([noWin.status, noWin.body.error.code]).toEqual([404, 'WINDOW_NOT_FOUND']);
    expect((await api(s.url, 'POST', '/api/complaints/nope/answer', { outcome: '无此件' }, manager)).status).toBe(404);
  });

  it('records 日常巡查, lists 回访 and records a call; the month\'s review has every part', async () => {
    const insp = await api(s.url, 'POST', '/api/halls/demo/inspections', { windowId: 'win_1', result: 'minor', findings: '未佩戴工牌' }, manager);
    expect(insp.status).toBe(201);
    expect(insp.body).toMatchObject({ windowNo: 1, staffName: '李晓梅', inspectorName: '王主任', result: 'minor' });
    expect((await api(s.url, 'POST', '/api/halls/demo/inspections', { windowId: 'win_1', result: 'serious', findings: '' }, manager)).body.error.code).toBe('FINDINGS_REQUIRED');
    expect((await api(s.url, 'GET', '/api/halls/demo/inspections?month=2026-11', undefined, manager)).body).toHaveLength(1);

    const cbs = await api(s.url, 'GET', '/api/halls/demo/callbacks?date=2026-11-23', undefined, manager);
    expect(cbs.body).toHaveLength(1); // 10% of three, at least one
    expect(cbs.body[0].phone).toMatch(/^1380000000\d$/);
    const call = await api(s.url, 'POST', `/api/callbacks/${cbs.body[0].id}`, { outcome: 'satisfied' }, manager);
    expect([call.status, call.body.outcome]).toEqual([200, 'satisfied']);
    expect((await api(s.url, 'POST', `/api/callbacks/${cbs.body[0].id}`, { outcome: 'maybe' }, manager)).status).toBe(400);

    clock.advance(9 * 3600_000); // 17:30
    await api(s.url, 'POST', '/api/windows/win_1/close', undefined, clerk);
    const review = await api(s.url, 'GET', '/api/halls/demo/reviews?month=2026-11', undefined, manager);
    expect(review.status).toBe(200);
    const li = review.body.find((r: { name: string }) => r.name === '李晓梅');
    expect(li).toMatchObject({ satisfaction: { ratings: 3, satisfied: 2 }, complaints: { count: 1, upheld: 1 }, inspections: { count: 1, minor: 1 }, attendance: { daysWorked: 1, lateOpens: 0, openMinutes: 210 + 180 } }); // 08:30–17:30 less the 12:00–14:30 break
    expect(li.score).toBe(Math.round(((66.7 * 40 + 100 * 30 + 90 * 15 + 95 * 15) / 100) * 10) / 10);
    const byWindow = await api(s.url, 'GET', '/api/halls/demo/reviews?month=2026-11&by=window', undefined, manager);
    expect(byWindow.body.find((w: { windowId: string }) => w.windowId === 'win_1')).toMatchObject({ no: 1, complaints: { count: 1 } });
    expect((await api(s.url, 'GET', '/api/halls/demo/reviews?month=2026-13', undefined, manager)).status).toBe(400);
    expect((await api(s.url, 'GET', '/api/halls/demo/reviews?month=2026-11', undefined, clerk)).status).toBe(403);
  });

  it('every report downloads as Excel and CSV with Chinese columns, the hall and period in the file name', async () => {
    const x = await download(s.url, '/api/halls/demo/reviews?month=2026-11&format=xlsx', manager);
    expect(x.status).toBe(200);
    expect(x.type).toContain('spreadsheetml');
    expect(fileName(x.disposition)).toMatch(/_四位一体考核_2026-11\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.bytes as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['人员', '窗口']);
    const ws = wb.getWorksheet('人员')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['工号', '姓名', '总分']);
    const row = ws.getRows(2, ws.rowCount - 1)!.find((r) => r.getCell(2).value === '李晓梅')!;
    expect(row.getCell(header.indexOf('投诉数') + 1).value).toBe(1);

    const c = await download(s.url, '/api/halls/demo/complaints?month=2026-11&format=csv', manager);
    expect(c.type).toContain('text/csv');
    expect([...c.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = c.bytes.toString('utf8').slice(1);
    expect(text.split('\n')[0]).toContain('反映问题');
    expect(text).toContain('材料齐全却说办不了');
    expect(fileName(c.disposition)).toMatch(/_办不成事投诉_2026-11\.csv$/);

    for (const url of ['/api/halls/demo/stats/today', '/api/halls/demo/stats/period?from=2026-11-01&to=2026-11-30', '/api/halls/demo/callbacks?date=2026-11-23', '/api/halls/demo/cases/overdue?month=2026-11']) {
      const d = await download(s.url, `${url}${url.includes('?') ? '&' : '?'}format=xlsx`, manager);
      expect(d.status, url).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(d.bytes as never);
      expect(book.worksheets.length, url).toBeGreaterThan(0);
    }
    const period = new ExcelJS.Workbook();
    await period.xlsx.load((await download(s.url, '/api/halls/demo/stats/period?from=2026-11-01&to=2026-11-30&format=xlsx', manager)).bytes as never);
    const sum = period.getWorksheet('汇总')!;
    expect(sum.getRow(2).values).toEqual([undefined, '取号', 3]);
    expect((await api(s.url, 'GET', '/api/halls/demo/stats/today?format=pdf', undefined, manager)).status).toBe(400);
  });

  it('the month\'s overdue cases: past their promised date and not decided', async () => {
    clock.set(Date.parse('2026-11-24T09:00:00+08:00'));
    manager = bearer(await login(s.url, 'manager')); // the session of yesterday has expired
    const clerk02 = bearer(await login(s.url, 'clerk02'));
    const accepted = await api(s.url, 'POST', '/api/windows/win_2/open', undefined, clerk02);
    expect(accepted.status).toBe(200);
    const matters = (await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; promisedDays: number }>;
    const quick = matters.find((m) => m.promisedDays === 1) ?? matters.find((m) => m.promisedDays > 0)!;
    const c = await api(s.url, 'POST', '/api/windows/win_2/cases', { matterId: quick.id, applicantName: '王小明' }, clerk02);
    expect(c.status).toBe(201);
    const none = await api(s.url, 'GET', '/api/halls/demo/cases/overdue?month=2026-11', undefined, manager);
    expect(none.body, JSON.stringify(none.body)).toEqual([]);
    clock.advance(40 * 86_400_000);
    manager = bearer(await login(s.url, 'manager'));
    const late = await api(s.url, 'GET', `/api/halls/demo/cases/overdue?month=${c.body.promisedDate.slice(0, 7)}`, undefined, manager);
    expect(late.body).toEqual([expect.objectContaining({ caseNo: c.body.caseNo, promisedDate: c.body.promisedDate, applicantName: '王*明' })]);
    expect(late.body[0].daysOverdue).toBeGreaterThan(30);
  });
});

describe('complaints are rate limited for anonymous callers', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ rateLimit: 1000, memory: true });
  });
  afterAll(() => s.close());

  it('the sixth complaint in ten minutes from one address is 429 with Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await api(s.url, 'POST', '/api/halls/demo/complaints', { text: `第${i}次反映` })).status).toBe(201);
    const r = await api(s.url, 'POST', '/api/halls/demo/complaints', { text: '第六次' });
    expect([r.status, r.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
