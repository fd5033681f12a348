import { describe, expect, it } from 'vitest';
import { windowDayAttendance, type WindowLogEntry } from '../../../server/domain/attendance.ts';
import { attendanceScore, complaintScore, inspectionScore, reviewScore, satisfactionScore } from '../../../server/domain/review.ts';
import { callbackSample } from '../../../server/domain/callback-sample.ts';

const day = Date.parse('2026-11-23T00:00:00+08:00');
const at = (hh: number, mm = 0) => day + (hh * 60 + mm) * 60_000;
const hours = { opensAt: at(8, 30), closesAt: at(17, 30), graceMs: 5 * 60_000 };
const e = (t: number, status: string, staffId: string | null, reason: string | null = null): WindowLogEntry => ({ at: t, status, staffId, reason });

describe('attendance from a window log across a day', () => {
  it('counts open time within the hours, pauses by reason, a late open and an early close', () => {
    const log = [
      e(at(8, 50), 'open', 'a'), // 20 minutes late
      e(at(10, 0), 'paused', 'a', '休息'), e(at(10, 15), 'open', 'a'),
      e(at(12, 0), 'paused', 'a', '午休'), e(at(14, 30), 'open', 'a'),
      e(at(17, 0), 'closed', null), // half an hour early
    ];
    const a = windowDayAttendance(null, log, hours).get('a')!;
    expect(a).toEqual({ daysWorked: 1, openMinutes: 70 + 105 + 150, pausedMinutes: 15 + 150, pausesByReason: { 休息: 15, 午休: 150 }, lateOpens: 1, earlyCloses: 1 });
  });

  it('opening before the hours is on time and only the hours count; a window left open counts from opening time', () => {
    const a = windowDayAttendance(null, [e(at(8, 0), 'open', 'a'), e(at(18, 0), 'closed', null)], hours).get('a')!;
    expect(a).toMatchObject({ openMinutes: 540, lateOpens: 0, earlyCloses: 0 });
    const overnight = windowDayAttendance(e(at(-2), 'open', 'b'), [e(at(9, 30), 'closed', null)], hours).get('b')!;
    expect(overnight).toMatchObject({ openMinutes: 60, earlyCloses: 1, lateOpens: 0 });
  });

  it('a B clerk taking over is the A clerk leaving early, not the B clerk arriving late', () => {
    const m = windowDayAttendance(null, [e(at(8, 30), 'open', 'a'), e(at(11, 0), 'open', 'b'), e(at(17, 30), 'closed', null)], hours);
    expect(m.get('a')).toMatchObject({ openMinutes: 150, earlyCloses: 1, lateOpens: 0 });
    expect(m.get('b')).toMatchObject({ openMinutes: 390, earlyCloses: 0, lateOpens: 0 });
  });
});

describe('the review score from known parts', () => {
  const w = { satisfaction: 40, attendance: 30, complaints: 15, inspections: 15 };
  it('is the weighted mean of the parts', () => {
    expect(reviewScore({ satisfaction: 90, attendance: 100, complaints: 80, inspections: 60 }, w)).toBe((90 * 40 + 100 * 30 + 80 * 15 + 60 * 15) / 100);
  });
  it('drops parts nobody measured and lets the others carry their weight', () => {
    expect(reviewScore({ satisfaction: null, attendance: 90, complaints: 100, inspections: null }, w)).toBe(Math.round(((90 * 30 + 100 * 15) / 45) * 10) / 10);
    expect(reviewScore({ satisfaction: null, attendance: null, complaints: null, inspections: null }, w)).toBeNull();
  });
  it('deducts per late open, early close, alert, complaint and finding', () => {
    expect(satisfactionScore(8, 6)).toBe(75);
    expect(satisfactionScore(0, 0)).toBeNull();
    expect(attendanceScore({ daysWorked: 20, lateOpens: 2, earlyCloses: 1, alerts: 3 })).toBe(100 - 4 - 2 - 15);
    expect(attendanceScore({ daysWorked: 0, lateOpens: 0, earlyCloses: 0, alerts: 0 })).toBeNull();
    expect(complaintScore({ upheld: 2, overdue: 1 })).toBe(75);
    expect(complaintScore({ upheld: 20, overdue: 0 })).toBe(0);
    expect(inspectionScore({ count: 3, minor: 1, serious: 1 })).toBe(75);
  });
});

describe('电话回访 sample', () => {
  const ids = Array.from({ length: 50 }, (_, i) => `t${i}`);
  it('is the same every time, the share asked, and differs by day', () => {
    const a = callbackSample('demo', '2026-11-23', ids, 10);
    expect(a).toHaveLength(5);
    expect(callbackSample('demo', '2026-11-23', [...ids].reverse(), 10)).toEqual(a);
    expect(callbackSample('demo', '2026-11-24', ids, 10)).not.toEqual(a);
    expect(callbackSample('demo', '2026-11-23', ids.slice(0, 3), 10)).toHaveLength(1);
    expect(callbackSample('demo', '2026-11-23', ids, 0)).toEqual([]);
  });
});

describe('attendance today', () => {
  it('counts only up to now', () => {
    const a = windowDayAttendance(null, [e(at(8, 30), 'open', 'a')], { ...hours, until: at(10, 0) }).get('a')!;
    expect(a).toMatchObject({ openMinutes: 90, earlyCloses: 0 });
  });
});
