import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Line, Text } from '../../protocol/text.ts';
import { Rating } from '../../protocol/services.ts';
import { requireDevice, requireHallRole, requireOneOf, requireRole } from '../plugins/auth.ts';
import { closeFollowUp, listRatings, rateableAt, rateTicket } from '../services/ratings.ts';
import { TicketKeyHeader, ticketKey } from './ticket-key.ts';
import { errors } from './errors.ts';
import { idempotent } from './idempotency.ts';

const ratings: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/tickets/:id/rating', {
    config: { scope: { ticket: 'params.id' } },
    preHandler: requireOneOf('ticketKey', 'device'),
    schema: {
      tags: ['rating'],
      summary: "好差评: rate a served ticket once (5 非常满意 … 1 非常不满意; 2 and 1 open a follow-up): its holder (X-Ticket-Key, the secret in the ticket's QR), or the window's evaluator device for the ticket it just completed",
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 128 })), ...TicketKeyHeader.properties }),
      body: Type.Object(
        {
          score: Type.Integer({ minimum: 1, maximum: 5 }),
          tags: Type.Optional(Type.Array(Line({ minLength: 1, maxLength: 20 }), { maxItems: 10 })),
          comment: Type.Optional(Text({ maxLength: 500 })),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ id: Type.String(), score: Type.Integer(), label: Type.String() }), ...errors(400, 403, 404, 409) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => rateTicket(trx, app.ctx, req.actor, req.params.id, ticketKey(req), req.body)));

  app.get('/api/windows/:windowId/rateable', {
    config: { scope: { window: 'params.windowId' } },
    preHandler: requireDevice,
    schema: {
      tags: ['rating'],
      summary: "The window's evaluator (X-Device-Token of an evaluator, display or agent bound to the window): the ticket it just completed, to rate; 204 when none (or already rated)",
      params: Type.Object({ windowId: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 200: Type.Object({ ticketId: Type.String(), number: Type.String(), completedAt: Type.String() }), 204: Type.Null(), ...errors(400, 401, 403) },
    },
  }, async (req, reply) => {
    const r = await rateableAt(app.db, app.ctx, req.actor, req.params.windowId);
    return r ?? reply.status(204).send(null);
  });

  app.get('/api/halls/:hallId/ratings', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: {
      tags: ['rating'],
      summary: 'Ratings of the hall, newest first; followUp=open lists the 差评 still to follow up',
      params: Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) }),
      querystring: Type.Object({
        followUp: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
        date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a service day (hall time)' })),
      }),
      response: { 200: Type.Array(Rating), ...errors(400, 401, 403) },
    },
  }, async (req) => listRatings(app.db, app.ctx, req.params.hallId, req.query));

  app.post('/api/ratings/:id/follow-up', {
    config: { scope: { rating: 'params.id' } },
    preHandler: requireRole('manager'),
    schema: {
      tags: ['rating'],
      summary: '差评整改: record the call-back and the fix; closes the follow-up',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      body: Type.Object({ result: Text({ minLength: 2, maxLength: 1000 }) }, { additionalProperties: false }),
      response: { 200: Rating, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => closeFollowUp(trx, app.ctx, req.actor, req.params.id, req.body.result)));
};

export default ratings;
