import type { Rating } from '../protocol/services.ts';

/** A rating as the manager sees it (GET /api/halls/:id/ratings). */
export type RatingRow = Rating;

export interface RatingSummary {
  count: number;
  average: number | null;
  /** Share rated 基本满意 (3) or better, 0–100. */
  satisfaction: number | null;
  bad: number;
  byScore: Record<number, number>;
}

export function summarize(rows: RatingRow[]): RatingSummary {
  const byScore: Record<number, number> = { 5: 0, 4: 0, 3: 0, 2: 0, 1: 0 };
  for (const r of rows) byScore[r.score] = (byScore[r.score] ?? 0) + 1;
  const n = rows.length;
  const sum = rows.reduce((s, r) => s + r.score, 0);
  return {
    count: n,
    average: n ? sum / n : null,
    satisfaction: n ? ((byScore[5] + byScore[4] + byScore[3]) / n) * 100 : null,
    bad: byScore[2] + byScore[1],
    byScore,
  };
}
