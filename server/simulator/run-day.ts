/**
 * Drives the real engine through one simulated day: every visitor is issued a ticket by
 * issueTicket, every window calls with callNext, starts, completes, marks 过号, pauses and closes
 * through the same services the HTTP routes use, over a real database, with the clock moved
 * from one event to the next. Nothing here decides who is called: the engine does.
 */
import { ManualClock } from '../clock.ts';
import type { Database, Trx } from '../db/index.ts';
import { runInTransaction } from '../db/unit-of-work.ts';
import { DomainError } from '../domain/errors.ts';
import { instantOf, isoInZone } from '../domain/time.ts';
import { naiveWaitMinutes } from '../domain/wait-estimate.ts';
import { bookAppointment } from '../services/appointments.ts';
import type { Actor, ServiceContext } from '../services/context.ts';
import { closePastDays } from '../services/day-end.ts';
import type { Outcome } from '../services/events.ts';
import { issueTicket } from '../services/tickets.ts';
import { closeWindow, openWindow, pauseWindow } from '../services/window-status.ts';
import * as calls from '../services/windows.ts';
import { windowOpenAt, type DayPlan } from './day-plan.ts';
import type { Visitor } from './visitors.ts';

/** What the simulator saw of one ticket; the real waits are read back from the records. */
export interface IssuedTicket {
  ticketId: string;
  categoryId: string;
  issuedAt: number;
  /** The engine's estimatedWaitMinutes at issue. */
  estimate: number;
  /** position × configured average ÷ open windows, for comparison. */
  naive: number;
}

interface SimWindow {
  id: string;
  categories: Set<string>;
  actor: Actor;
  status: 'closed' | 'open' | 'paused';
  /** The visitor at the window, if any. */
  visitor: Visitor | null;
}

interface Event {
  at: number;
  order: number;
  run(): Promise<void>;
}

/** A binary heap by time, then by insertion: same-time events keep the order they were planned in. */
class Agenda {
  private heap: Event[] = [];
  private count = 0;
  push(at: number, run: () => Promise<void>): void {
    const h = this.heap;
    h.push({ at, order: this.count++, run });
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): Event | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
const before = (a: Event, b: Event) => a.at < b.at || (a.at === b.at && a.order < b.order);

export interface DayRun {
  issued: IssuedTicket[];
  /** Visitors turned away by the engine (quota, no slot), by error code. */
  refused: Map<string, number>;
}

/**
 * Runs `visitors` through the plan's day. `clerks` maps each window to the staff account that
 * opens it. The clock is the context's ManualClock; at the end it stands after the day's close.
 */
export async function runDay(db: Database, ctx: ServiceContext & { clock: ManualClock }, plan: DayPlan, visitors: Visitor[], clerks: Map<string, string>): Promise<DayRun> {
  const hall = await db.selectFrom('halls').select(['time_zone']).where('id', '=', plan.hallId).executeTakeFirstOrThrow();
  const tz = hall.time_zone;
  const avg = new Map((await db.selectFrom('categories').select(['id', 'avg_service_minutes']).where('hall_id', '=', plan.hallId).execute()).map((c) => [c.id, c.avg_service_minutes]));
  const links = await db.selectFrom('window_categories').select(['window_id', 'category_id']).execute();
  const at = (minute: number) => instantOf(plan.day, 0, tz) + minute * 60_000;
  const run = <T>(work: (trx: Trx) => Promise<Outcome<T>>) => runInTransaction(db, work).then((r) => r.result);
  const windows: SimWindow[] = plan.windows.map((w) => ({
    id: w.id,
    categories: new Set(links.filter((l) => l.window_id === w.id).map((l) => l.category_id)),
    actor: { staffId: clerks.get(w.id), role: 'clerk', hallId: plan.hallId },
    status: 'closed',
    visitor: null,
  }));
  const agenda = new Agenda();
  const out: DayRun = { issued: [], refused: new Map() };
  const waitingVisitor = new Map<string, Visitor>();

  /** The window takes its next ticket (if it is open, free, and someone it serves waits). */
  async function callNext(w: SimWindow): Promise<boolean> {
    if (w.status !== 'open' || w.visitor) return false;
    const { ticket } = await run((trx) => calls.callNext(trx, ctx, w.actor, w.id));
    if (!ticket) return false;
    const v = waitingVisitor.get(ticket.id);
    if (!v) throw new Error(`called a ticket the simulator did not issue: ${ticket.number}`);
    waitingVisitor.delete(ticket.id);
    w.visitor = v;
    if (v.noShow) {
      agenda.push(ctx.clock.now() + plan.noShowMinutes * 60_000, () => release(w, 'no_show'));
    } else {
      await run((trx) => calls.start(trx, ctx, w.actor, w.id));
      agenda.push(ctx.clock.now() + v.serviceMinutes * 60_000, () => release(w, 'done'));
    }
    return true;
  }

  /** The visitor at the window leaves (served or 过号); the window then does what its plan says. */
  async function release(w: SimWindow, how: 'done' | 'no_show'): Promise<void> {
    await run((trx) => (how === 'no_show' ? calls.noShow(trx, ctx, w.actor, w.id) : calls.complete(trx, ctx, w.actor, w.id)));
    w.visitor = null;
    await applyPlan(w);
    await callNext(w);
  }

  /** Opens, pauses or closes the window as the plan has it now; a window busy with a visitor waits for them. */
  async function applyPlan(w: SimWindow): Promise<void> {
    const p = plan.windows.find((x) => x.id === w.id)!;
    const minute = (ctx.clock.now() - at(0)) / 60_000;
    const want = windowOpenAt(p, minute) ? 'open' : minute >= p.opensAt && minute < p.closesAt ? 'paused' : 'closed';
    if (w.visitor || want === w.status) return;
    if (want === 'open') await run((trx) => openWindow(trx, ctx, w.actor, w.id));
    else if (want === 'paused') await run((trx) => pauseWindow(trx, ctx, w.actor, w.id, '休息'));
    else await run((trx) => closeWindow(trx, ctx, w.actor, w.id));
    w.status = want;
  }

  async function arrive(v: Visitor): Promise<void> {
    const open = windows.filter((w) => w.status === 'open' && w.categories.has(v.categoryId)).length;
    try {
      let appointmentCode: string | undefined;
      if (v.appointment) appointmentCode = await book(v);
      const t = await run((trx) => issueTicket(trx, ctx, {}, { hallId: plan.hallId, categoryId: v.categoryId, priority: v.priority ?? undefined, appointmentCode }));
      const all = windows.filter((w) => w.categories.has(v.categoryId)).length;
      out.issued.push({
        ticketId: t.id, categoryId: v.categoryId, issuedAt: ctx.clock.now(), estimate: t.estimatedWaitMinutes,
        naive: naiveWaitMinutes(t.waitingAhead, avg.get(v.categoryId) ?? 5, open > 0 ? open : all),
      });
      waitingVisitor.set(t.id, v);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      out.refused.set(e.code, (out.refused.get(e.code) ?? 0) + 1);
      return;
    }
    for (const w of windows) if (w.categories.has(v.categoryId) && (await callNext(w))) break;
  }

  /** 预约: the visitor booked (the evening before) the half-hour slot that begins next after their arrival. */
  async function book(v: Visitor): Promise<string | undefined> {
    const half = 30 * 60_000;
    const slotAt = Math.floor((v.at - at(0)) / half) * half + half + at(0);
    const slotStart = isoInZone(slotAt, tz).slice(11, 16);
    const now = ctx.clock.now();
    ctx.clock.set(at(0) - 60 * 60_000);
    try {
      return (await run((trx) => bookAppointment(trx, ctx, {}, plan.hallId, { categoryId: v.categoryId, date: plan.day, slotStart }))).code;
    } catch (e) {
      if (e instanceof DomainError) return undefined; // full or no such slot: they come as a walk-in
      throw e;
    } finally {
      ctx.clock.set(now);
    }
  }

  for (const v of visitors) agenda.push(v.at, () => arrive(v));
  for (const [i, p] of plan.windows.entries()) {
    const w = windows[i];
    const edges = new Set([p.opensAt, p.closesAt, ...p.pauses.flat()]);
    for (const m of edges) agenda.push(at(m), async () => {
      await applyPlan(w);
      await callNext(w);
    });
  }
  for (let e = agenda.pop(); e; e = agenda.pop()) {
    ctx.clock.set(e.at);
    await e.run();
  }
  // 弃号: whoever still waits when the hall has closed is closed with the day.
  ctx.clock.set(instantOf(plan.day, 24 * 60, tz) + 60_000);
  await run((trx) => closePastDays(trx, ctx, plan.hallId));
  return out;
}
