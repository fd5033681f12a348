import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, type PrintItem } from '../../../printers/decoder.ts';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../../helpers/server.ts';

const texts = (items: PrintItem[]) => items.flatMap((i) => (i.type === 'text' ? [i.text] : [])).join('\n');

describe('受理 prints the pickup slip on the window printer', () => {
  let s: TestServer;
  let clerk: string;
  // Friday 2026-11-20 10:00 in Shanghai: 5 working days later skips the weekend.
  const clock = new ManualClock(Date.parse('2026-11-20T10:00:00+08:00'));

  beforeAll(async () => {
    s = await startServer({ clock, spool: { baseBackoffMs: 20, maxBackoffMs: 50 } });
    clerk = await login(s.url, 'clerk01');
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(clerk))).status).toBe(200);
  });
  afterAll(async () => s.close());

  const matter = async (name: string) => {
    const all = (await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; name: string; promisedDays: number }>;
    return all.find((m) => m.name === name)!;
  };

  /** The first case's slip: its pickup code is what a citizen looks the case up with. */
  let slip: Record<string, string> = {};

  it('accepts a case with 容缺 items and prints a slip that reads back', async () => {
    const m = await matter('残疾人证新办'); // 15 working days
    const r = await api(s.url, 'POST', '/api/windows/win_1/cases', {
      matterId: m.id, applicantName: '张晓明', idNumber: '11010519491231002X', missing: ['二级以上医院诊断证明'], missingDeadline: '2026-11-27',
    }, bearer(clerk));
    expect(r.status).toBe(201);
    expect(r.body.caseNo).toBe('DEMO-SL202611200001');
    expect(r.body.promisedDate).toBe('2026-12-11'); // 15 working days after Friday 11-20
    expect(r.body.pickupCode).toMatch(/^[A-Z2-9]{8}$/);
    slip = { 'x-pickup-code': r.body.pickupCode };

    await s.app.spool.idle();
    await s.app.spool.processDue();
    const file = path.join(s.dataDir, 'spool', 'window-1.bin');
    const items = decode(new Uint8Array(fs.readFileSync(file)));
    const text = texts(items);
    for (const want of ['受理回执', 'DEMO-SL202611200001', '残疾人证新办', '张*明', '**************002X', '李晓梅', 'CK101', '2026-12-11', '二级以上医院诊断证明', '2026-11-27', '9号窗口']) {
      expect(text).toContain(want);
    }
    expect(text).not.toContain('张晓明');
    expect(text).not.toContain('110105194912310');
    const qr = items.find((i) => i.type === 'qr');
    expect(qr && qr.type === 'qr' ? qr.data : '').toBe(`${s.url}/c/DEMO-SL202611200001?code=${r.body.pickupCode}`);
    const barcode = items.find((i) => i.type === 'barcode');
    expect(barcode && barcode.type === 'barcode' ? barcode.data : '').toBe(r.body.pickupCode);
    expect(items.at(-1)?.type).toBe('cut');

    const listed = await api(s.url, 'GET', '/api/windows/win_1/cases', undefined, bearer(clerk));
    expect(listed.body.map((c: { caseNo: string }) => c.caseNo)).toEqual(['DEMO-SL202611200001']);
    // The public lookup (with the slip's code) shows progress but never hands the pickup code back.
    const pub = await api(s.url, 'GET', '/api/cases/DEMO-SL202611200001', undefined, slip);
    expect(pub.body).toEqual({ caseNo: 'DEMO-SL202611200001', matterName: '残疾人证新办', status: 'accepted', acceptedAt: '2026-11-20T10:00:00.000+08:00', promisedDate: '2026-12-11', overdue: false });
  });

  it('a 58 mm slip preview fits the paper; reprint queues a second job; overdue after the promised date', async () => {
    const preview = await fetch(`${s.url}/api/cases/DEMO-SL202611200001/slip?width=58`, { headers: bearer(clerk) });
    const items = decode(new Uint8Array(await preview.arrayBuffer()));
    expect(Math.max(...items.flatMap((i) => (i.type === 'text' ? [i.columns] : [0])))).toBeLessThanOrEqual(32);
    expect((await fetch(`${s.url}/api/cases/DEMO-SL202611200001/slip`)).status).toBe(401);

    const again = await api(s.url, 'POST', '/api/cases/DEMO-SL202611200001/reprint', undefined, bearer(clerk));
    expect(again.status).toBe(201);
    const manager = await login(s.url, 'manager');
    const jobs = await api(s.url, 'GET', '/api/halls/demo/print-jobs', undefined, bearer(manager));
    expect(jobs.body.filter((j: { kind: string }) => j.kind === 'pickup_slip')).toHaveLength(2);

    clock.set('2026-12-12T09:00:00+08:00');
    expect((await api(s.url, 'GET', '/api/cases/DEMO-SL202611200001', undefined, slip)).body.overdue).toBe(true);
    clerk = await login(s.url, 'clerk01'); // the clock moved past the session's 12 hours
    const decided = await api(s.url, 'POST', '/api/cases/DEMO-SL202611200001/status', { status: 'decided' }, bearer(clerk));
    expect(decided.body).toMatchObject({ status: 'decided', overdue: false });
    const back = await api(s.url, 'POST', '/api/cases/DEMO-SL202611200001/status', { status: 'in_review' }, bearer(clerk));
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe('INVALID_STATE');
  });

  it('refuses bad input without losing anything', async () => {
    const m = await matter('发票领用');
    const cases = [
      [{ matterId: 'nope' }, 404, 'MATTER_NOT_FOUND'],
      [{ matterId: m.id, idNumber: '110105194912310021' }, 400, 'INVALID_ID_NUMBER'],
      [{ matterId: m.id, missing: ['x'], missingDeadline: '2020-01-01' }, 400, 'BAD_DEADLINE'],
      [{ matterId: m.id, missingDeadline: 'tomorrow' }, 400, 'VALIDATION_FAILED'],
    ] as const;
    for (const [body, status, code] of cases) {
      const r = await api(s.url, 'POST', '/api/windows/win_1/cases', body, bearer(clerk));
      expect([r.status, r.body.error.code]).toEqual([status, code]);
    }
    const other = await login(s.url, 'clerk02');
    const r = await api(s.url, 'POST', '/api/windows/win_1/cases', { matterId: m.id }, bearer(other));
    expect([r.status, r.body.error.code]).toEqual([403, 'NOT_WINDOW_CLERK']);
    expect((await api(s.url, 'GET', '/api/cases/SL202612120001')).status).toBe(401);
    expect((await api(s.url, 'GET', '/api/cases/SL202612120001', undefined, { 'x-pickup-code': 'ABCDEFGH' })).status).toBe(404);
  });

  it('综窗出件: the slip code takes a pickup ticket once the case is decided, once', async () => {
    clerk = await login(s.url, 'clerk01');
    const m = await matter('居民身份证换领');
    const accepted = await api(s.url, 'POST', '/api/windows/win_1/cases', { matterId: m.id, applicantName: '王芳' }, bearer(clerk));
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    const c = accepted.body;
    const take = (code: string) => api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_Q', pickupCode: code });
    const early = await take(c.pickupCode);
    expect([early.status, early.body.error.code, early.body.error.details.caseNo]).toEqual([409, 'CASE_NOT_READY', c.caseNo]);
    await api(s.url, 'POST', `/api/cases/${c.caseNo}/status`, { status: 'decided' }, bearer(clerk));
    const t = await take(c.pickupCode.toLowerCase());
    expect(t.status).toBe(201);
    expect(t.body).toMatchObject({ number: 'Q001', categoryName: '出件取件', matterId: m.id });
    expect((await s.app.db.selectFrom('tickets').select(['kind', 'case_id']).where('id', '=', t.body.id).executeTakeFirstOrThrow())).toEqual({ kind: 'pickup', case_id: c.id });
    expect((await take(c.pickupCode)).body.error).toMatchObject({ code: 'ALREADY_WAITING', details: { number: 'Q001' } });
    expect((await take('NOPE2345')).body.error.code).toBe('PICKUP_CODE_NOT_FOUND');
    await api(s.url, 'POST', `/api/cases/${c.caseNo}/status`, { status: 'collected' }, bearer(clerk));
    expect((await take(c.pickupCode)).body.error.code).toBe('CASE_COLLECTED');
  });
});
