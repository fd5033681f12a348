import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors.ts';

/** Fixed one-minute windows per client address; counters live in memory and reset with the process. */
export class RateCounter {
  private counts = new Map<string, { start: number; n: number }>();
  constructor(private readonly limit: number, private readonly windowMs: number) {}

  /** True when the request is allowed. */
  hit(key: string, now: number): boolean {
    if (this.limit <= 0) return true;
    const c = this.counts.get(key);
    if (!c || now - c.start >= this.windowMs) {
      if (this.counts.size > 50_000) this.counts.clear(); // bound memory under a flood of addresses
      this.counts.set(key, { start: now, n: 1 });
      return true;
    }
    c.n += 1;
    return c.n <= this.limit;
  }
}

export const rateLimited = (message: string) => new DomainError('rate_limited', 'RATE_LIMITED', message);

/** HALLQ_RATE_LIMIT anonymous requests a minute per client; staff and devices are not limited here. 0: off. */
export default fp(
  async function rateLimit(app: FastifyInstance) {
    const counter = new RateCounter(app.config.rateLimit, 60_000);
    // onRequest (after auth's): malformed requests count too.
    app.addHook('onRequest', async (req) => {
      if (req.actor.staffId || req.actor.deviceId) return;
      if (!req.url.startsWith('/api/')) return;
      if (!counter.hit(req.ip, Date.now())) throw rateLimited('请求过于频繁，请稍后再试');
    });
  },
  { name: 'rate-limit', dependencies: ['auth'] },
);
