import { describe, expect, it } from 'vitest';
import { tileState } from '../../../protocol/tile-state.ts';

// What a kiosk tile says before the tap must be what the tap then answers (server/domain/issuing.ts).
describe('tileState', () => {
  const periods = [{ name: '上午', start: '08:30', end: '12:00', quota: 2 }, { name: '下午', start: '13:30', end: '17:00' }];
  const c = (issuedByPeriod: number[], issuedToday = issuedByPeriod.reduce((a, b) => a + b, 0), dailyQuota: number | null = null) => ({ dailyQuota, issuedToday, periods, issuedByPeriod });

  it('is open while the current period has numbers left', () => {
    expect(tileState(c([1, 0]), '10:00')).toEqual({ kind: 'open' });
  });
  it("says the period's numbers are gone, and when the next period opens", () => {
    expect(tileState(c([2, 0]), '10:00')).toEqual({ kind: 'periodSoldOut', period: '上午', next: { period: '下午', time: '13:30' } });
  });
  it('opens the next period with its own quota', () => {
    expect(tileState(c([2, 0]), '12:30')).toEqual({ kind: 'opensAt', period: '下午', time: '13:30' });
    expect(tileState(c([2, 0]), '14:00')).toEqual({ kind: 'open' });
  });
  it('says no later period when the last one is used up, and the daily quota comes first', () => {
    const last = [{ name: '下午', start: '13:30', end: '17:00', quota: 1 }];
    expect(tileState({ dailyQuota: null, issuedToday: 1, periods: last, issuedByPeriod: [1] }, '14:00')).toEqual({ kind: 'periodSoldOut', period: '下午', next: null });
    expect(tileState(c([1, 0], 5, 5), '10:00')).toEqual({ kind: 'soldOut' });
  });
  it('without the per-period counts (an older server) falls back to the hours alone', () => {
    expect(tileState({ dailyQuota: null, issuedToday: 9, periods }, '10:00')).toEqual({ kind: 'open' });
  });
});
