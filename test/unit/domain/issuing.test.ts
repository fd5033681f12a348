import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../server/domain/errors.ts';
import { checkIssuing, formatNumber, periodAt, type IssuingPeriod, type QuotaState } from '../../../server/domain/issuing.ts';

const hm = (h: number, m = 0) => h * 60 + m;
const DAY: IssuingPeriod[] = [
  { name: '上午', start: '08:30', end: '12:00', quota: 2 },
  { name: '下午', start: '14:30', end: '17:30' },
];
const EVENING: IssuingPeriod[] = [{ name: '夜间', start: '20:00', end: '24:00' }];

describe('formatNumber', () => {
  it.each([
    ['A', 1, 'A001'],
    ['B', 42, 'B042'],
    ['Q', 999, 'Q999'],
    ['A', 1000, 'A1000'],
  ])('%s + %i = %s', (p, n, out) => expect(formatNumber(p, n)).toBe(out));
});

describe('periodAt', () => {
  it.each<[string, IssuingPeriod[], number, number | null]>([
    ['no periods: open all day', [], hm(3), -1],
    ['before the morning', DAY, hm(8, 29), null],
    ['morning start is inclusive', DAY, hm(8, 30), 0],
    ['late morning', DAY, hm(11, 59), 0],
    ['morning end is exclusive', DAY, hm(12), null],
    ['lunch', DAY, hm(13), null],
    ['afternoon', DAY, hm(14, 30), 1],
    ['after the afternoon', DAY, hm(17, 30), null],
    ['24:00 end includes 23:59', EVENING, hm(23, 59), 0],
    ['24:00 end excludes midnight of the next day', EVENING, 0, null],
  ])('%s', (_n, periods, minute, expected) => expect(periodAt(periods, minute)).toBe(expected));
});

const q = (o: Partial<QuotaState> = {}): QuotaState => ({ dailyQuota: null, issuedToday: 0, periodQuota: null, issuedInPeriod: 0, ...o });
function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).kind).toBe('conflict');
    return (e as DomainError).code;
  }
}

describe('checkIssuing', () => {
  it.each<[string, IssuingPeriod[], number | null, QuotaState, string | null]>([
    ['open, no quota', [], -1, q({ issuedToday: 5000 }), null],
    ['outside the periods', DAY, null, q(), 'OUTSIDE_HOURS'],
    ['under the daily quota', [], -1, q({ dailyQuota: 300, issuedToday: 299 }), null],
    ['daily quota reached', [], -1, q({ dailyQuota: 300, issuedToday: 300 }), 'QUOTA_EXHAUSTED'],
    ['a daily quota of 0 issues nothing', [], -1, q({ dailyQuota: 0 }), 'QUOTA_EXHAUSTED'],
    ['under the period quota', DAY, 0, q({ periodQuota: 2, issuedInPeriod: 1 }), null],
    ['period quota reached', DAY, 0, q({ periodQuota: 2, issuedInPeriod: 2 }), 'QUOTA_EXHAUSTED'],
    ['a period without a quota', DAY, 1, q({ issuedInPeriod: 900 }), null],
    ['daily quota reached inside an open period', DAY, 1, q({ dailyQuota: 10, issuedToday: 10 }), 'QUOTA_EXHAUSTED'],
  ])('%s', (_n, periods, period, state, code) => {
    expect(codeOf(() => checkIssuing(periods, period, state))).toBe(code);
  });

  it('OUTSIDE_HOURS tells the hours in the message and the details', () => {
    try {
      checkIssuing(DAY, null, q());
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).message).toContain('上午 08:30-12:00');
      expect((e as DomainError).message).toContain('下午 14:30-17:30');
      expect((e as DomainError).details).toEqual({ periods: DAY });
    }
  });
});
