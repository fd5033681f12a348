import { exponential, lognormal, pick, seeded, type Random } from '../domain/random.ts';
import type { Priority } from '../domain/rules.ts';
import { instantOf } from '../domain/time.ts';
import type { DayPlan } from './day-plan.ts';

/** One simulated visitor, everything about them drawn before the day starts. */
export interface Visitor {
  /** Arrival at the kiosk, ms. */
  at: number;
  categoryId: string;
  priority: Priority | null;
  /** Books a slot (预约) and checks in on arrival. */
  appointment: boolean;
  /** How long the clerk takes once they are at the window. */
  serviceMinutes: number;
  /** 过号: not there when called. */
  noShow: boolean;
}

function traits(r: Random, plan: DayPlan, at: number): Visitor {
  const cat = pick(r, plan.categories, (c) => c.share);
  const serviceMinutes = plan.exponential ? exponential(r, cat.serviceMinutes) : lognormal(r, cat.serviceMinutes, cat.serviceCv);
  return {
    at,
    categoryId: cat.id,
    priority: r.next() < plan.priorityShare ? plan.priorities[Math.floor(r.next() * plan.priorities.length)] : null,
    appointment: r.next() < cat.appointmentShare,
    serviceMinutes,
    noShow: r.next() < plan.noShowShare,
  };
}

/** The day's visitors: `plan.visitors` spread over the hours by `arrivalsByHour`, sorted by arrival. */
export function drawVisitors(plan: DayPlan, timeZone: string): Visitor[] {
  const r = seeded(plan.seed);
  const hours = plan.arrivalsByHour.map((w, hour) => ({ hour, w })).filter((x) => x.w > 0);
  const lastMinute = Math.max(...plan.windows.map((w) => w.closesAt)) - 1;
  const out: Visitor[] = [];
  for (let i = 0; i < plan.visitors; i++) {
    const { hour } = pick(r, hours, (x) => x.w);
    const minute = Math.min(lastMinute, hour * 60 + r.next() * 60);
    out.push(traits(r, plan, instantOf(plan.day, 0, timeZone) + minute * 60_000));
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Poisson arrivals at `perHour` from `fromMinute` to `toMinute` of the day (the Erlang C check). */
export function poissonVisitors(plan: DayPlan, timeZone: string, perHour: number, fromMinute: number, toMinute: number): Visitor[] {
  const r = seeded(plan.seed);
  const out: Visitor[] = [];
  const dayStart = instantOf(plan.day, 0, timeZone);
  for (let m = fromMinute + exponential(r, 60 / perHour); m < toMinute; m += exponential(r, 60 / perHour)) {
    out.push(traits(r, plan, dayStart + m * 60_000));
  }
  return out;
}
