import type { Database } from '../db/index.ts';
import { percentile } from '../domain/wait-estimate.ts';
import type { IssuedTicket } from './run-day.ts';

export interface CategoryWaits {
  categoryId: string;
  name: string;
  issued: number;
  called: number;
  /** Minutes from issue to first call. */
  mean: number | null;
  p90: number | null;
  max: number | null;
}

export interface DayReport {
  categories: CategoryWaits[];
  all: CategoryWaits;
  /** Mean absolute error (minutes) of the wait given at issue, against the real one, over called tickets. */
  estimateMae: number | null;
  naiveMae: number | null;
  /** Every ticket's real wait (minutes; null: never called). */
  tickets: Array<IssuedTicket & { wait: number | null }>;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

function waits(name: string, categoryId: string, list: Array<{ wait: number | null }>): CategoryWaits {
  const ws = list.map((x) => x.wait).filter((w): w is number => w !== null);
  const m = mean(ws);
  const p = percentile(ws, 90);
  return {
    categoryId, name, issued: list.length, called: ws.length,
    mean: m === null ? null : round1(m), p90: p === null ? null : round1(p), max: ws.length ? round1(Math.max(...ws)) : null,
  };
}

/** The day's waits as the records have them, and how far the issue-time estimates were off. */
export async function dayReport(db: Database, hallId: string, issued: IssuedTicket[]): Promise<DayReport> {
  const ids = issued.map((t) => t.ticketId);
  const rows = new Map<string, { category_id: string; issued_at: number; first_called_at: number | null }>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const r of await db.selectFrom('tickets').select(['id', 'category_id', 'issued_at', 'first_called_at']).where('id', 'in', ids.slice(i, i + 500)).execute()) rows.set(r.id, r);
  }
  const cats = await db.selectFrom('categories').select(['id', 'name']).where('hall_id', '=', hallId).orderBy('sort_order').execute();
  const seen = issued.map((t) => {
    const r = rows.get(t.ticketId)!;
    return { ...t, wait: r.first_called_at === null ? null : (Number(r.first_called_at) - Number(r.issued_at)) / 60_000 };
  });
  const called = seen.filter((t) => t.wait !== null);
  const mae = (f: (t: (typeof called)[number]) => number) => {
    const m = mean(called.map((t) => Math.abs(f(t) - t.wait!)));
    return m === null ? null : round1(m);
  };
  return {
    categories: cats.map((c) => waits(c.name, c.id, seen.filter((t) => t.categoryId === c.id))).filter((c) => c.issued > 0),
    all: waits('全部', '*', seen),
    estimateMae: mae((t) => t.estimate),
    naiveMae: mae((t) => t.naive),
    tickets: seen,
  };
}

export function formatReport(title: string, r: DayReport): string {
  const cell = (x: number | null) => (x === null ? '-' : x.toFixed(1)).padStart(7);
  const lines = [title, `${'category'.padEnd(10)}${'issued'.padStart(7)}${'called'.padStart(7)}${'mean'.padStart(7)}${'p90'.padStart(7)}${'max'.padStart(7)}  (wait, minutes)`];
  for (const c of [...r.categories, r.all]) {
    lines.push(`${c.name.padEnd(10 - [...c.name].filter((ch) => ch.charCodeAt(0) > 0x2e7f).length)}${String(c.issued).padStart(7)}${String(c.called).padStart(7)}${cell(c.mean)}${cell(c.p90)}${cell(c.max)}`);
  }
  lines.push(`estimate at issue vs real wait: mean absolute error ${r.estimateMae ?? '-'} min (naive position × average ÷ windows: ${r.naiveMae ?? '-'} min)`);
  return lines.join('\n');
}
