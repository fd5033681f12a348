import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { closePastDays } from '../services/day-end.ts';
import { purgeExpired } from '../services/idempotency.ts';
import { forgetOldPhones } from '../services/callbacks.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The day-end sweep: 弃号 for every hall (close the tickets of earlier service days),
     * Idempotency-Keys past their 24 h deleted, and the whole phone numbers kept for 回访 forgotten
     * after PHONE_KEPT_DAYS. Returns how many tickets were closed.
     */
    closePastDays(): Promise<number>;
  }
}

export default fp(
  async function dayEnd(app: FastifyInstance, opts: { intervalMs: number }) {
    app.decorate('closePastDays', async () => {
      let closed = 0;
      for (const h of await app.db.selectFrom('halls').select('id').execute()) {
        closed += (await app.run((trx) => closePastDays(trx, app.ctx, h.id))).closed;
      }
      // Expired keys answer nothing already; deleting them keeps the table at about a day of requests.
      await app.run(async (trx) => ({ result: await purgeExpired(trx, app.ctx.clock.now()), events: [] }));
      // A whole phone number is kept only as long as its 回访 needs it.
      await app.run(async (trx) => ({ result: await forgetOldPhones(trx, app.ctx.clock.now()), events: [] }));
      return closed;
    });
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      // Several instances on one database: the leader sweeps, the others leave it.
      if (app.leader.isLeader()) {
        const n = await app.closePastDays();
        if (n > 0) app.log.info({ closed: n }, 'closed tickets of earlier days');
      }
      if (opts.intervalMs > 0) {
        timer = setInterval(() => {
          if (!app.leader.isLeader()) return;
          app.closePastDays().catch((err) => app.log.error({ err }, 'day-end sweep failed'));
        }, opts.intervalMs);
        timer.unref();
      }
    });
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'day-end', dependencies: ['core', 'leader'] },
);
