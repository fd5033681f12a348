/**
 * What a simulated hall day looks like: who comes when, for what, how long they take, and how
 * the windows are staffed. The defaults are a county 政务服务中心 on a busy weekday (about 1,500
 * visitors; the seed articles' "about 1,500 a day at peak"), with the morning rush after
 * opening and a second, smaller one after the lunch break.
 */
import type { Priority } from '../domain/rules.ts';

export interface CategoryPlan {
  /** Category id in the hall (the demo hall: cat_A … cat_Q). */
  id: string;
  /** Share of the day's visitors. */
  share: number;
  /** Mean service minutes and their coefficient of variation (log-normal; cv 1 with `exponential`). */
  serviceMinutes: number;
  serviceCv: number;
  /** Share of this category's visitors who booked (预约) and check in at the kiosk. */
  appointmentShare: number;
}

export interface WindowPlan {
  id: string;
  /** Hall-time minutes of the day the window opens and closes. */
  opensAt: number;
  closesAt: number;
  /** 暂停服务: [from, to) minutes of the day. */
  pauses: Array<[number, number]>;
}

export interface DayPlan {
  hallId: string;
  /** YYYY-MM-DD, hall time. */
  day: string;
  visitors: number;
  /** Relative arrival intensity per hour of the day (index = hour); the visitors spread over it. */
  arrivalsByHour: number[];
  categories: CategoryPlan[];
  windows: WindowPlan[];
  /** Share of visitors with a priority class (elderly, disabled, …), and which. */
  priorityShare: number;
  priorities: Priority[];
  /** Share of called visitors who are not there (过号); the clerk waits `noShowMinutes` first. */
  noShowShare: number;
  noShowMinutes: number;
  /** Service times drawn exponential instead of log-normal (for the Erlang C check). */
  exponential?: boolean;
  seed: number;
}

const h = (hh: number, mm = 0) => hh * 60 + mm;

/**
 * A county hall's weekday: 08:30–12:00 and 14:30–17:30 (the demo's ticket footer), the demo's
 * categories, `windows` windows win_1 … win_N (the demo hall has 10; 1,500 visitors need about 40,
 * see addWindows). Visitors default to what the windows can serve at about 85% busy.
 */
export function countyHallDay(day: string, seed = 1, windowCount = 40, visitors = Math.round(windowCount * 37.5)): DayPlan {
  // Relative intensity per hour: the 9 o'clock rush, a dip before lunch, a second peak at 15:00.
  const arrivalsByHour = Array.from({ length: 24 }, () => 0);
  Object.assign(arrivalsByHour, { 8: 6, 9: 16, 10: 14, 11: 8, 14: 7, 15: 12, 16: 9, 17: 3 });
  const windows: WindowPlan[] = Array.from({ length: windowCount }, (_, i) => ({
    id: `win_${i + 1}`,
    opensAt: h(8, 30),
    closesAt: h(17, 30),
    // Lunch (the hall closes 12:00–14:30), and each window one short 暂停 for a break.
    pauses: [[h(12), h(14, 30)], [h(10, 15) + ((i * 37) % 90), h(10, 30) + ((i * 37) % 90)]],
  }));
  return {
    hallId: 'demo',
    day,
    visitors,
    arrivalsByHour,
    categories: [
      { id: 'cat_A', share: 0.24, serviceMinutes: 8, serviceCv: 0.6, appointmentShare: 0 },
      { id: 'cat_B', share: 0.16, serviceMinutes: 14, serviceCv: 0.7, appointmentShare: 0.1 },
      { id: 'cat_C', share: 0.14, serviceMinutes: 6, serviceCv: 0.5, appointmentShare: 0.1 },
      { id: 'cat_D', share: 0.15, serviceMinutes: 7, serviceCv: 0.6, appointmentShare: 0.05 },
      { id: 'cat_E', share: 0.1, serviceMinutes: 10, serviceCv: 0.6, appointmentShare: 0.05 },
      { id: 'cat_F', share: 0.07, serviceMinutes: 12, serviceCv: 0.8, appointmentShare: 0.1 },
      { id: 'cat_Q', share: 0.14, serviceMinutes: 3, serviceCv: 0.4, appointmentShare: 0 },
    ],
    windows,
    priorityShare: 0.04,
    priorities: ['elderly', 'disabled', 'pregnant', 'military'],
    noShowShare: 0.04,
    noShowMinutes: 2,
    seed,
  };
}

/** Minutes of the day in [open, close) when the window is open and not paused. */
export function windowOpenAt(w: WindowPlan, minute: number): boolean {
  return minute >= w.opensAt && minute < w.closesAt && !w.pauses.some(([a, b]) => minute >= a && minute < b);
}
