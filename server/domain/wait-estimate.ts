/**
 * The wait printed on a ticket (您前面还有 N 人, 预计等待 M 分钟), from the hall as it is now.
 *
 * The people ahead (counted under the real call order) leave at the rate the windows serving the
 * category can give it. A window gives a category only the share of its time its preference
 * order leaves: work waiting in categories it prefers comes first. With every such window busy,
 * the (n+1)th departure from c windows each freeing up every s minutes comes after about
 * (n+1)·s/c (the M/M/c wait given n ahead); an idle window takes the first ones at once.
 */
export interface EstimateWindow {
  /** Minutes of work waiting in the categories this window prefers to the ticket's. */
  preferredWork: number;
  /** True while the window has nobody at it. */
  idle: boolean;
}

export interface EstimateInput {
  ahead: number;
  /** Minutes a window is taken per ticket of this category (learned today, see blendServiceMinutes). */
  serviceMinutes: number;
  /** Minutes of work waiting in this category (the ticket and those ahead of it at least). */
  ownWork: number;
  /** The open windows that may call the ticket. */
  windows: readonly EstimateWindow[];
  /** Windows that could serve it when none is open (before opening): the estimate then assumes they open. */
  closedWindows: number;
}

export function estimateWaitMinutes(input: EstimateInput): number {
  const s = Math.max(0.5, input.serviceMinutes);
  const own = Math.max(input.ownWork, (input.ahead + 1) * s);
  if (input.windows.length === 0) return Math.ceil(((input.ahead + 1) * s) / Math.max(1, input.closedWindows));
  const idle = input.windows.filter((w) => w.idle && w.preferredWork === 0).length;
  if (input.ahead < idle) return 0;
  const capacity = input.windows.reduce((sum, w) => sum + own / (own + w.preferredWork), 0);
  return Math.round(((input.ahead + 1 - idle) * s) / capacity);
}

/**
 * Today's service time of a category: the configured average counts as `prior` tickets, so the
 * first few of the day do not swing the estimate, and a long day follows what clerks really take.
 */
export function blendServiceMinutes(configured: number, observedCount: number, observedTotalMinutes: number, prior = 5): number {
  return (configured * prior + observedTotalMinutes) / (prior + observedCount);
}

/** The old first guess, kept as the simulator's yardstick: position × configured average ÷ windows. */
export function naiveWaitMinutes(ahead: number, avgServiceMinutes: number, servingWindows: number): number {
  if (ahead <= 0) return 0;
  return Math.ceil((ahead * Math.max(0.5, avgServiceMinutes)) / Math.max(1, servingWindows));
}

/** Nearest-rank percentile of a list of numbers (p in 0..100); null for an empty list. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}
