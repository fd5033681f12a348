/**
 * What a category's kiosk tile says before the tap, from what the hall view and the `queue` events
 * carry: its daily quota against today's numbers and its 上午/下午 issuing periods against the hall's
 * clock. The server decides at the tap (server/domain/issuing.ts); this says the same beforehand.
 */
export interface TilePeriod {
  name: string;
  start: string;
  end: string;
  quota?: number | null;
}

export type TileState =
  | { kind: 'open' }
  | { kind: 'soldOut' }
  /** Outside its hours now, a later period today opens at `time`. */
  | { kind: 'opensAt'; period: string; time: string }
  /** Outside its hours with no period left today. */
  | { kind: 'closedToday' }
  /** The current period's own quota is used up (上午已取完); `next`: a later period today. */
  | { kind: 'periodSoldOut'; period: string; next: { period: string; time: string } | null };

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function tileState(c: { dailyQuota: number | null; issuedToday: number; periods: readonly TilePeriod[]; issuedByPeriod?: readonly number[] }, nowHhmm: string): TileState {
  if (c.dailyQuota !== null && c.issuedToday >= c.dailyQuota) return { kind: 'soldOut' };
  if (c.periods.length === 0) return { kind: 'open' };
  const now = minuteOf(nowHhmm);
  const next = c.periods.filter((p) => minuteOf(p.start) > now).sort((a, b) => minuteOf(a.start) - minuteOf(b.start))[0];
  const later = next ? { period: next.name, time: next.start } : null;
  const current = c.periods.findIndex((p) => minuteOf(p.start) <= now && now < minuteOf(p.end));
  if (current >= 0) {
    // The same rule as the server's (domain/issuing.ts checkIssuing): a period's quota counts its own numbers.
    const quota = c.periods[current].quota ?? null;
    if (quota !== null && (c.issuedByPeriod?.[current] ?? 0) >= quota) return { kind: 'periodSoldOut', period: c.periods[current].name, next: later };
    return { kind: 'open' };
  }
  return later ? { kind: 'opensAt', ...later } : { kind: 'closedToday' };
}

/** Numbers still to take today; null without a daily quota. */
export const numbersLeft = (c: { dailyQuota: number | null; issuedToday: number }): number | null =>
  c.dailyQuota === null ? null : Math.max(0, c.dailyQuota - c.issuedToday);
