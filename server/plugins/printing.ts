import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_SPOOL, PrintSpool, type SpoolOptions } from '../printing/spool.ts';

declare module 'fastify' {
  interface FastifyInstance {
    spool: PrintSpool;
  }
}

/** The print spool runs in the server process and wakes when a committed transaction queued a job. */
export default fp(
  async function printing(app: FastifyInstance, opts: { spool?: Partial<SpoolOptions> }) {
    const spool = new PrintSpool({ db: app.db, ctx: app.ctx, log: app.log, run: (w) => app.run(w) }, { ...DEFAULT_SPOOL, ...opts.spool });
    app.decorate('spool', spool);
    app.onCommitted((events) => {
      if (events.some((e) => e.type === 'print')) spool.kick();
    });
    app.addHook('onReady', async () => spool.start());
    app.addHook('preClose', async () => spool.stop());
  },
  { name: 'printing', dependencies: ['core'] },
);
