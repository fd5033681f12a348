import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { validatorCompiler } from './http/validation.ts';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import { loggerOptions } from './log.ts';
import { systemClock, type Clock } from './clock.ts';
import core from './plugins/core.ts';
import auth from './plugins/auth.ts';
import scope from './plugins/scope.ts';
import rateLimit from './plugins/rate-limit.ts';
import dayEnd from './plugins/day-end.ts';
import leader from './plugins/leader.ts';
import oversight from './plugins/oversight.ts';
import oversightRoutes from './http/oversight.ts';
import bundleRoutes from './http/bundles.ts';
import ui from './plugins/ui.ts';
import securityHeaders from './plugins/security-headers.ts';
import realtime from './realtime/index.ts';
import printing from './plugins/printing.ts';
import webhooks from './plugins/webhooks.ts';
import voiceRoutes from './http/voice.ts';
import webhookRoutes from './http/webhooks.ts';
import backup from './plugins/backup.ts';
import type { SpoolOptions } from './printing/spool.ts';
import healthRoutes from './http/health.ts';
import printingRoutes from './http/printing.ts';
import caseRoutes from './http/cases.ts';
import ratingRoutes from './http/ratings.ts';
import appointmentRoutes from './http/appointments.ts';
import agentRoutes from './http/agent.ts';
import adminRoutes from './http/admin.ts';
import hallConfigRoutes from './http/hall-config.ts';
import calendarRoutes from './http/calendar.ts';
import { installErrorHandler } from './http/errors.ts';
import hallRoutes from './http/halls.ts';
import ticketRoutes from './http/tickets.ts';
import windowRoutes from './http/windows.ts';
import staffRoutes from './http/staff.ts';
import regionRoutes from './http/regions.ts';
import proxyCaseRoutes from './http/proxy-cases.ts';
import reviewRoutes from './http/reviews.ts';
import complaintRoutes from './http/complaints.ts';

export interface BuildOptions {
  clock?: Clock;
  idHashKey?: Buffer;
  /** pino options, or false for silence (tests). Requests are logged with their URLs redacted (server/log.ts). */
  logger?: boolean | Record<string, unknown>;
  dayEndIntervalMs?: number;
  /** How often to check for today's backup; 0: never on its own (tests call app.dailyBackup()). */
  backupIntervalMs?: number;
  /** Webhook dispatcher poll (retries that came due) and the appointment-reminder sweep; 0: off. */
  webhooks?: { pollMs?: number; reminderIntervalMs?: number };
  spool?: Partial<SpoolOptions>;
  /** How often the leader checks 进厅不办事 / 效能监察 alerts; 0: never on its own (tests call app.evaluateAlerts()). */
  alertsIntervalMs?: number;
}

/** buildApp(config) -> a ready-to-listen Fastify instance; main.ts only listens and closes. */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(opts.logger ?? { level: config.logLevel }),
    bodyLimit: 64 * 1024,
    trustProxy: false,
    // Malformed URLs (bad %-escapes, over-long parameters) answer in the contract's error shape too.
    frameworkErrors: (err, _req, res) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void (res as FastifyReply).status(tooLong ? 414 : 400).send({ error: { code: tooLong ? 'URL_TOO_LONG' : 'BAD_URL', message: '请求地址无效' } });
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);

  installErrorHandler(app);
  await app.register(securityHeaders);
  await app.register(swagger, {
    openapi: {
      info: { title: 'hallq API', version: '0.1.0', description: 'Queue-and-kiosk system for government service halls (政务服务中心)' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          device: { type: 'apiKey', in: 'header', name: 'X-Device-Token' },
          ticketKey: { type: 'apiKey', in: 'header', name: 'X-Ticket-Key', description: "the secret in a ticket's QR" },
          pickupCode: { type: 'apiKey', in: 'header', name: 'X-Pickup-Code', description: "the code on a case's pickup slip" },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(core, { config, clock: opts.clock ?? systemClock, idHashKey: opts.idHashKey });
  await app.register(auth);
  await app.register(scope);
  await app.register(rateLimit);
  await app.register(realtime);
  await app.register(leader);
  await app.register(dayEnd, { intervalMs: opts.dayEndIntervalMs ?? 60_000 });
  await app.register(oversight, { intervalMs: opts.alertsIntervalMs ?? 30_000 });
  await app.register(printing, { spool: opts.spool });
  await app.register(webhooks, opts.webhooks ?? {});
  await app.register(backup, { keep: config.backupKeep, intervalMs: opts.backupIntervalMs ?? 3600_000 });

  await app.register(healthRoutes);
  await app.register(hallRoutes);
  await app.register(ticketRoutes);
  await app.register(windowRoutes);
  await app.register(staffRoutes);
  await app.register(printingRoutes);
  await app.register(caseRoutes);
  await app.register(ratingRoutes);
  await app.register(appointmentRoutes);
  await app.register(agentRoutes);
  await app.register(adminRoutes);
  await app.register(hallConfigRoutes);
  await app.register(calendarRoutes);
  await app.register(regionRoutes);
  await app.register(proxyCaseRoutes);
  await app.register(reviewRoutes);
  await app.register(complaintRoutes);
  await app.register(oversightRoutes);
  await app.register(bundleRoutes);
  await app.register(voiceRoutes);
  await app.register(webhookRoutes);
  if (config.serveUi) await app.register(ui);
  return app;
}
