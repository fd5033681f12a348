import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Ticket } from '../../protocol/schemas.ts';
import { PrintJob } from '../../protocol/services.ts';
import { requireHallRole } from '../plugins/auth.ts';
import { listPrintJobs, renderTicketBytes, reprintTicket } from '../services/printing.ts';
import { getTicket } from '../services/tickets.ts';
import { errors } from './errors.ts';
import { idempotent } from './idempotency.ts';

const printing: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/tickets/:id/receipt', {
    schema: {
      tags: ['printing'],
      summary: 'The ticket receipt as raw ESC/POS bytes (the UIs decode it for a "virtual printer" preview)',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      querystring: Type.Object({ width: Type.Optional(Type.Union([Type.Literal(58), Type.Literal(80)])) }),
      response: { ...errors(400, 404) },
    },
  }, async (req, reply) => {
    const bytes = await app.db.transaction().execute(async (trx) => renderTicketBytes(trx, app.ctx, await getTicket(trx, app.ctx, req.params.id), req.query.width ?? 80));
    // A Buffer skips the JSON serializer; the schema only documents the error shapes.
    return reply.type('application/octet-stream').send(Buffer.from(bytes) as never);
  });

  app.post('/api/tickets/:id/reprint', {
    schema: {
      tags: ['printing'],
      summary: '补打: print the ticket again on this kiosk (X-Device-Token of a kiosk)',
      security: [{ device: [] }],
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 201: Type.Object({ ticket: Ticket, jobId: Type.String() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => reprintTicket(trx, app.ctx, req.actor, req.params.id)));

  app.get('/api/halls/:hallId/print-jobs', {
    preHandler: requireHallRole('manager'),
    schema: {
      tags: ['printing'],
      summary: 'Recent print jobs of the hall (pending, sent, done, failed)',
      security: [{ bearer: [] }],
      params: Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) }),
      querystring: Type.Object({ status: Type.Optional(Type.Union(['pending', 'sent', 'done', 'failed'].map((s) => Type.Literal(s)))), ticketId: Type.Optional(Type.String({ maxLength: 64 })) }),
      response: { 200: Type.Array(PrintJob), ...errors(400, 401, 403) },
    },
  }, async (req) => listPrintJobs(app.db, req.params.hallId, req.query));
};

export default printing;
