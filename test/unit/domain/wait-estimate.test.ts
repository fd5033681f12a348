import { describe, expect, it } from 'vitest';
import { blendServiceMinutes, estimateWaitMinutes, type EstimateWindow } from '../../../server/domain/wait-estimate.ts';

const busy = (preferredWork = 0): EstimateWindow => ({ preferredWork, idle: false });

describe('wait estimate from the hall as it is', () => {
  it('is zero when an idle window will take the ticket at once', () => {
    expect(estimateWaitMinutes({ ahead: 0, serviceMinutes: 8, ownWork: 8, windows: [{ preferredWork: 0, idle: true }, busy()], closedWindows: 0 })).toBe(0);
    expect(estimateWaitMinutes({ ahead: 1, serviceMinutes: 8, ownWork: 16, windows: [{ preferredWork: 0, idle: true }, busy()], closedWindows: 0 })).toBe(4);
  });

  it('waits for the (n+1)th departure when every window is busy', () => {
    // 2 ahead, 3 busy windows, 6 minutes each: (2+1)·6/3 = 6.
    expect(estimateWaitMinutes({ ahead: 2, serviceMinutes: 6, ownWork: 18, windows: [busy(), busy(), busy()], closedWindows: 0 })).toBe(6);
    // Nobody ahead at a busy window: the first to free up, 8/1.
    expect(estimateWaitMinutes({ ahead: 0, serviceMinutes: 8, ownWork: 8, windows: [busy()], closedWindows: 0 })).toBe(8);
  });

  it('gives a category only the share of a window its preference order leaves', () => {
    const own = 4 * 10; // 3 ahead + this one, 10 minutes each
    const dedicated = estimateWaitMinutes({ ahead: 3, serviceMinutes: 10, ownWork: own, windows: [busy(), busy()], closedWindows: 0 });
    // The second window prefers a category with as much work waiting: it gives this one half its time.
    const shared = estimateWaitMinutes({ ahead: 3, serviceMinutes: 10, ownWork: own, windows: [busy(), busy(own)], closedWindows: 0 });
    expect(dedicated).toBe(20);
    expect(shared).toBe(Math.round(40 / 1.5));
  });

  it('assumes the closed windows open when none is open yet', () => {
    expect(estimateWaitMinutes({ ahead: 4, serviceMinutes: 6, ownWork: 30, windows: [], closedWindows: 3 })).toBe(10);
    expect(estimateWaitMinutes({ ahead: 4, serviceMinutes: 6, ownWork: 30, windows: [], closedWindows: 0 })).toBe(30);
  });

  it('learns service times from the day, starting from the configured average', () => {
    expect(blendServiceMinutes(8, 0, 0)).toBe(8);
    // 5 tickets of prior at 8 min, 15 observed at 12 min on average: (40 + 180) / 20 = 11.
    expect(blendServiceMinutes(8, 15, 180)).toBe(11);
  });
});
