import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Text } from '../../protocol/text.ts';
import { agentQueue, claimJobs, reportJob } from '../services/agent-jobs.ts';
import { requireDevice } from '../plugins/auth.ts';
import { errors } from './errors.ts';

const PRINTER_STATES = ['ok', 'paper_near_end', 'paper_out', 'cover_open', 'offline', 'error', 'unknown', 'unreachable'];

/** The device agent's side of printing: claim jobs (long poll), report results and printer state. */
const agent: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/agent/claim', {
    config: { scope: { self: true } },
    preHandler: requireDevice,
    schema: {
      tags: ['agent'],
      summary: 'Claim the print jobs addressed to this agent; waits up to waitMs for one to arrive',
      querystring: Type.Object({ waitMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 30_000 })) }),
      response: { 200: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), payload: Type.String({ contentEncoding: 'base64' }) })), ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const queue = agentQueue(req.actor);
    // Wake for a new job, or when a job waiting for its retry falls due, whichever is first.
    const due = await app.db.selectFrom('print_jobs').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('printer_uri', '=', queue).where('status', '=', 'pending').executeTakeFirst();
    const untilDue = due?.at === null || due?.at === undefined ? Infinity : Math.max(0, Number(due.at) - app.ctx.clock.now());
    const waiter = app.agentInbox.wait(queue, Math.min(req.query.waitMs ?? 0, untilDue + 5));
    try {
      const jobs = await app.run((trx) => claimJobs(trx, app.ctx, req.actor, app.spool.opts));
      if (jobs.length > 0 || !req.query.waitMs) return jobs;
      await waiter.done;
      return await app.run((trx) => claimJobs(trx, app.ctx, req.actor, app.spool.opts));
    } finally {
      waiter.cancel();
    }
  });

  app.post('/api/agent/jobs/:id/result', {
    config: { scope: { printJob: 'params.id' } },
    preHandler: requireDevice,
    schema: {
      tags: ['agent'],
      summary: 'Report whether a claimed job printed: ok only when the printer confirmed after its bytes',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      body: Type.Object(
        { ok: Type.Boolean(), written: Type.Optional(Type.Boolean({ description: 'false: nothing reached the printer (not ready), so the next copy needs no 补打 mark' })), error: Type.Optional(Text({ maxLength: 500 })), printerState: Type.Optional(Type.Union(PRINTER_STATES.map((s) => Type.Literal(s)))) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ id: Type.String(), status: Type.String() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => app.run((trx) => reportJob(trx, app.ctx, req.actor, req.params.id, req.body, app.spool.opts)));

  app.post('/api/agent/printer', {
    config: { scope: { self: true } },
    preHandler: requireDevice,
    schema: {
      tags: ['agent'],
      summary: "The agent's printer state (sent on change and now and then): kiosks and managers see it",
      body: Type.Object({ state: Type.Union(PRINTER_STATES.map((s) => Type.Literal(s))), detail: Type.Optional(Text({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errors(400, 401, 403) },
    },
  }, async (req, reply) => {
    const queue = agentQueue(req.actor);
    const windowId = queue.startsWith('agent:window:') ? queue.slice('agent:window:'.length) : null;
    await app.spool.record({ hall_id: req.actor.hallId!, printer_uri: queue, device_id: windowId ? null : req.actor.deviceId!, window_id: windowId }, req.body.state, null, req.body.detail);
    return reply.status(204).send(null);
  });
};

export default agent;
