/**
 * A seeded random source for the simulator: the same seed gives the same hall day, so a test
 * can compare the engine against a formula without flaking. mulberry32: 32-bit state, passes
 * the usual statistical batteries well enough for queueing draws, and fits in a few lines,
 * where a package would add a dependency for one function.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
}

export function seeded(seed: number): Random {
  let s = seed >>> 0;
  return {
    next() {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Exponential with the given mean. */
export const exponential = (r: Random, mean: number): number => -mean * Math.log(1 - r.next());

/** Log-normal with the given mean and coefficient of variation (service times: skewed, never negative). */
export function lognormal(r: Random, mean: number, cv: number): number {
  const sigma2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - sigma2 / 2;
  // Box-Muller: one standard normal from two uniforms.
  const z = Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
  return Math.exp(mu + Math.sqrt(sigma2) * z);
}

/** One item of a weighted list. */
export function pick<T>(r: Random, items: readonly T[], weight: (t: T) => number): T {
  const total = items.reduce((s, t) => s + weight(t), 0);
  let x = r.next() * total;
  for (const t of items) {
    x -= weight(t);
    if (x < 0) return t;
  }
  return items[items.length - 1];
}
