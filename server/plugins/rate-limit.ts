import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { anonymousRequests, rateLimited, type Limiter } from '../limits.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** HALLQ_RATE_LIMIT anonymous requests a minute per client address, shared by HTTP and socket.io handshakes. */
    anonymousLimit: Limiter;
  }
}

/** HALLQ_RATE_LIMIT anonymous requests a minute per client; staff and devices are not limited here. 0: off. */
export default fp(
  async function rateLimit(app: FastifyInstance) {
    const limit = anonymousRequests(app.config.rateLimit);
    app.decorate('anonymousLimit', limit);
    // onRequest (after auth's): malformed requests count too.
    app.addHook('onRequest', async (req) => {
      if (req.actor.staffId || req.actor.deviceId) return;
      if (!req.url.startsWith('/api/')) return;
      const refused = await limit.take(req.ip);
      if (refused) throw rateLimited(refused);
    });
  },
  { name: 'rate-limit', dependencies: ['auth'] },
);
