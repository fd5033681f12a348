import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IssueTicketBody, Ticket } from '../../protocol/schemas.ts';
import { requireOneOf, requireStaffOrDevice } from '../plugins/auth.ts';
import { getTicketFor, issueTicket } from '../services/tickets.ts';
import { TicketKeyHeader, ticketKey } from './ticket-key.ts';
import { queueTicketPrint } from '../services/printing.ts';
import { cancelTicket, requeueNoShow } from '../services/windows.ts';
import { errors } from './errors.ts';
import { ctxFor } from './public-url.ts';
import { idempotent } from './idempotency.ts';

const IdemHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 128 })) });

const tickets: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/halls/:hallId/tickets', {
    config: { scope: { hall: 'params.hallId' } },
    schema: {
      tags: ['ticket'],
      summary: 'Take a number (取号). With a kiosk token the ticket prints on that kiosk.',
      params: Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) }),
      headers: IdemHeader,
      body: IssueTicketBody,
      response: { 200: Ticket, 201: Ticket, ...errors(400, 401, 403, 404, 409, 413, 429) },
    },
  }, async (req, reply) =>
    idempotent(app, req, reply, 201, async (trx) => {
      const issued = await issueTicket(trx, app.ctx, req.actor, { hallId: req.params.hallId, ...req.body });
      // Same transaction: the ticket and its print job commit together, or neither does.
      const job = await queueTicketPrint(trx, ctxFor(app, req), req.actor, issued.result);
      if (!job) return issued;
      return { result: { ...issued.result, printJobId: job.jobId }, events: [...issued.events, job.event] };
    }));

  app.get('/api/tickets/:id', {
    config: { scope: { ticket: 'params.id' } },
    preHandler: requireOneOf('ticketKey', 'bearer', 'device'),
    schema: {
      tags: ['ticket'],
      summary: "A ticket, for its holder (X-Ticket-Key: the secret in the ticket's QR; the mobile ticket page), staff or a device of its hall",
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      headers: TicketKeyHeader,
      response: { 200: Ticket, ...errors(400, 403, 404) },
    },
  }, async (req) => app.db.transaction().execute((trx) => getTicketFor(trx, app.ctx, req.actor, req.params.id, ticketKey(req))));

  app.post('/api/tickets/:id/cancel', {
    config: { scope: { ticket: 'params.id' } },
    preHandler: requireOneOf('ticketKey', 'bearer'),
    schema: {
      tags: ['ticket'],
      summary: "取消: give up a waiting (or suspended) ticket: its holder (X-Ticket-Key) or staff of its hall",
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      headers: Type.Object({ ...IdemHeader.properties, ...TicketKeyHeader.properties }),
      response: { 200: Type.Object({ ticket: Ticket }), ...errors(400, 403, 404, 409) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => cancelTicket(trx, app.ctx, req.actor, req.params.id, ticketKey(req))));

  app.post('/api/tickets/:id/requeue', {
    config: { scope: { ticket: 'params.id' } },
    preHandler: requireStaffOrDevice,
    schema: {
      tags: ['ticket'],
      summary: '过号重排: a no-show who came back waits again, after a configured number of tickets',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 200: Type.Object({ ticket: Ticket }), ...errors(400, 401, 404, 409) },
    },
  }, async (req) => app.run((trx) => requeueNoShow(trx, app.ctx, req.actor, req.params.id)));
};

export default tickets;
