import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, type PrintItem } from '../../../printers/decoder.ts';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../../helpers/server.ts';

/** The printed lines: text items up to each line feed. */
const lines = (items: PrintItem[]) => items.map((i) => (i.type === 'text' ? i.text : i.type === 'newline' ? '\n' : '')).join('').split('\n');
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe('工作日历: 承诺时限 and 容缺 deadlines skip the national holidays and the hall’s own days', () => {
  let s: TestServer;
  let clerk: string;
  let admin: string;
  // Wednesday 2026-09-30, the last working day before 国庆节 (10-01..10-07 off, Saturday 10-10 worked).
  const clock = new ManualClock(Date.parse('2026-09-30T10:00:00+08:00'));

  beforeAll(async () => {
    s = await startServer({ clock });
    [clerk, admin] = await Promise.all([login(s.url, 'clerk01'), login(s.url, 'admin')]);
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(clerk))).status).toBe(200);
  });
  afterAll(async () => s.close());

  const matter = async (name: string) => {
    const all = (await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; name: string; promisedDays: number }>;
    return all.find((m) => m.name === name)!;
  };

  /** The 容缺 deadline given when the clerk sets none: 5 working days. */
  const defaultDeadline = async () => {
    const m = await matter('残疾人证新办');
    const d = await api(s.url, 'POST', '/api/windows/win_1/cases', { matterId: m.id, missing: ['诊断证明'] }, bearer(clerk));
    expect(d.status).toBe(201);
    return (await s.app.db.selectFrom('cases').select('missing_deadline').where('case_no', '=', d.body.caseNo).executeTakeFirstOrThrow()).missing_deadline;
  };

  it('lists the national days of the year, read only, and the hall’s own days', async () => {
    const r = await api(s.url, 'GET', '/api/halls/demo/calendar?year=2026', undefined, bearer(admin));
    expect(r.status).toBe(200);
    expect(r.body.year).toBe(2026);
    expect(r.body.national.holidays).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-07']));
    expect(r.body.national.workdays).toContain('2026-10-10');
    expect(r.body.own).toEqual({ holidays: [], workdays: [] });
    // Managers read it; only admins change it; anonymous callers neither.
    expect((await api(s.url, 'GET', '/api/halls/demo/calendar', undefined, bearer(await login(s.url, 'manager')))).status).toBe(200);
    expect((await api(s.url, 'GET', '/api/halls/demo/calendar')).status).toBe(401);
    expect((await api(s.url, 'PUT', '/api/halls/demo/calendar', { holidays: [], workdays: [] }, bearer(clerk))).status).toBe(403);
  });

  it('a case accepted on 2026-09-30 is promised after National Day; a 容缺 deadline on a day off moves to the next working day', async () => {
    const m = await matter('残疾人证新办'); // 15 working days
    const r = await api(s.url, 'POST', '/api/windows/win_1/cases', { matterId: m.id, applicantName: '张晓明', missing: ['诊断证明'], missingDeadline: '2026-10-03' }, bearer(clerk));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // 10-08, 10-09, 10-10 (调休), then 12 more from 10-12: 10-27 is the 15th.
    expect(r.body.promisedDate).toBe('2026-10-27');
    const row = await s.app.db.selectFrom('cases').select('missing_deadline').where('case_no', '=', r.body.caseNo).executeTakeFirstOrThrow();
    expect(row.missing_deadline).toBe('2026-10-08');
    // Without a given deadline: 5 working days, 10-08, 10-09, Saturday 10-10 (worked), 10-12, 10-13.
    expect(await defaultDeadline()).toBe('2026-10-13');
  });

  it('the hall’s own days win: a hall resting on the 调休 Saturday and on 10-12 but open on 10-07 counts other days', async () => {
    const own = { holidays: ['2026-10-10', '2026-10-12'], workdays: ['2026-10-07'] };
    const put = await api(s.url, 'PUT', '/api/halls/demo/calendar?year=2026', { holidays: [...own.holidays, '2026-10-10'], workdays: own.workdays }, bearer(admin));
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.own).toEqual(own);
    // 10-07, 10-08, 10-09, (10-10 and 10-12 off) 10-13, 10-14.
    expect(await defaultDeadline()).toBe('2026-10-14');
    expect((await api(s.url, 'GET', '/api/halls/demo/calendar', undefined, bearer(admin))).body.own).toEqual(own);
  });

  it('refuses bad days with a code and keeps what was there', async () => {
    for (const body of [{ holidays: ['2026-02-30'], workdays: [] }, { holidays: ['2026-10-15'], workdays: ['2026-10-15'] }]) {
      const r = await api(s.url, 'PUT', '/api/halls/demo/calendar', body, bearer(admin));
      expect([r.status, r.body.error.code]).toEqual([400, 'BAD_DAY']);
    }
    expect((await api(s.url, 'PUT', '/api/halls/demo/calendar', { holidays: ['1 Oct'], workdays: [] }, bearer(admin))).body.error.code).toBe('VALIDATION_FAILED');
    expect((await api(s.url, 'GET', '/api/halls/demo/calendar', undefined, bearer(admin))).body.own).toEqual({ holidays: ['2026-10-10', '2026-10-12'], workdays: ['2026-10-07'] });
  });
});

describe('综窗出件: the pickup ticket and the pickup slip', () => {
  let s: TestServer;
  let clerk: string;
  const clock = new ManualClock(Date.parse('2026-11-20T10:00:00+08:00'));
  beforeAll(async () => {
    s = await startServer({ clock });
    clerk = await login(s.url, 'clerk01');
    await api(s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(clerk));
  });
  afterAll(async () => s.close());

  it('the pickup ticket lists the slip and the ID to bring, not the application’s materials', async () => {
    const matters = (await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; name: string; materials: string[] }>;
    const m = matters.find((x) => x.materials.length > 0)!;
    const c = (await api(s.url, 'POST', '/api/windows/win_1/cases', { matterId: m.id }, bearer(clerk))).body;
    await api(s.url, 'POST', `/api/cases/${c.caseNo}/status`, { status: 'decided' }, bearer(clerk));
    const t = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_Q', pickupCode: c.pickupCode });
    expect(t.status).toBe(201);
    const res = await fetch(`${s.url}/api/tickets/${t.body.id}/receipt`, { headers: { 'x-ticket-key': t.body.key } });
    const text = lines(decode(await bytes(res))).join('\n');
    expect(text).toContain('取件请带');
    expect(text).toContain('受理回执');
    expect(text).toContain('身份证件');
    expect(text).not.toContain('一次性告知');
    for (const material of m.materials) expect(text).not.toContain(material);
  });

  it('the slip’s pickup address wraps between words, never inside "No.12" or "A-3"', async () => {
    const admin = await login(s.url, 'admin');
    const renamed = await api(s.url, 'PATCH', '/api/halls/demo/windows/win_9', { name: '东区Hall-B,No.12,A-3,EastGate' }, bearer(admin));
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const m = (await api(s.url, 'GET', '/api/halls/demo/matters')).body[0];
    const c = (await api(s.url, 'POST', '/api/windows/win_1/cases', { matterId: m.id }, bearer(clerk))).body;
    for (const width of [58, 80]) {
      const res = await fetch(`${s.url}/api/cases/${c.caseNo}/slip?width=${width}`, { headers: bearer(clerk) });
      const all = lines(decode(await bytes(res)));
      const at = all.findIndex((l) => l.startsWith('取件地点'));
      expect(at).toBeGreaterThan(0);
      const place = all.slice(at, at + 4).filter((l, i) => i === 0 || l.startsWith(' '));
      const joined = place.map((l, i) => (i === 0 ? l : l.trimStart())).join('|');
      for (const word of ['Hall-B,', 'No.12,', 'A-3,', 'EastGate']) expect(joined, `${width} mm: ${joined}`).toContain(word);
      // Between two lines of the address there is never a letter or digit on both sides.
      for (let i = 1; i < place.length; i++) expect(/[A-Za-z0-9.-]$/.test(place[i - 1]) && /^[A-Za-z0-9]/.test(place[i].trimStart()), joined).toBe(false);
    }
  });
});
