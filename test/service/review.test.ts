import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as calls from '../../server/services/windows.ts';
import { issueTicket } from '../../server/services/tickets.ts';
import { closeWindow, openWindow, pauseWindow, resumeWindow } from '../../server/services/window-status.ts';
import { rateTicket } from '../../server/services/ratings.ts';
import { answerComplaint, fileComplaint, listComplaints } from '../../server/services/complaints.ts';
import { recordInspection } from '../../server/services/inspections.ts';
import { callbackList, recordCallback } from '../../server/services/callbacks.ts';
import { staffReview, windowReview } from '../../server/services/reviews.ts';
import { domainError, freshHall, MINUTE, type Hall } from '../helpers/services.ts';

/** Monday 2026-11-23, 08:20 hall time. */
const START = Date.parse('2026-11-23T08:20:00+08:00');
const at = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`);

describe('四位一体 review', () => {
  let h: Hall;
  beforeEach(async () => {
    h = await freshHall(START);
  });
  afterEach(() => h.close());

  const clerk = (u: string) => h.as(u);
  const setClock = (ms: number) => h.clock.advance(ms - h.clock.now());

  it('attendance comes from the window log across a day with pauses, minus the 进厅不办事 alerts charged', async () => {
    setClock(at('2026-11-23', '08:45')); // 15 minutes late (grace 5)
    await h.run((trx) => openWindow(trx, h.ctx, clerk('clerk01'), 'win_1'));
    setClock(at('2026-11-23', '10:00'));
    await h.run((trx) => pauseWindow(trx, h.ctx, clerk('clerk01'), 'win_1', '休息'));
    setClock(at('2026-11-23', '10:20'));
    await h.run((trx) => resumeWindow(trx, h.ctx, clerk('clerk01'), 'win_1'));
    setClock(at('2026-11-23', '12:00'));
    await h.run((trx) => pauseWindow(trx, h.ctx, clerk('clerk01'), 'win_1', '午休'));
    setClock(at('2026-11-23', '14:30'));
    await h.run((trx) => resumeWindow(trx, h.ctx, clerk('clerk01'), 'win_1'));
    setClock(at('2026-11-23', '17:00')); // 30 minutes early
    await h.run((trx) => closeWindow(trx, h.ctx, clerk('clerk01'), 'win_1'));
    // Tuesday on time all day
    setClock(at('2026-11-24', '08:30'));
    await h.run((trx) => openWindow(trx, h.ctx, clerk('clerk01'), 'win_1'));
    setClock(at('2026-11-24', '17:30'));
    await h.run((trx) => closeWindow(trx, h.ctx, clerk('clerk01'), 'win_1'));
    // Wednesday closed for the break between the hall's two periods: neither an early close nor a late open.
    for (const [time, act] of [['08:30', openWindow], ['12:00', closeWindow], ['14:30', openWindow], ['17:30', closeWindow]] as const) {
      setClock(at('2026-11-25', time));
      await h.run((trx) => act(trx, h.ctx, clerk('clerk01'), 'win_1'));
    }
    // Two idle alerts charged to 李晓梅, one case alert that is no attendance matter.
    const me = h.staffId('clerk01');
    await h.db.insertInto('hall_alerts').values([
      { id: 'al1', hall_id: 'demo', kind: 'idle_window', window_id: 'win_1', staff_id: me, case_id: null, case_no: null, detail: '{}', since: at('2026-11-23', '11:00'), cleared_at: at('2026-11-23', '11:10') },
      { id: 'al2', hall_id: 'demo', kind: 'pause_overrun', window_id: 'win_1', staff_id: me, case_id: null, case_no: null, detail: '{}', since: at('2026-11-23', '12:40'), cleared_at: null },
      { id: 'al3', hall_id: 'demo', kind: 'case_overdue', window_id: 'win_1', staff_id: me, case_id: null, case_no: 'X', detail: '{}', since: at('2026-11-23', '12:40'), cleared_at: null },
    ]).execute();

    const rows = await staffReview(h.db, h.ctx, 'demo', '2026-11');
    const li = rows.find((r) => r.staffId === me)!;
    expect(li.attendance).toEqual({
      // Only the hall's hours count (08:30–12:00 and 14:30–17:30): the 午休 pause falls between them.
      score: 100 - 2 - 2 - 2 * 5, daysWorked: 3, openMinutes: 75 + 100 + 150 + 2 * (210 + 180), pausedMinutes: 20,
      pausesByReason: { 休息: 20 }, lateOpens: 1, earlyCloses: 1, alerts: 2,
    });
    // Nobody rated or inspected: the score is attendance and complaints only, weighted 30:15.
    expect(li.satisfaction.score).toBeNull();
    expect(li.score).toBe(Math.round(((86 * 30 + 100 * 15) / 45) * 10) / 10);
    const idle = rows.find((r) => r.staffId === h.staffId('clerk02'))!;
    expect([idle.attendance.score, idle.score]).toEqual([null, null]);
    const win1 = (await windowReview(h.db, h.ctx, 'demo', '2026-11')).find((w) => w.windowId === 'win_1')!;
    expect(win1.attendance).toMatchObject({ daysWorked: 3, lateOpens: 1, earlyCloses: 1, alerts: 2 });
  });

  it('the score from known parts: ratings, complaints and inspections each count', async () => {
    setClock(at('2026-11-23', '08:30'));
    await h.run((trx) => openWindow(trx, h.ctx, clerk('clerk01'), 'win_1'));
    for (const score of [5, 4, 2, 5]) {
      const t = (await h.run((trx) => issueTicket(trx, h.ctx, {}, { hallId: 'demo', categoryId: 'cat_A' }))).result;
      await h.run((trx) => calls.callNext(trx, h.ctx, clerk('clerk01'), 'win_1'));
      await h.run((trx) => calls.start(trx, h.ctx, clerk('clerk01'), 'win_1'));
      h.clock.advance(5 * MINUTE);
      await h.run((trx) => calls.complete(trx, h.ctx, clerk('clerk01'), 'win_1'));
      await h.run((trx) => rateTicket(trx, h.ctx, {}, t.id, t.key, { score }));
    }
    const c1 = await h.run((trx) => fileComplaint(trx, h.ctx, {}, 'demo', { text: '窗口态度差', windowId: 'win_1' }));
    const c2 = await h.run((trx) => fileComplaint(trx, h.ctx, {}, 'demo', { text: '让我跑了三次', windowId: 'win_1' }));
    await h.run((trx) => answerComplaint(trx, h.ctx, h.as('manager'), c2.result.id, { outcome: '经查材料不全，已一次性告知', upheld: false }));
    await h.run((trx) => recordInspection(trx, h.ctx, h.as('manager'), 'demo', { windowId: 'win_1', result: 'minor', findings: '台面杂乱' }));
    await h.run((trx) => recordInspection(trx, h.ctx, h.as('manager'), 'demo', { windowId: 'win_1', result: 'good', findings: '' }));
    setClock(at('2026-11-23', '17:30'));
    await h.run((trx) => closeWindow(trx, h.ctx, clerk('clerk01'), 'win_1'));

    const li = (await staffReview(h.db, h.ctx, 'demo', '2026-11')).find((r) => r.staffId === h.staffId('clerk01'))!;
    expect(li.satisfaction).toEqual({ score: 75, ratings: 4, satisfied: 3, average: 4 });
    expect(li.complaints).toEqual({ score: 90, count: 2, upheld: 1, overdue: 0 });
    expect(li.inspections).toEqual({ score: 95, count: 2, minor: 1, serious: 0 });
    expect(li.attendance.score).toBe(100);
    expect(li.score).toBe(87.8); // (75·40 + 100·30 + 90·15 + 95·15) / 100 = 87.75, to one decimal
    expect(c1.result.dueDate).toBe('2026-11-30');
    // The hall's weights change the score.
    await h.db.updateTable('halls').set({ rules: JSON.stringify({ reviewWeights: { satisfaction: 100, attendance: 0, complaints: 0, inspections: 0 } }) }).where('id', '=', 'demo').execute();
    expect((await staffReview(h.db, h.ctx, 'demo', '2026-11')).find((r) => r.staffId === h.staffId('clerk01'))!.score).toBe(75);
    expect((await domainError(staffReview(h.db, h.ctx, 'demo', '2026-13'))).code).toBe('BAD_MONTH');
  });

  it('complaint deadlines count the hall calendar\'s working days; overdue ones are flagged', async () => {
    // Friday 2026-11-27 with Monday 11-30 a holiday: 5 working days ends Monday 12-07.
    await h.db.updateTable('halls').set({ calendar: JSON.stringify({ holidays: ['2026-11-30'], workdays: [] }) }).where('id', '=', 'demo').execute();
    setClock(at('2026-11-27', '10:00'));
    const c = await h.run((trx) => fileComplaint(trx, h.ctx, {}, 'demo', { text: '等了两个小时没办成', phone: '13812345678' }));
    expect(c.result.dueDate).toBe('2026-12-07');
    setClock(at('2026-12-07', '16:00'));
    expect((await listComplaints(h.db, h.ctx, 'demo'))[0]).toMatchObject({ overdue: false, phone: '138****5678', source: 'phone', status: 'open' });
    setClock(at('2026-12-08', '09:00'));
    expect((await listComplaints(h.db, h.ctx, 'demo', { overdue: true })).map((x) => x.id)).toEqual([c.result.id]);
    await h.run((trx) => answerComplaint(trx, h.ctx, h.as('manager'), c.result.id, { outcome: '已协调办结' }));
    const answered = (await listComplaints(h.db, h.ctx, 'demo'))[0];
    expect(answered).toMatchObject({ status: 'answered', overdue: true, outcome: '已协调办结' });
    expect((await domainError(h.run((trx) => answerComplaint(trx, h.ctx, h.as('manager'), c.result.id, { outcome: '再答一次' })))).code).toBe('COMPLAINT_CLOSED');
  });

  it('电话回访: the day\'s sample of served citizens with a phone; a problem found becomes a complaint', async () => {
    setClock(at('2026-11-23', '08:30'));
    await h.run((trx) => openWindow(trx, h.ctx, clerk('clerk01'), 'win_1'));
    await h.db.updateTable('halls').set({ rules: JSON.stringify({ callbackPercent: 50 }) }).where('id', '=', 'demo').execute();
    for (let i = 0; i < 4; i++) {
      await h.run((trx) => issueTicket(trx, h.ctx, {}, { hallId: 'demo', categoryId: 'cat_A', phone: `1390000000${i}` }));
      await h.run((trx) => calls.callNext(trx, h.ctx, clerk('clerk01'), 'win_1'));
      await h.run((trx) => calls.complete(trx, h.ctx, clerk('clerk01'), 'win_1'));
    }
    await h.run((trx) => issueTicket(trx, h.ctx, {}, { hallId: 'demo', categoryId: 'cat_A' })); // no phone: never listed
    const list = await callbackList(h.db, h.ctx, 'demo', '2026-11-23');
    expect(list).toHaveLength(2);
    expect(list.every((c) => /^1390000000\d$/.test(c.phone) && c.staffName === '李晓梅' && c.outcome === null)).toBe(true);
    expect(await callbackList(h.db, h.ctx, 'demo', '2026-11-23')).toEqual(list);
    const r = await h.run((trx) => recordCallback(trx, h.ctx, h.as('manager'), list[0].id, { outcome: 'problem', note: '说还要再跑一趟' }));
    expect(r.result).toMatchObject({ outcome: 'problem', note: '说还要再跑一趟' });
    const complaint = (await listComplaints(h.db, h.ctx, 'demo')).find((c) => c.id === r.result.complaintId)!;
    expect(complaint).toMatchObject({ source: 'callback', staffName: '李晓梅', windowNo: 1, text: '说还要再跑一趟' });
    expect((await domainError(h.run((trx) => recordCallback(trx, h.ctx, h.as('manager'), list[0].id, { outcome: 'satisfied' })))).code).toBe('CALLBACK_RECORDED');
    const notSampled = (await h.db.selectFrom('ticket_phones').select('ticket_id').execute()).map((t) => t.ticket_id).find((id) => !list.some((c) => c.id === id))!;
    expect((await domainError(h.run((trx) => recordCallback(trx, h.ctx, h.as('manager'), notSampled, { outcome: 'satisfied' })))).code).toBe('CALLBACK_NOT_FOUND');
    // The ticket itself keeps only the last four digits.
    expect((await h.db.selectFrom('tickets').select('phone_last4').where('id', '=', list[0].id).executeTakeFirstOrThrow()).phone_last4).toMatch(/^000\d$/);
  });
});

describe('四位一体 review of the month in progress', () => {
  it('counts no attendance for the days still to come', async () => {
    const h = await freshHall(Date.parse('2026-11-23T08:30:00+08:00'));
    try {
      await h.run((trx) => openWindow(trx, h.ctx, h.as('clerk01'), 'win_1'));
      h.clock.advance(90 * MINUTE); // 10:00, the window still open
      const li = (await staffReview(h.db, h.ctx, 'demo', '2026-11')).find((r) => r.staffId === h.staffId('clerk01'))!;
      expect(li.attendance).toMatchObject({ daysWorked: 1, openMinutes: 90, earlyCloses: 0 });
    } finally {
      await h.close();
    }
  });
});
