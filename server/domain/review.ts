import type { ReviewWeights } from './rules.ts';

/**
 * 四位一体考核: the month's score of a clerk (or a window) from four parts, each 0–100, weighted
 * as the hall sets. A part without data that month (no ratings, no inspection) drops out and the
 * others carry its weight, so a clerk is neither rewarded nor punished for what nobody measured.
 * The deductions below are this system's defaults for a hall's 考评办法; they are plain so a
 * manager can reproduce a score by hand.
 */
export const DEDUCT = Object.freeze({
  lateOpen: 2,
  earlyClose: 2,
  /** Each 进厅不办事 alert (idle, absent, pause overrun) charged to the person. */
  alert: 5,
  /** Each founded complaint. */
  complaint: 10,
  /** …and more when it was not answered in time. */
  overdueComplaint: 5,
  minorFinding: 5,
  seriousFinding: 20,
});

const clamp = (x: number) => Math.max(0, Math.min(100, Math.round(x * 10) / 10));

/** 好差评 rate: the share of satisfied ratings (3 基本满意 and up), null without ratings. */
export const satisfactionScore = (ratings: number, satisfied: number): number | null => (ratings ? clamp((100 * satisfied) / ratings) : null);

/** Null when the person never had a window open and no alert names them. */
export function attendanceScore(p: { daysWorked: number; lateOpens: number; earlyCloses: number; alerts: number }): number | null {
  if (!p.daysWorked && !p.alerts) return null;
  return clamp(100 - DEDUCT.lateOpen * p.lateOpens - DEDUCT.earlyClose * p.earlyCloses - DEDUCT.alert * p.alerts);
}

/** Complaints always have a score: no founded complaint is 100. */
export const complaintScore = (p: { upheld: number; overdue: number }): number => clamp(100 - DEDUCT.complaint * p.upheld - DEDUCT.overdueComplaint * p.overdue);

export const inspectionScore = (p: { count: number; minor: number; serious: number }): number | null =>
  p.count ? clamp(100 - DEDUCT.minorFinding * p.minor - DEDUCT.seriousFinding * p.serious) : null;

export interface ScoreParts {
  satisfaction: number | null;
  attendance: number | null;
  complaints: number | null;
  inspections: number | null;
}

/** The weighted mean of the parts that have a score; null when none has. */
export function reviewScore(parts: ScoreParts, w: ReviewWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const k of ['satisfaction', 'attendance', 'complaints', 'inspections'] as const) {
    const v = parts[k];
    if (v === null || !(w[k] > 0)) continue;
    sum += v * w[k];
    weight += w[k];
  }
  return weight ? clamp(sum / weight) : null;
}
