import { describe, expect, it } from 'vitest';
import { instantOf, isoInZone, minuteOfDay, parseHhMm, serviceDay, zoneOffsetMinutes, zonedParts } from '../../../server/domain/time.ts';
import { naiveWaitMinutes, percentile } from '../../../server/domain/wait-estimate.ts';

const SH = 'Asia/Shanghai';
const utc = (s: string) => Date.parse(`${s}Z`);

describe('service day and minute in hall time (Asia/Shanghai = UTC+8)', () => {
  it.each([
    ['2026-01-01T15:59:00', '2026-01-01', 23 * 60 + 59],
    ['2026-01-01T15:59:59.999', '2026-01-01', 23 * 60 + 59],
    ['2026-01-01T16:00:00', '2026-01-02', 0],
    ['2026-01-01T16:01:00', '2026-01-02', 1],
    ['2025-12-31T16:30:00', '2026-01-01', 30],
    ['2024-02-28T16:00:00', '2024-02-29', 0],
    ['2026-06-15T00:00:00', '2026-06-15', 8 * 60],
  ])('%s UTC is %s, minute %i', (at, day, minute) => {
    expect(serviceDay(utc(at), SH)).toBe(day);
    expect(minuteOfDay(utc(at), SH)).toBe(minute);
  });

  it('the same instant is a different day elsewhere', () => {
    expect(serviceDay(utc('2026-01-01T16:01:00'), 'UTC')).toBe('2026-01-01');
  });
});

describe('isoInZone and offsets', () => {
  it.each([
    ['2026-11-22T01:05:00', SH, '2026-11-22T09:05:00.000+08:00'],
    ['2026-11-22T16:00:00.250', SH, '2026-11-23T00:00:00.250+08:00'],
    ['2026-01-15T12:00:00', 'America/New_York', '2026-01-15T07:00:00.000-05:00'],
    ['2026-07-15T12:00:00', 'America/New_York', '2026-07-15T08:00:00.000-04:00'],
    ['2026-07-15T12:00:00', 'Asia/Kolkata', '2026-07-15T17:30:00.000+05:30'],
    ['2026-07-15T12:00:00', 'UTC', '2026-07-15T12:00:00.000+00:00'],
  ])('%s UTC in %s is %s', (at, zone, iso) => {
    expect(isoInZone(utc(at), zone)).toBe(iso);
    expect(Date.parse(iso)).toBe(utc(at)); // the string names the same instant
  });

  it('Asia/Shanghai is +480 minutes all year (no DST since 1991)', () => {
    for (const at of ['2026-01-01T00:00:00', '2026-07-01T00:00:00', '2000-07-01T00:00:00']) expect(zoneOffsetMinutes(utc(at), SH)).toBe(480);
  });

  it('instantOf is the inverse of serviceDay/minuteOfDay', () => {
    expect(instantOf('2026-11-23', 0, SH)).toBe(utc('2026-11-22T16:00:00'));
    expect(instantOf('2026-11-23', 9 * 60 + 30, SH)).toBe(utc('2026-11-23T01:30:00'));
    const t = instantOf('2026-03-01', 23 * 60 + 59, SH);
    expect([serviceDay(t, SH), minuteOfDay(t, SH)]).toEqual(['2026-03-01', 1439]);
  });
});

describe('parseHhMm', () => {
  it.each([
    ['00:00', 0],
    ['08:30', 510],
    ['23:59', 1439],
    ['24:00', 1440],
  ])('%s = %i', (s, v) => expect(parseHhMm(s)).toBe(v));
  it.each(['24:01', '25:00', '8:30', '08:60', '0830', '', 'ab:cd'])('%s is refused', (s) => {
    expect(() => parseHhMm(s)).toThrow();
  });
});

describe('naive wait estimate (the simulator\'s yardstick)', () => {
  it.each([
    [0, 8, 3, 0],
    [-1, 8, 3, 0],
    [1, 8, 1, 8],
    [5, 8, 2, 20],
    [3, 10, 0, 30], // no window counted: one, not a division by zero
    [3, 0, 1, 2], // at least half a minute each: 1.5 rounded up
    [7, 3, 2, 11], // 10.5 rounded up
  ])('%i ahead × %f min / %i windows = %i min', (ahead, avg, windows, minutes) => {
    expect(naiveWaitMinutes(ahead, avg, windows)).toBe(minutes);
  });
});

describe('percentile (nearest rank)', () => {
  const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
  it.each<[number[], number, number | null]>([
    [[], 90, null],
    [[42], 90, 42],
    [ten, 90, 9],
    [ten, 50, 5],
    [ten, 100, 10],
    [ten, 0, 1],
    [ten, 91, 10],
    [[5, 20, 28], 90, 28],
    [[5, 20, 28], 50, 20],
  ])('p%# of %j', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('does not reorder its input', () => {
    const copy = [...ten];
    percentile(ten, 90);
    expect(ten).toEqual(copy);
  });
});

describe('zonedParts, with the offset kept per quarter hour', () => {
  const exact = (ms: number, timeZone: string) => {
    const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    const o: Record<string, number> = {};
    for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') o[p.type] = Number(p.value);
    return { year: o.year, month: o.month, day: o.day, hour: o.hour, minute: o.minute, second: o.second };
  };

  it('agrees with Intl at every minute around offset changes, in zones that move by an hour, half an hour, or sit at +5:45', () => {
    const cases: Array<[string, string]> = [
      ['America/New_York', '2026-03-08T06:00:00Z'], // 02:00 EST → 03:00 EDT
      ['America/New_York', '2026-11-01T05:00:00Z'], // 02:00 EDT → 01:00 EST
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'], // moves by 30 minutes
      ['Asia/Kathmandu', '2026-06-01T00:00:00Z'],
      ['Asia/Shanghai', '2026-12-01T16:00:00Z'], // midnight: the service day turns
      ['Asia/Shanghai', '1900-12-31T15:54:17Z'], // local mean time +8:05:43 → +8:00: a change inside a quarter hour
    ];
    for (const [zone, iso] of cases) {
      const at = Date.parse(iso);
      // In an order that crosses back and forth, so a kept quarter is never simply the last one.
      for (let m = -90; m <= 90; m += 1) {
        for (const ms of [at + m * 60_000, at - m * 60_000 + 17_321]) expect(zonedParts(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toEqual(exact(ms, zone));
      }
    }
  });
});
