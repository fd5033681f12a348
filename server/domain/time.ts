/** Hall-time helpers. A service day is the calendar date in the hall's time zone. */

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23',
    });
    partsCache.set(timeZone, f);
  }
  return f;
}

export interface ZonedParts {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
}

/**
 * The zone's offset is looked up once per quarter hour of time (formatToParts costs ~10 µs, and
 * an issue asks the hall's time several times). Offset changes fall on quarter hours in UTC (zones
 * move by whole quarter hours at a quarter hour); a quarter whose two ends disagree is worked out
 * instant by instant.
 */
const QUARTER = 15 * 60_000;
const offsets = new Map<string, { quarter: number; offsetMs: number | null }>();

export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const quarter = Math.floor(ms / QUARTER);
  let known = offsets.get(timeZone);
  if (!known || known.quarter !== quarter) {
    const start = offsetMsAt(quarter * QUARTER, timeZone);
    known = { quarter, offsetMs: start === offsetMsAt((quarter + 1) * QUARTER - 1, timeZone) ? start : null };
    offsets.set(timeZone, known);
  }
  if (known.offsetMs === null) return exactParts(ms, timeZone);
  const d = new Date(ms + known.offsetMs);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

function offsetMsAt(ms: number, timeZone: string): number {
  const p = exactParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

function exactParts(ms: number, timeZone: string): ZonedParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour, minute: out.minute, second: out.second };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 'YYYY-MM-DD' of the hall's calendar at that instant. */
export function serviceDay(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Minutes since local midnight, 0..1439. */
export function minuteOfDay(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  return p.hour * 60 + p.minute;
}

/** Offset of the zone from UTC at that instant, in minutes (Asia/Shanghai: 480). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/** ISO 8601 with the hall's offset, e.g. 2026-11-22T09:05:00.000+08:00 (contract: times carry an offset). */
export function isoInZone(ms: number, timeZone: string): string {
  const off = zoneOffsetMinutes(ms, timeZone);
  const local = new Date(ms + off * 60000).toISOString().slice(0, -1);
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${local}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** 'HH:MM' -> minutes since midnight; '24:00' is allowed as an end. */
export function parseHhMm(s: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  if (!m) throw new Error(`bad time "${s}"`);
  const v = Number(m[1]) * 60 + Number(m[2]);
  if (v > 24 * 60) throw new Error(`bad time "${s}"`);
  return v;
}

/** The instant of local HH:MM on a service day (for appointment slots). */
export function instantOf(day: string, minutes: number, timeZone: string): number {
  const [y, mo, d] = day.split('-').map(Number);
  const guess = Date.UTC(y, mo - 1, d, 0, minutes);
  return guess - zoneOffsetMinutes(guess, timeZone) * 60000;
}
