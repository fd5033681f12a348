import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Line } from '../../protocol/text.ts';
import { Ticket } from '../../protocol/schemas.ts';
import { PrintJob } from '../../protocol/services.ts';
import { requireHallRole, requireOneOf } from '../plugins/auth.ts';
import { hallPrintSettings, listPrintJobs, renderTicketBytes, reprintTicket, setPrintSettings } from '../services/printing.ts';
import { notFound } from '../domain/errors.ts';
import { findTicket, getTicketFor } from '../services/tickets.ts';
import { holdsKey } from '../services/ticket-keys.ts';
import { TicketKeyHeader, ticketKey } from './ticket-key.ts';
import { errors } from './errors.ts';
import { ctxFor } from './public-url.ts';
import { idempotent } from './idempotency.ts';

const printing: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/tickets/:id/receipt', {
    config: { scope: { ticket: 'params.id' } },
    preHandler: requireOneOf('ticketKey', 'bearer', 'device'),
    schema: {
      tags: ['printing'],
      summary: 'The ticket receipt as raw ESC/POS bytes (the UIs decode it for a "virtual printer" preview): its holder, staff or a device of its hall',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      headers: TicketKeyHeader,
      querystring: Type.Object({ width: Type.Optional(Type.Union([Type.Literal(58), Type.Literal(80)])) }),
      response: { ...errors(400, 403, 404) },
    },
  }, async (req, reply) => {
    const key = ticketKey(req);
    const bytes = await app.db.transaction().execute(async (trx) => {
      const t = await getTicketFor(trx, app.ctx, req.actor, req.params.id, key);
      // The holder sees the QR they hold; staff and devices a QR without the secret.
      return renderTicketBytes(trx, ctxFor(app, req), holdsKey(await findTicket(trx, t.id), key) ? { ...t, key } : t, req.query.width ?? 80);
    });
    // A Buffer skips the JSON serializer; the schema only documents the error shapes.
    return reply.type('application/octet-stream').send(Buffer.from(bytes) as never);
  });

  app.post('/api/tickets/:id/reprint', {
    config: { scope: { ticket: 'params.id' } },
    schema: {
      tags: ['printing'],
      summary: '补打: print the ticket again on this kiosk (X-Device-Token of a kiosk)',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 201: Type.Object({ ticket: Ticket, jobId: Type.String() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => reprintTicket(trx, ctxFor(app, req), req.actor, req.params.id)));

  const Lines = Type.Array(Line({ minLength: 1, maxLength: 60 }), { maxItems: 8 });
  const PrintSettings = Type.Object(
    { header: Type.Optional(Lines), footer: Type.Optional(Lines), logoText: Type.Optional(Line({ maxLength: 12 })), notices: Type.Optional(Lines), rules: Type.Optional(Lines) },
    { additionalProperties: false },
  );

  app.get('/api/halls/:hallId/print-settings', {
    config: { scope: { hall: 'params.hallId' } },
    schema: {
      tags: ['printing'],
      summary: "The hall's receipt texts",
      params: Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 200: Type.Intersect([PrintSettings, Type.Object({ hallName: Type.String() })]), ...errors(400, 404) },
    },
  }, async (req) => {
    const hall = await app.db.selectFrom('halls').select('id').where('id', '=', req.params.hallId).executeTakeFirst();
    if (!hall) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${req.params.hallId}`);
    return hallPrintSettings(app.db, hall.id);
  });

  app.put('/api/halls/:hallId/print-settings', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('admin'),
    schema: {
      tags: ['printing'],
      summary: 'Set the receipt texts of the hall: header, footer, logo text, notices, ticket rules',
      params: Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) }),
      body: PrintSettings,
      response: { 200: Type.Intersect([PrintSettings, Type.Object({ hallName: Type.String() })]), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => setPrintSettings(trx, app.ctx, req.actor, req.params.hallId, req.body)));

  app.get('/api/halls/:hallId/print-jobs', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: {
      tags: ['printing'],
      summary: 'Recent print jobs of the hall (pending, sent, done, failed)',
      params: Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) }),
      querystring: Type.Object({ status: Type.Optional(Type.Union(['pending', 'sent', 'done', 'failed'].map((s) => Type.Literal(s)))), ticketId: Type.Optional(Type.String({ maxLength: 64 })) }),
      response: { 200: Type.Array(PrintJob), ...errors(400, 401, 403) },
    },
  }, async (req) => listPrintJobs(app.db, req.params.hallId, req.query));
};

export default printing;
