import { describe, expect, it } from 'vitest';
import { erlangC, erlangCMeanWait, erlangCWaitAbove, windowsNeeded } from '../../../server/domain/erlang-c.ts';

describe('Erlang C', () => {
  it('matches published values', () => {
    // A single window is M/M/1: P(wait) = ρ.
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 10);
    // 2 windows, 1 erlang: C = 1/3 (closed form a²/(2(2-a)) / (1 + a + a²/(2(2-a)))).
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 10);
    // The call-centre textbook case: 10 erlangs on 11 agents → C ≈ 0.6821; on 12 → 0.4494; on 14 → 0.1741.
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 3);
    expect(erlangC(12, 10)).toBeCloseTo(0.4494, 3);
    expect(erlangC(14, 10)).toBeCloseTo(0.1741, 3);
  });

  it('gives the mean wait and the tail, and refuses an overloaded hall', () => {
    // M/M/1, λ = 0.5, μ = 1: Wq = ρ/(μ-λ) = 1.
    expect(erlangCMeanWait(0.5, 1, 1)).toBeCloseTo(1, 10);
    // 12 agents, 10 erlangs, 3-minute calls (μ = 1/3): Wq = 0.4494 / (12/3 - 10/3) ≈ 0.674 minutes.
    expect(erlangCMeanWait(10 / 3, 1 / 3, 12)).toBeCloseTo(0.674, 2);
    expect(erlangCMeanWait(2, 1, 2)).toBe(Infinity);
    expect(erlangCMeanWait(0, 1, 0)).toBe(0);
    expect(erlangCWaitAbove(0.5, 1, 1, 0)).toBeCloseTo(0.5, 10);
    expect(erlangCWaitAbove(0.5, 1, 1, 2)).toBeCloseTo(0.5 * Math.exp(-1), 10);
  });

  it('finds the fewest windows that keep the mean wait under a target', () => {
    expect(windowsNeeded(0, 1 / 8, 15)).toBe(0);
    // 60 visitors an hour of 8 minutes each = 8 erlangs: 9 windows wait ~2.9 min, 8 cannot keep up.
    const c = windowsNeeded(1, 1 / 8, 15);
    expect(c).toBe(9);
    expect(erlangCMeanWait(1, 1 / 8, c)).toBeLessThanOrEqual(15);
    expect(erlangCMeanWait(1, 1 / 8, c - 1)).toBeGreaterThan(15);
    // A tighter target needs more.
    expect(windowsNeeded(1, 1 / 8, 0.5)).toBeGreaterThan(9);
  });
});
