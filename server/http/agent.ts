import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Text } from '../../protocol/text.ts';
import { agentPrinterAt, agentQueue, claimJobs, nextDue, reportJob } from '../services/agent-jobs.ts';
import { requireDevice } from '../plugins/auth.ts';
import { errors } from './errors.ts';
import { JobReportBody, PrinterStateSchema } from '../../protocol/agent-schemas.ts';


/**
 * The device agent's side of printing over HTTP: claim jobs (long poll), report results and printer
 * state. An agent connected over socket.io gets its jobs pushed there (realtime/agent-jobs.ts) and
 * uses these only while its socket is down.
 */
const agent: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/agent/claim', {
    config: { scope: { self: true } },
    preHandler: requireDevice,
    schema: {
      tags: ['agent'],
      summary: 'Claim the print jobs addressed to this agent; waits up to waitMs for one to arrive',
      querystring: Type.Object({ waitMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 30_000 })) }),
      response: { 200: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), payload: Type.String({ contentEncoding: 'base64' }), attempt: Type.Integer({ minimum: 1, description: 'the hand-out number: the agent prints each (id, attempt) once' }) })), ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const queue = agentQueue(req.actor);
    // Wake for a new job, or when a job waiting for its retry falls due, whichever is first.
    const due = await nextDue(app.db, req.actor);
    const untilDue = due === null ? Infinity : Math.max(0, due - app.ctx.clock.now());
    const waiter = app.agentInbox.wait(queue, Math.min(req.query.waitMs ?? 0, untilDue + 5));
    try {
      const jobs = await app.run((trx) => claimJobs(trx, app.ctx, req.actor, app.spool.opts));
      if (jobs.length > 0 || !req.query.waitMs) return jobs;
      await waiter.done;
      // The agent gave up waiting (stopped, or its socket took over): claim nothing it would never receive.
      if (req.raw.socket?.destroyed) return [];
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
      body: JobReportBody,
      response: { 200: Type.Object({ id: Type.String(), status: Type.String() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => app.run((trx) => reportJob(trx, app.ctx, req.actor, req.params.id, req.body, app.spool.opts)));

  app.post('/api/agent/printer', {
    config: { scope: { self: true } },
    preHandler: requireDevice,
    schema: {
      tags: ['agent'],
      summary: "The agent's printer state (sent on change and now and then): kiosks and managers see it",
      body: Type.Object({ state: PrinterStateSchema, detail: Type.Optional(Text({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errors(400, 401, 403) },
    },
  }, async (req, reply) => {
    await app.spool.record(agentPrinterAt(req.actor), req.body.state, null, req.body.detail);
    return reply.status(204).send(null);
  });
};

export default agent;
