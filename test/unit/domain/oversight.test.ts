import { describe, expect, it } from 'vitest';
import { diffAlerts, pauseLimitMinutes, wantedAlerts, type HallSnapshot, type WindowSnapshot } from '../../../server/domain/oversight.ts';
import { DEFAULT_RULES } from '../../../server/domain/rules.ts';
import { previousWorkingDay, workingDaysAfter } from '../../../server/domain/working-days.ts';

const at = (hhmm: string, day = '2026-11-23') => Date.parse(`${day}T${hhmm}:00+08:00`);
const win = (over: Partial<WindowSnapshot>): WindowSnapshot => ({
  id: 'w1', no: 1, status: 'open', pauseReason: null, clerkId: 'c1', aClerkId: 'c1', bClerkId: 'c2', statusChangedAt: at('08:30'),
  busy: false, lastServedAt: null, waiting: 0, oldestWaitingAt: null, ...over,
});
const snap = (now: number, windows: WindowSnapshot[], today = '2026-11-23'): HallSnapshot => ({
  now, today, timeZone: 'Asia/Shanghai', calendar: { holidays: [], workdays: [] }, rules: DEFAULT_RULES, windows, cases: [],
});

describe('the 进厅不办事 rule (pure)', () => {
  it('idle counts from the later of the last service and the oldest arrival', () => {
    const w = win({ lastServedAt: at('09:00'), waiting: 2, oldestWaitingAt: at('09:05') });
    expect(wantedAlerts(snap(at('09:14'), [w]))).toEqual([]);
    expect(wantedAlerts(snap(at('09:15'), [w]))).toMatchObject([{ kind: 'idle_window', since: at('09:15'), staffId: 'c1' }]);
    expect(wantedAlerts(snap(at('10:00'), [{ ...w, busy: true }]))).toEqual([]);
  });

  it('a closed window is watched only in hall hours on working days, and not while its B clerk is at another window', () => {
    const closed = win({ id: 'w2', no: 2, status: 'closed', clerkId: null, statusChangedAt: at('07:00') });
    expect(wantedAlerts(snap(at('08:45'), [closed]))).toMatchObject([{ kind: 'absent_window', since: at('08:45'), staffId: 'c1' }]);
    expect(wantedAlerts(snap(at('13:00'), [closed]))).toEqual([]);
    expect(wantedAlerts(snap(at('10:00', '2026-11-22'), [closed], '2026-11-22'))).toEqual([]); // Sunday
    expect(wantedAlerts(snap(at('09:00'), [closed, win({ id: 'w3', no: 3, clerkId: 'c2', aClerkId: 'c9', bClerkId: null })]))).toEqual([]);
    expect(wantedAlerts(snap(at('09:00'), [{ ...closed, aClerkId: null, bClerkId: null }]))).toEqual([]);
  });

  it('pause limits by reason, else the default', () => {
    expect(pauseLimitMinutes(DEFAULT_RULES, '午休')).toBe(150);
    expect(pauseLimitMinutes(DEFAULT_RULES, ' 临时离开 ')).toBe(15);
    expect(pauseLimitMinutes(DEFAULT_RULES, null)).toBe(DEFAULT_RULES.defaultPauseMinutes);
  });

  it('diff: what is open stays, what ended clears, nothing twice', () => {
    const wanted = wantedAlerts(snap(at('09:20'), [win({ waiting: 1, oldestWaitingAt: at('09:00') })]));
    const open = [{ id: 'a1', kind: 'idle_window', windowId: 'w1', caseId: null, staffId: 'c1' }, { id: 'a2', kind: 'pause_overrun', windowId: 'w1', caseId: null, staffId: 'c1' }];
    expect(diffAlerts(open, [...wanted, ...wanted])).toEqual({ raise: [], clear: [open[1]] });
    // Another clerk at the window: a new alert, the old one cleared.
    const other = wanted.map((w) => ({ ...w, staffId: 'c2' }));
    expect(diffAlerts(open.slice(0, 1), other)).toEqual({ raise: other, clear: open.slice(0, 1) });
  });

  it('working days after a day, and the last one before it', () => {
    expect(workingDaysAfter('2026-11-26', '2026-11-30')).toBe(2); // Fri, Mon
    expect(workingDaysAfter('2026-11-27', '2026-11-30')).toBe(1);
    expect(workingDaysAfter('2026-11-30', '2026-11-30')).toBe(0);
    expect(workingDaysAfter('2026-11-26', '2026-11-30', { holidays: ['2026-11-27'], workdays: [] })).toBe(1);
    expect(previousWorkingDay('2026-11-30')).toBe('2026-11-27');
    expect(previousWorkingDay('2026-11-30', { holidays: ['2026-11-27'], workdays: ['2026-11-29'] })).toBe('2026-11-29');
  });
});
