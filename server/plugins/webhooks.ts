import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { queueAppointmentReminders } from '../services/webhooks.ts';
import { WebhookDispatcher } from '../webhooks/dispatcher.ts';

declare module 'fastify' {
  interface FastifyInstance {
    webhooks: {
      dispatcher: WebhookDispatcher;
      /** Queues tomorrow's appointment reminders of every hall (the leader's timer; tests call it). */
      sweepReminders(): Promise<void>;
    };
  }
}

/**
 * Webhook delivery: the dispatcher runs on every instance (claims are SKIP LOCKED) and wakes after
 * a commit that queued a delivery; the appointment-reminder sweep runs on the leader only.
 */
export default fp(
  async function webhooks(app: FastifyInstance, opts: { pollMs?: number; reminderIntervalMs?: number }) {
    const dispatcher = new WebhookDispatcher({ db: app.db, ctx: app.ctx, log: app.log }, opts.pollMs ?? 15_000);
    const sweepReminders = async () => {
      for (const h of await app.db.selectFrom('halls').select('id').execute()) {
        await app.run(async (trx) => ({ result: null, events: await queueAppointmentReminders(trx, app.ctx, h.id) }));
      }
    };
    app.decorate('webhooks', { dispatcher, sweepReminders });
    app.onCommitted((events) => {
      if (events.some((e) => e.type === 'webhook')) void dispatcher.kick();
    });
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      dispatcher.start();
      const every = opts.reminderIntervalMs ?? 10 * 60_000;
      if (every > 0) {
        timer = setInterval(() => {
          if (app.leader.isLeader()) sweepReminders().catch((err) => app.log.error({ err }, 'appointment reminder sweep failed'));
        }, every);
        timer.unref();
      }
    });
    app.addHook('preClose', async () => {
      clearInterval(timer);
      await dispatcher.stop();
    });
  },
  { name: 'webhooks', dependencies: ['core', 'leader'] },
);
