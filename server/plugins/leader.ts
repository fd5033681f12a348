import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { advisoryLeadership, soleLeader, type Leadership } from '../db/leader.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Timers that must run once across instances (day end, backups, holiday refresh) check `leader.isLeader()`. */
    leader: Leadership;
  }
}

export default fp(
  async function leader(app: FastifyInstance, opts: { retryMs?: number }) {
    const url = app.config.databaseUrl;
    const lead = url
      ? advisoryLeadership(url, 'hallq:leader', { retryMs: opts.retryMs ?? 10_000, onChange: (v) => app.log.info({ leader: v }, v ? 'this instance runs the timers' : 'this instance no longer runs the timers') })
      : soleLeader;
    app.decorate('leader', lead);
    // Registered before the timers' plugins: their onReady hooks run after the first try.
    app.addHook('onReady', async () => lead.start());
    app.addHook('onClose', async () => lead.stop());
  },
  { name: 'leader', dependencies: ['core'] },
);
