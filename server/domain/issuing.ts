import { conflict } from './errors.ts';
import { parseHhMm } from './time.ts';

/** 上午/下午 issuing periods, each with an optional quota of its own. */
export interface IssuingPeriod {
  name: string;
  start: string; // 'HH:MM' hall time
  end: string; // 'HH:MM', exclusive; '24:00' for midnight
  quota?: number | null;
}

/** A000 .. A999, then A1000: the sequence never wraps within a day. */
export function formatNumber(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`;
}

/** Index of the period containing the minute, or null when issuing is closed. No periods: open all day. */
export function periodAt(periods: IssuingPeriod[], minute: number): number | null {
  if (periods.length === 0) return -1;
  const i = periods.findIndex((p) => parseHhMm(p.start) <= minute && minute < parseHhMm(p.end));
  return i === -1 ? null : i;
}

export interface QuotaState {
  dailyQuota: number | null;
  issuedToday: number;
  periodQuota: number | null;
  issuedInPeriod: number;
}

/** Decides whether one more ticket may be issued in `period` (from periodAt); throws the contract's 409 codes. */
export function checkIssuing(periods: IssuingPeriod[], period: number | null, q: QuotaState): void {
  if (period === null) {
    const hours = periods.map((p) => `${p.name} ${p.start}-${p.end}`).join('，');
    throw conflict('OUTSIDE_HOURS', `不在取号时间内（${hours}）`, { periods });
  }
  if (q.dailyQuota !== null && q.issuedToday >= q.dailyQuota) {
    throw conflict('QUOTA_EXHAUSTED', `今日号源已取完（每日限${q.dailyQuota}号）`);
  }
  if (q.periodQuota !== null && q.issuedInPeriod >= q.periodQuota) {
    throw conflict('QUOTA_EXHAUSTED', `本时段号源已取完（${periods[period].name}限${q.periodQuota}号）`);
  }
}
