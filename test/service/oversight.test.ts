import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decode, renderText } from '../../printers/decoder.ts';
import { acceptCase, setCaseStatus } from '../../server/services/cases.ts';
import { evaluateAlerts } from '../../server/services/oversight.ts';
import { periodReport } from '../../server/services/report.ts';
import { issueTicket } from '../../server/services/tickets.ts';
import { callNext, complete } from '../../server/services/windows.ts';
import { closeWindow, openWindow, pauseWindow, resumeWindow } from '../../server/services/window-status.ts';
import { domainError, freshHall, MINUTE, type Hall } from '../helpers/services.ts';

/** 09:00 on Monday 2026-11-23, hall time. */
const at = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);

describe('进厅不办事 and 效能监察 alerts (hall_alerts)', () => {
  let h: Hall;
  beforeEach(async () => {
    h = await freshHall();
  });
  afterEach(() => h.close());

  const evaluate = () => h.run((trx) => evaluateAlerts(trx, h.ctx, 'demo'));
  const all = () => h.db.selectFrom('hall_alerts').selectAll().orderBy('since').orderBy('window_id').execute();
  const open = async () => (await all()).filter((a) => a.cleared_at === null);
  const issue = (categoryId: string, extra: Record<string, string> = {}) => h.run((trx) => issueTicket(trx, h.ctx, {}, { hallId: 'demo', categoryId, ...extra }));

  it('idle_window: raised after N minutes open and idle while its queue has people, once, and cleared when the clerk calls', async () => {
    await h.run((trx) => openWindow(trx, h.ctx, h.as('clerk01'), 'win_1'));
    h.clock.advance(MINUTE);
    await issue('cat_A'); // 09:01: idle counts from the later of the opening and the oldest arrival
    h.clock.set(at('2026-11-23', '09:10'));
    expect((await evaluate()).result).toEqual({ raised: 0, cleared: 0 });
    h.clock.set(at('2026-11-23', '09:11'));
    const raised = await evaluate();
    expect(raised.result).toEqual({ raised: 1, cleared: 0 });
    expect(raised.events).toEqual([expect.objectContaining({ type: 'alert', hallId: 'demo', alert: expect.objectContaining({ kind: 'idle_window', windowId: 'win_1', windowNo: 1, staffId: h.staffId('clerk01'), since: '2026-11-23T09:11:00.000+08:00' }) })]);
    // Again and again: never a second open alert for the same window.
    h.clock.advance(MINUTE);
    expect((await evaluate()).result).toEqual({ raised: 0, cleared: 0 });
    expect(await open()).toMatchObject([{ kind: 'idle_window', window_id: 'win_1', staff_id: h.staffId('clerk01'), since: at('2026-11-23', '09:11'), case_id: null }]);
    expect(JSON.parse((await open())[0].detail)).toMatchObject({ waiting: 1, minutes: 10 });

    await h.run((trx) => callNext(trx, h.ctx, h.as('clerk01'), 'win_1'));
    const cleared = await evaluate();
    expect(cleared.result).toEqual({ raised: 0, cleared: 1 });
    expect(cleared.events[0]).toMatchObject({ type: 'alert_cleared', cleared: { kind: 'idle_window', windowId: 'win_1', clearedAt: '2026-11-23T09:12:00.000+08:00' } });
    expect(await all()).toMatchObject([{ kind: 'idle_window', cleared_at: at('2026-11-23', '09:12') }]);
  });

  it('no idle alert while nobody waits, nor while the window is serving', async () => {
    await h.run((trx) => openWindow(trx, h.ctx, h.as('clerk01'), 'win_1'));
    await issue('cat_B'); // win_1 does not serve 不动产
    h.clock.set(at('2026-11-23', '09:14'));
    await evaluate();
    await issue('cat_A');
    await h.run((trx) => callNext(trx, h.ctx, h.as('clerk01'), 'win_1'));
    await issue('cat_A');
    h.clock.advance(30 * MINUTE);
    await evaluate();
    expect((await open()).filter((a) => a.window_id === 'win_1')).toEqual([]);
  });

  it('pause_overrun: a pause past its reason’s limit, charged to the paused clerk, cleared on resume', async () => {
    await h.run((trx) => openWindow(trx, h.ctx, h.as('clerk03'), 'win_3'));
    await h.run((trx) => pauseWindow(trx, h.ctx, h.as('clerk03'), 'win_3', '临时离开')); // 15 minutes allowed
    h.clock.advance(15 * MINUTE - 1);
    await evaluate();
    expect((await open()).filter((a) => a.kind === 'pause_overrun')).toEqual([]);
    h.clock.advance(1);
    await evaluate();
    expect((await open()).filter((a) => a.kind === 'pause_overrun')).toMatchObject([{ window_id: 'win_3', staff_id: h.staffId('clerk03'), since: at('2026-11-23', '09:15') }]);
    h.clock.advance(5 * MINUTE);
    await h.run((trx) => resumeWindow(trx, h.ctx, h.as('clerk03'), 'win_3'));
    await evaluate();
    expect((await all()).filter((a) => a.kind === 'pause_overrun')).toMatchObject([{ cleared_at: at('2026-11-23', '09:20') }]);
  });

  it('absent_window: closed in the hall hours with A and B both away, charged to the A clerk; cleared when B opens it or the hours end', async () => {
    await h.run((trx) => openWindow(trx, h.ctx, h.as('clerk01'), 'win_1'));
    h.clock.set(at('2026-11-23', '09:14'));
    await evaluate();
    expect((await open()).filter((a) => a.kind === 'absent_window')).toEqual([]);
    h.clock.set(at('2026-11-23', '09:15')); // the hall opened 08:30, the windows were closed at 09:00, 15 minutes' grace
    await evaluate();
    // win_2 and win_3 have clerk01 (at win_1) as their B: not absent. 7-10 have no A/B clerks.
    const absent = (await open()).filter((a) => a.kind === 'absent_window');
    expect(absent.map((a) => a.window_id)).toEqual(['win_4', 'win_5', 'win_6']);
    expect(absent.find((a) => a.window_id === 'win_4')).toMatchObject({ staff_id: h.staffId('clerk04'), since: at('2026-11-23', '09:15') });

    h.clock.set(at('2026-11-23', '09:40'));
    await h.run((trx) => openWindow(trx, h.ctx, h.as('clerk05'), 'win_4')); // the B clerk covers
    await evaluate();
    const after = await all();
    expect(after.find((a) => a.window_id === 'win_4')).toMatchObject({ cleared_at: at('2026-11-23', '09:40') });
    expect(after.find((a) => a.window_id === 'win_5')).toMatchObject({ cleared_at: at('2026-11-23', '09:40') }); // clerk05 is its A, now in the hall

    h.clock.set(at('2026-11-23', '12:00')); // lunch: outside the hall's hours
    await evaluate();
    expect((await open()).filter((a) => a.kind === 'absent_window')).toEqual([]);
    h.clock.set(at('2026-11-28', '10:00')); // Saturday
    await h.run((trx) => closeWindow(trx, h.ctx, h.as('clerk05'), 'win_4'));
    await evaluate();
    expect((await open()).filter((a) => a.kind === 'absent_window')).toEqual([]);
  });

  it('case_due one working day before the promise, case_overdue after it, charged to the accepting clerk, cleared when decided', async () => {
    await h.run((trx) => openWindow(trx, h.ctx, h.as('clerk01'), 'win_1'));
    const matter = await h.db.selectFrom('matters').select('id').where('name', '=', '移出经营异常名录（信用修复）').executeTakeFirstOrThrow(); // 5 working days
    const c = (await h.run((trx) => acceptCase(trx, h.ctx, h.as('clerk01'), 'win_1', { matterId: matter.id }))).result;
    expect(c.promisedDate).toBe('2026-11-30');
    await h.run((trx) => closeWindow(trx, h.ctx, h.as('clerk01'), 'win_1'));
    const caseAlerts = async () => (await all()).filter((a) => a.case_id === c.id);

    h.clock.set(at('2026-11-26', '16:00')); // Thursday: Friday and Monday left
    await evaluate();
    expect(await caseAlerts()).toEqual([]);
    h.clock.set(at('2026-11-27', '09:00')); // Friday: one working day left
    await evaluate();
    h.clock.set(at('2026-11-28', '09:00')); // the weekend does not raise it again
    await evaluate();
    expect(await caseAlerts()).toMatchObject([{ kind: 'case_due', case_no: c.caseNo, staff_id: h.staffId('clerk01'), window_id: 'win_1', since: at('2026-11-27', '00:00'), cleared_at: null }]);

    h.clock.set(at('2026-12-01', '08:00')); // Tuesday: overdue
    await evaluate();
    expect(await caseAlerts()).toMatchObject([
      { kind: 'case_due', cleared_at: at('2026-12-01', '08:00') },
      { kind: 'case_overdue', since: at('2026-12-01', '00:00'), cleared_at: null, staff_id: h.staffId('clerk01') },
    ]);
    await h.run((trx) => setCaseStatus(trx, h.ctx, h.as('clerk01'), c.caseNo, 'decided'));
    await evaluate();
    expect((await caseAlerts()).every((a) => a.cleared_at !== null)).toBe(true);
  });

  it('a holiday moves the warning: with Friday off, Thursday is the last working day before Monday', async () => {
    await h.db.updateTable('halls').set({ calendar: JSON.stringify({ holidays: ['2026-11-27'], workdays: [] }) }).where('id', '=', 'demo').execute();
    await h.run((trx) => openWindow(trx, h.ctx, h.as('clerk01'), 'win_1'));
    const matter = await h.db.selectFrom('matters').select('id').where('name', '=', '食品经营许可').executeTakeFirstOrThrow(); // 10 working days
    const c = (await h.run((trx) => acceptCase(trx, h.ctx, h.as('clerk01'), 'win_1', { matterId: matter.id }))).result;
    await h.db.updateTable('cases').set({ promised_date: '2026-11-30' }).where('id', '=', c.id).execute();
    h.clock.set(at('2026-11-25', '10:00'));
    await evaluate();
    expect((await all()).filter((a) => a.case_id === c.id)).toEqual([]);
    h.clock.set(at('2026-11-26', '10:00'));
    await evaluate();
    expect((await all()).filter((a) => a.case_id === c.id)).toMatchObject([{ kind: 'case_due', since: at('2026-11-26', '00:00') }]);
  });
});

describe('高效办成一件事: one ticket, one case with a part per matter, one slip, counted once', () => {
  let h: Hall;
  beforeEach(async () => {
    h = await freshHall();
  });
  afterEach(() => h.close());

  it('the bundle ticket becomes one case with parts across departments, one slip listing them, one 件 in the report', async () => {
    expect(await domainError(h.run((trx) => issueTicket(trx, h.ctx, {}, { hallId: 'demo', categoryId: 'cat_B', bundleId: 'bun_1' })))).toMatchObject({ code: 'BUNDLE_CATEGORY_MISMATCH' });
    expect(await domainError(h.run((trx) => issueTicket(trx, h.ctx, {}, { hallId: 'demo', categoryId: 'cat_A', bundleId: 'bun_nope' })))).toMatchObject({ code: 'BUNDLE_NOT_FOUND' });
    const t = (await h.run((trx) => issueTicket(trx, h.ctx, {}, { hallId: 'demo', categoryId: 'cat_A', bundleId: 'bun_1' }))).result;
    expect(t).toMatchObject({ number: 'A001', bundleId: 'bun_1' });
    await h.run((trx) => openWindow(trx, h.ctx, h.as('clerk01'), 'win_1'));
    await h.run((trx) => callNext(trx, h.ctx, h.as('clerk01'), 'win_1'));
    h.clock.advance(5 * MINUTE);
    const accepted = await h.run((trx) => acceptCase(trx, h.ctx, h.as('clerk01'), 'win_1', { applicantName: '张三明' }));
    const c = accepted.result;
    expect(c).toMatchObject({ bundleId: 'bun_1', bundleName: '残疾人服务', promisedDate: '2026-12-21' });
    expect(c.parts).toEqual([
      { matterId: expect.any(String), matterName: '残疾人证新办', department: '县行政审批服务局', promisedDate: '2026-12-14' },
      { matterId: expect.any(String), matterName: '城乡居民最低生活保障申请', department: '县行政审批服务局', promisedDate: '2026-12-21' },
      { matterId: expect.any(String), matterName: '城乡居民养老保险参保登记', department: '县人社局 / 县医保局', promisedDate: '2026-11-23' },
    ]);
    expect(c.stages).toMatchObject({ received: '2026-11-23T09:00:00.000+08:00', accepted: '2026-11-23T09:05:00.000+08:00', inReview: null, decided: null });
    expect(await h.db.selectFrom('cases').select('id').execute()).toHaveLength(1);

    // One slip: every part with its department, one pickup code.
    const jobs = await h.db.selectFrom('print_jobs').selectAll().where('kind', '=', 'pickup_slip').execute();
    expect(jobs).toHaveLength(1);
    const text = renderText(decode(jobs[0].payload));
    for (const part of ['残疾人证新办', '城乡居民最低生活保障申请', '城乡居民养老保险参保登记', '县人社局 / 县医保局', '一件事 · 残疾人服务（共3项']) expect(text).toContain(part);
    expect(text.split(c.pickupCode).length - 1).toBeGreaterThanOrEqual(1);

    h.clock.advance(MINUTE);
    const decided = await h.run((trx) => setCaseStatus(trx, h.ctx, h.as('clerk01'), c.caseNo, 'decided'));
    // 受理 straight to 办结: the skipped 审核 stage is passed at the same moment.
    expect(decided.result.stages).toMatchObject({ inReview: '2026-11-23T09:06:00.000+08:00', decided: '2026-11-23T09:06:00.000+08:00', collected: null });

    await h.run((trx) => complete(trx, h.ctx, h.as('clerk01'), 'win_1'));
    const report = await periodReport(h.db, h.ctx, 'demo', '2026-11-01', '2026-11-30');
    expect(report.cases).toMatchObject({ accepted: 1, decided: 1 });
    expect(report.bundles).toEqual([
      { bundleId: 'bun_1', name: '残疾人服务', accepted: 1, decided: 1, parts: 3 },
      { bundleId: 'bun_2', name: '企业开办', accepted: 0, decided: 0, parts: 0 },
      { bundleId: 'bun_3', name: '信用修复', accepted: 0, decided: 0, parts: 0 },
    ]);
  });

  it('a bundle case names no single matter; neither named is a 400', async () => {
    await h.run((trx) => openWindow(trx, h.ctx, h.as('clerk01'), 'win_1'));
    const m = await h.db.selectFrom('matters').select('id').limit(1).executeTakeFirstOrThrow();
    expect(await domainError(h.run((trx) => acceptCase(trx, h.ctx, h.as('clerk01'), 'win_1', { bundleId: 'bun_2', matterId: m.id })))).toMatchObject({ code: 'BUNDLE_OR_MATTER' });
    expect(await domainError(h.run((trx) => acceptCase(trx, h.ctx, h.as('clerk01'), 'win_1', {})))).toMatchObject({ code: 'MATTER_REQUIRED' });
    const c = (await h.run((trx) => acceptCase(trx, h.ctx, h.as('clerk01'), 'win_1', { bundleId: 'bun_2' }))).result;
    expect(c.parts?.map((p) => p.department)).toEqual(['县市场监督管理局', '县税务局', '县人社局 / 县医保局']);
  });
});
