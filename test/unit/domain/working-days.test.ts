import { describe, expect, it } from 'vitest';
import { addWorkingDays, isOverdue, isWorkingDay } from '../../../server/domain/working-days.ts';

const cal = { holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], workdays: ['2026-10-10'] };

describe('承诺时限 in working days', () => {
  it.each([
    ['2026-11-20', 0, '2026-11-20'], // 即办: same day
    ['2026-11-20', 1, '2026-11-23'], // Friday + 1 -> Monday
    ['2026-11-20', 5, '2026-11-27'],
    ['2026-11-21', 1, '2026-11-23'], // accepted on a Saturday
    ['2026-11-16', 15, '2026-12-07'],
  ])('%s + %i working days = %s (weekends only)', (day, n, want) => {
    expect(addWorkingDays(day, n)).toBe(want);
  });

  it('skips public holidays and counts 调休 workdays', () => {
    expect(isWorkingDay('2026-10-01', cal)).toBe(false);
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // a Saturday worked
    // From 09-30: 10-01..10-07 off except none; 10-08 (Thu) 1, 10-09 (Fri) 2, 10-10 (Sat, 调休) 3, 10-12 (Mon) 4.
    expect(addWorkingDays('2026-09-30', 4, cal)).toBe('2026-10-12');
  });

  it('rejects a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-11-20', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-20', 1.5)).toThrow(RangeError);
  });

  it('is overdue only after the promised date and until decided', () => {
    expect(isOverdue('2026-11-27', '2026-11-27', false)).toBe(false);
    expect(isOverdue('2026-11-27', '2026-11-28', false)).toBe(true);
    expect(isOverdue('2026-11-27', '2026-11-28', true)).toBe(false);
  });
});
