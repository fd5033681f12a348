import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { evaluateAlerts } from '../services/oversight.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** 进厅不办事 / 效能监察: raises and clears the hall alerts of every hall (or one) as of the clock's now. */
    evaluateAlerts(hallId?: string): Promise<{ raised: number; cleared: number }>;
  }
}

/**
 * Runs the oversight rule on a timer, on the cluster leader only (like the day-end sweep), so
 * several instances raise each alert once. The rule reads the clock it is given, so tests move a
 * ManualClock and call `evaluateAlerts()` to raise and clear alerts deterministically.
 */
export default fp(
  async function oversight(app: FastifyInstance, opts: { intervalMs: number }) {
    app.decorate('evaluateAlerts', async (hallId?: string) => {
      const halls = hallId ? [{ id: hallId }] : await app.db.selectFrom('halls').select('id').execute();
      const total = { raised: 0, cleared: 0 };
      for (const h of halls) {
        const r = await app.run((trx) => evaluateAlerts(trx, app.ctx, h.id));
        total.raised += r.raised;
        total.cleared += r.cleared;
      }
      return total;
    });
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      if (opts.intervalMs <= 0) return;
      timer = setInterval(() => {
        if (!app.leader.isLeader()) return;
        app.evaluateAlerts().catch((err) => app.log.error({ err }, 'oversight alerts failed'));
      }, opts.intervalMs);
      timer.unref();
    });
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'oversight', dependencies: ['core', 'leader'] },
);
