/** Per-hall queue rules, stored as JSON on the hall and merged over these defaults. */
export interface HallRules {
  /** At most this many priority calls in a row at a window before a waiting normal ticket is called. */
  maxConsecutivePriority: number;
  /** 过号重排: a no-show who returns is re-queued after this many waiting tickets. */
  requeueAfter: number;
  /** 重呼: how many times a ticket may be recalled. */
  maxRecalls: number;
  /** Minutes a no-show may come back and be re-queued; 0 for the whole day. */
  requeueWithinMinutes: number;
  /** 差评 must be followed up within this many working days (set locally). */
  badRatingFollowUpDays: number;
  /** 预约签到: from this many minutes before the slot starts … */
  checkInEarlyMinutes: number;
  /** … until this many minutes after; later, the booking is a no-show. */
  appointmentGraceMinutes: number;
  /** How many days ahead appointments can be booked. */
  bookingDaysAhead: number;
  /** The mean wait the hall aims to keep under; staffing advice counts windows for it. */
  waitTargetMinutes: number;
  /** The hall's opening hours on working days: 进厅不办事 watches windows inside them, and the
   * 四位一体 attendance measures window time against them (a close between two periods is no early close). */
  hallHours: HallHoursPeriod[];
  /** idle_window: an open window that served nobody this many minutes while its queues had people. */
  idleAlertMinutes: number;
  /** absent_window: minutes into the hall's hours (or after a close) before a window with its A and B clerks away is flagged. */
  absentGraceMinutes: number;
  /** pause_overrun: how long each pause reason may last, in minutes; other reasons get `defaultPauseMinutes`. */
  pauseLimits: PauseLimit[];
  defaultPauseMinutes: number;
  /** An opening later than a period's start + this (or a closing earlier than its end − this) counts as late / early. */
  lateGraceMinutes: number;
  /** 办不成事: a complaint must be answered within this many working days. */
  complaintAnswerDays: number;
  /** 电话回访: the share (percent) of the day's served citizens who left a phone to call back. */
  callbackPercent: number;
  /** 四位一体: the weight of each part in the month's score (any scale; parts without data drop out). */
  reviewWeights: ReviewWeights;
}

export interface ReviewWeights {
  satisfaction: number;
  attendance: number;
  complaints: number;
  inspections: number;
}

export interface HallHoursPeriod {
  start: string;
  end: string;
}

export interface PauseLimit {
  reason: string;
  minutes: number;
}

export const DEFAULT_RULES: HallRules = Object.freeze({
  maxConsecutivePriority: 2,
  requeueAfter: 3,
  maxRecalls: 3,
  requeueWithinMinutes: 0,
  badRatingFollowUpDays: 5,
  checkInEarlyMinutes: 30,
  appointmentGraceMinutes: 15,
  bookingDaysAhead: 14,
  waitTargetMinutes: 15,
  hallHours: [{ start: '08:30', end: '12:00' }, { start: '14:30', end: '17:30' }],
  idleAlertMinutes: 10,
  absentGraceMinutes: 15,
  pauseLimits: [{ reason: '午休', minutes: 150 }, { reason: '临时离开', minutes: 15 }, { reason: '业务培训', minutes: 60 }],
  defaultPauseMinutes: 20,
  lateGraceMinutes: 5,
  complaintAnswerDays: 5,
  callbackPercent: 10,
  reviewWeights: Object.freeze({ satisfaction: 40, attendance: 30, complaints: 15, inspections: 15 }),
});

export function parseRules(json: string | null | undefined): HallRules {
  let stored: Partial<HallRules> = {};
  try {
    stored = json ? (JSON.parse(json) as Partial<HallRules>) : {};
  } catch {
    stored = {};
  }
  return { ...DEFAULT_RULES, ...stored, reviewWeights: { ...DEFAULT_RULES.reviewWeights, ...stored.reviewWeights } };
}

export const PRIORITIES = ['green', 'military', 'elderly', 'disabled', 'pregnant'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const WINDOW_KINDS = ['comprehensive', 'dedicated', 'pickup', 'assist'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];

export const ROLES = ['clerk', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
