import { describe, expect, it } from 'vitest';
import { isHoliday, isWorkday } from 'chinese-days';
import { hallWorkCalendar, nationalCalendar, withHallDays } from '../../../server/domain/national-calendar.ts';
import { addWorkingDays, isWorkingDay, workingDayOnOrAfter } from '../../../server/domain/working-days.ts';

const NONE = { holidays: [], workdays: [] };

describe('the national arrangement from chinese-days', () => {
  it('lists the weekday holidays and weekend days worked of 2026 as the package has them', () => {
    const cal = nationalCalendar(2026);
    // Every listed day agrees with the package, and only departures from Monday-Friday are listed.
    for (const d of cal.holidays) expect([isHoliday(d), [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())]).toEqual([true, false]);
    for (const d of cal.workdays) expect([isWorkday(d), [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())]).toEqual([true, true]);
    expect(cal.holidays).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']));
    expect(cal.workdays).toContain('2026-10-10');
  });

  it('a case accepted on 2026-09-30 is promised after National Day, counting the 调休 Saturday', () => {
    const cal = hallWorkCalendar(NONE);
    expect(addWorkingDays('2026-09-30', 1, cal)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 3, cal)).toBe('2026-10-10'); // 10-08, 10-09, Saturday 10-10 (调休)
    expect(addWorkingDays('2026-09-30', 4, cal)).toBe('2026-10-12');
  });

  it("the hall's own days win over the national ones", () => {
    const own = { holidays: ['2026-10-10', '2026-11-02'], workdays: ['2026-10-07'] };
    const cal = hallWorkCalendar(own);
    expect(isWorkingDay('2026-10-10', cal)).toBe(false); // a national 调休 day the hall rests
    expect(isWorkingDay('2026-10-07', cal)).toBe(true); // a national holiday the hall works
    expect(isWorkingDay('2026-11-02', cal)).toBe(false); // a Monday the hall closes
    expect(withHallDays({ holidays: ['2026-10-07'], workdays: ['2026-10-10'] }, own)).toEqual({ holidays: ['2026-10-10', '2026-11-02'], workdays: ['2026-10-07'] });
  });

  it('a deadline on a day off moves to the next working day', () => {
    const cal = hallWorkCalendar(NONE);
    expect(workingDayOnOrAfter('2026-10-03', cal)).toBe('2026-10-08');
    expect(workingDayOnOrAfter('2026-10-10', cal)).toBe('2026-10-10');
    expect(workingDayOnOrAfter('2026-11-21', cal)).toBe('2026-11-23');
  });
});
