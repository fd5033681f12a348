/**
 * Erlang C (M/M/c): Poisson arrivals at rate λ, exponential service at rate μ per window, c
 * windows, one first-come-first-served queue. The textbook first answer to "how many windows":
 * the simulator checks the engine against it, and staffing advice is read from it.
 */

/** Probability that an arrival has to wait, for c windows and offered load a = λ/μ (erlangs). */
export function erlangC(c: number, a: number): number {
  if (c <= 0) return 1;
  if (a <= 0) return 0;
  if (a >= c) return 1;
  // Erlang B by its stable recurrence, then C from B: no factorials, no overflow for large c.
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho + rho * b);
}

/** Mean wait in the queue (same unit as 1/μ); Infinity when the windows cannot keep up. */
export function erlangCMeanWait(arrivalRate: number, serviceRate: number, c: number): number {
  if (arrivalRate <= 0) return 0;
  if (c <= 0 || arrivalRate >= c * serviceRate) return Infinity;
  return erlangC(c, arrivalRate / serviceRate) / (c * serviceRate - arrivalRate);
}

/** P(wait > t) for an M/M/c queue. */
export function erlangCWaitAbove(arrivalRate: number, serviceRate: number, c: number, t: number): number {
  if (arrivalRate <= 0) return 0;
  if (c <= 0 || arrivalRate >= c * serviceRate) return 1;
  return erlangC(c, arrivalRate / serviceRate) * Math.exp(-(c * serviceRate - arrivalRate) * t);
}

/**
 * The fewest windows that keep the mean wait at or under `targetWait` (same time unit as the
 * rates). 0 when nobody comes; capped at `max` (a hall has so many seats).
 */
export function windowsNeeded(arrivalRate: number, serviceRate: number, targetWait: number, max = 200): number {
  if (arrivalRate <= 0) return 0;
  for (let c = Math.max(1, Math.ceil(arrivalRate / serviceRate)); c <= max; c++) {
    if (erlangCMeanWait(arrivalRate, serviceRate, c) <= targetWait) return c;
  }
  return max;
}
