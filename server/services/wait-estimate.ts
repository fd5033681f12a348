import type { Queryable } from '../db/index.ts';
import { blendServiceMinutes, estimateWaitMinutes } from '../domain/wait-estimate.ts';
import type { TicketRow } from './queue.ts';
import { dayCounters } from './waiting-counts.ts';

/**
 * What the wait estimate reads: the waiting counts per category (kept), today's window time per
 * called ticket per category, and the windows that may call a ticket with their preference orders.
 */
interface EstimateInputs {
  waiting: Map<string, number>;
  service(categoryId: string): number;
  links: Array<{ id: string; status: string; current_ticket_id: string | null; category_id: string; rank: number }>;
}

/**
 * Whose windows to read: the one a ticket was sent to (转窗), or the windows serving any of these
 * categories with all their links (a window's preference order weighs its other categories' work).
 * A hall's other windows cannot call the ticket and are not read: an issue costs the same in a
 * hall of 10 windows or 200.
 */
type Scope = { targetWindowId: string } | { categoryIds: readonly string[] };

async function estimateInputs(trx: Queryable, hallId: string, day: string, scope: Scope): Promise<EstimateInputs> {
  // Kept, not counted (services/waiting-counts.ts): the estimate costs the same with 10 or 10,000
  // waiting, in the morning or the afternoon. A window is taken from the call to the end, served
  // or 过号: that is the capacity a ticket uses.
  const counters = await dayCounters(trx, hallId, day);
  const waiting = new Map([...counters].map(([c, k]) => [c, k.waiting]));
  const done = new Map([...counters].map(([c, k]) => [c, { n: k.served, minutes: k.servedMs / 60_000 }]));
  const configured = new Map(
    (await trx.selectFrom('categories').select(['id', 'avg_service_minutes']).where('hall_id', '=', hallId).execute()).map((c) => [c.id, c.avg_service_minutes]),
  );
  const service = (categoryId: string) => {
    const d = done.get(categoryId);
    return blendServiceMinutes(configured.get(categoryId) ?? 5, d?.n ?? 0, d?.minutes ?? 0);
  };
  let windowsQuery = trx
    .selectFrom('windows')
    .innerJoin('window_categories', 'window_categories.window_id', 'windows.id')
    .select(['windows.id', 'windows.status', 'windows.current_ticket_id', 'window_categories.category_id', 'window_categories.rank'])
    .where('windows.hall_id', '=', hallId);
  windowsQuery =
    'targetWindowId' in scope
      ? windowsQuery.where('windows.id', '=', scope.targetWindowId)
      : windowsQuery.where('windows.id', 'in', (eb) => eb.selectFrom('window_categories').select('window_id').where('category_id', 'in', scope.categoryIds.length ? [...scope.categoryIds] : ['']));
  return { waiting, service, links: await windowsQuery.execute() };
}

function estimateFrom(inputs: EstimateInputs, categoryId: string, targetWindowId: string | null, ahead: number): number {
  const { waiting, service, links } = inputs;
  const byWindow = new Map<string, typeof links>();
  for (const l of links) byWindow.set(l.id, [...(byWindow.get(l.id) ?? []), l]);

  const s = service(categoryId);
  const serving = [...byWindow.values()].filter((ls) => targetWindowId || ls.some((l) => l.category_id === categoryId));
  const open = serving.filter((ls) => ls[0].status === 'open');
  return estimateWaitMinutes({
    ahead,
    serviceMinutes: s,
    ownWork: (waiting.get(categoryId) ?? 0) * s,
    closedWindows: serving.length,
    windows: open.map((ls) => {
      // A ticket sent to this window (转窗) is called before any category: nothing is preferred to it.
      const mine = targetWindowId ? 0 : ls.find((l) => l.category_id === categoryId)!.rank;
      const preferredWork = ls.filter((l) => l.rank < mine).reduce((sum, l) => sum + (waiting.get(l.category_id) ?? 0) * service(l.category_id), 0);
      return { preferredWork, idle: ls[0].current_ticket_id === null };
    }),
  });
}

export async function estimateFor(trx: Queryable, t: TicketRow, ahead: number): Promise<number> {
  return (await readEstimates(trx, t.hall_id, t.service_day, t.target_window_id ? { targetWindowId: t.target_window_id } : { categoryIds: [t.category_id] })).ticket(t, ahead);
}

/** One read of the estimate's inputs that answers several questions (an issue asks two). */
export interface Estimates {
  /** The wait of a waiting ticket with `ahead` people before it. */
  ticket(t: Pick<TicketRow, 'category_id' | 'target_window_id'>, ahead: number): number;
  /** The wait a number taken now would have: everyone waiting in the category is ahead of it. */
  nextNumber(categoryId: string): number;
  /** The same with a category's waiting count as it is now (read under its counter's lock). */
  withWaiting(categoryId: string, waiting: number): Estimates;
}

export async function readEstimates(trx: Queryable, hallId: string, day: string, scope: Scope): Promise<Estimates> {
  return estimatesOf(await estimateInputs(trx, hallId, day, scope));
}

function estimatesOf(inputs: EstimateInputs): Estimates {
  return {
    ticket: (t, ahead) => estimateFrom(inputs, t.category_id, t.target_window_id, ahead),
    nextNumber: (categoryId) => estimateFrom(inputs, categoryId, null, inputs.waiting.get(categoryId) ?? 0),
    withWaiting: (categoryId, waiting) => estimatesOf({ ...inputs, waiting: new Map(inputs.waiting).set(categoryId, waiting) }),
  };
}

/** The wait a number taken now would have, per category (the kiosk tile says it before the tap). */
export async function newTicketWaits(trx: Queryable, hallId: string, day: string, categoryIds: Iterable<string>): Promise<Map<string, number>> {
  const ids = [...new Set(categoryIds)];
  const estimates = await readEstimates(trx, hallId, day, { categoryIds: ids });
  return new Map(ids.map((c) => [c, estimates.nextNumber(c)]));
}
