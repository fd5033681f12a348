/**
 * First estimate of the wait: the people ahead share the windows that serve the category,
 * each taking the category's average service time. Rounded up to whole minutes.
 */
export function estimateWaitMinutes(ahead: number, avgServiceMinutes: number, servingWindows: number): number {
  if (ahead <= 0) return 0;
  const windows = Math.max(1, servingWindows);
  return Math.ceil((ahead * Math.max(0.5, avgServiceMinutes)) / windows);
}

/** Nearest-rank percentile of a list of numbers (p in 0..100); null for an empty list. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}
